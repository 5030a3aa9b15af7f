using Tempo.Grains.Interfaces;
using Tempo.Grains.Interfaces.Paging;
using Tempo.Grains.Interfaces.Schemes;

namespace Tempo.Grains.Schemes;

[GrainType("schemes")]
public sealed class SchemesGrain(
    [PersistentState("schemeDefinitions", StorageNames.Default)] IPersistentState<SchemesState> state) : Grain, ISchemesGrain
{
    private MemberLists _members = null!;
    private SchemesState? _indexed;
    private ImmutableDictionary<int, ImmutableArray<Holiday>> _holidaysByScheme = ImmutableDictionary<int, ImmutableArray<Holiday>>.Empty;

    private SchemesState S => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _members = new MemberLists(GrainFactory, TenantId.FromKey(this.GetPrimaryKeyString(), SchemesGrainKeys.Kind).Tenant);
        return Task.CompletedTask;
    }

    // ---- Workload schemes --------------------------------------------------------------------------------------

    public async Task<Page<WorkloadSchemeView>> ListWorkloadSchemesAsync(PageRequest page)
    {
        var schemes = page.Of(S.WorkloadSchemes.Values);
        var views = await Task.WhenAll(schemes.Items.Select(WorkloadViewAsync));
        return new Page<WorkloadSchemeView>([.. views], schemes.HasMore);
    }

    public async Task<WorkloadSchemeView?> GetWorkloadSchemeAsync(int id) =>
        S.WorkloadSchemes.TryGetValue(id, out var scheme) ? await WorkloadViewAsync(scheme) : null;

    public async Task<GrainResult<WorkloadSchemeView>> CreateWorkloadSchemeAsync(WorkloadSchemeInput input)
    {
        if (WorkloadProblem(input, id: null) is { } problem)
        {
            return GrainResult<WorkloadSchemeView>.Invalid(problem);
        }

        var scheme = new WorkloadScheme(S.LastWorkloadSchemeId + 1, input.Name, input.Description, input.DaySeconds);
        await CommitAsync(S with { WorkloadSchemes = S.WorkloadSchemes.Add(scheme.Id, scheme), LastWorkloadSchemeId = scheme.Id });
        return GrainResult<WorkloadSchemeView>.Ok(new WorkloadSchemeView(scheme, Default: false, MemberCount: 0));
    }

    public async Task<GrainResult<WorkloadSchemeView>> UpdateWorkloadSchemeAsync(int id, WorkloadSchemeInput input)
    {
        if (!S.WorkloadSchemes.ContainsKey(id))
        {
            return GrainResult<WorkloadSchemeView>.NotFound(WorkloadNotFound(id));
        }

        if (WorkloadProblem(input, id) is { } problem)
        {
            return GrainResult<WorkloadSchemeView>.Invalid(problem);
        }

        var scheme = new WorkloadScheme(id, input.Name, input.Description, input.DaySeconds);
        await CommitAsync(S with { WorkloadSchemes = S.WorkloadSchemes.SetItem(id, scheme) });
        return GrainResult<WorkloadSchemeView>.Ok(await WorkloadViewAsync(scheme));
    }

    public async Task<GrainResult<WorkloadSchemeView>> SetDefaultWorkloadSchemeAsync(int id)
    {
        if (!S.WorkloadSchemes.TryGetValue(id, out var scheme))
        {
            return GrainResult<WorkloadSchemeView>.NotFound(WorkloadNotFound(id));
        }

        if (S.DefaultWorkloadSchemeId != id)
        {
            await CommitAsync(S with { DefaultWorkloadSchemeId = id });
        }

        return GrainResult<WorkloadSchemeView>.Ok(await WorkloadViewAsync(scheme));
    }

    public async Task<GrainResult<bool>> DeleteWorkloadSchemeAsync(int id)
    {
        if (!S.WorkloadSchemes.ContainsKey(id))
        {
            return GrainResult<bool>.NotFound(WorkloadNotFound(id));
        }

        if (S.DefaultWorkloadSchemeId == id)
        {
            return GrainResult<bool>.Invalid($"Workload scheme '{id}' is the default scheme and can't be deleted: make another scheme the default first.");
        }

        await CommitAsync(S with { WorkloadSchemes = S.WorkloadSchemes.Remove(id) });
        await _members.MoveAllAsync(SchemeKind.Workload, id, S.DefaultWorkloadSchemeId);
        return GrainResult.Done;
    }

    public async Task<WorkloadSchemeView> GetUserWorkloadSchemeAsync(string accountId)
    {
        var placement = (await _members.User(accountId).GetPlacementsAsync()).Workload;
        return await WorkloadViewAsync(EffectiveWorkload(placement?.SchemeId));
    }

    // ---- Holiday schemes ---------------------------------------------------------------------------------------

    public async Task<ImmutableArray<HolidaySchemeView>> ListHolidaySchemesAsync() =>
        [.. await Task.WhenAll(S.HolidaySchemes.Values.Select(HolidayViewAsync))];

    public async Task<HolidaySchemeView?> GetHolidaySchemeAsync(int id) =>
        S.HolidaySchemes.TryGetValue(id, out var scheme) ? await HolidayViewAsync(scheme) : null;

    public async Task<GrainResult<HolidaySchemeView>> CreateHolidaySchemeAsync(HolidaySchemeInput input)
    {
        if (HolidaySchemeNameTaken(input.Name, id: null))
        {
            return GrainResult<HolidaySchemeView>.Invalid(NameTaken("Holiday", input.Name));
        }

        var scheme = new HolidayScheme(S.LastHolidaySchemeId + 1, input.Name, input.Description);
        await CommitAsync(S with { HolidaySchemes = S.HolidaySchemes.Add(scheme.Id, scheme), LastHolidaySchemeId = scheme.Id });
        return GrainResult<HolidaySchemeView>.Ok(new HolidaySchemeView(scheme, Default: false, MemberCount: 0));
    }

    public async Task<GrainResult<HolidaySchemeView>> UpdateHolidaySchemeAsync(int id, HolidaySchemeInput input)
    {
        if (!S.HolidaySchemes.ContainsKey(id))
        {
            return GrainResult<HolidaySchemeView>.NotFound(HolidaySchemeNotFound(id));
        }

        if (HolidaySchemeNameTaken(input.Name, id))
        {
            return GrainResult<HolidaySchemeView>.Invalid(NameTaken("Holiday", input.Name));
        }

        var scheme = new HolidayScheme(id, input.Name, input.Description);
        await CommitAsync(S with { HolidaySchemes = S.HolidaySchemes.SetItem(id, scheme) });
        return GrainResult<HolidaySchemeView>.Ok(await HolidayViewAsync(scheme));
    }

    public async Task<GrainResult<HolidaySchemeView>> SetDefaultHolidaySchemeAsync(int id)
    {
        if (!S.HolidaySchemes.TryGetValue(id, out var scheme))
        {
            return GrainResult<HolidaySchemeView>.NotFound(HolidaySchemeNotFound(id));
        }

        if (S.DefaultHolidaySchemeId != id)
        {
            await CommitAsync(S with { DefaultHolidaySchemeId = id });
        }

        return GrainResult<HolidaySchemeView>.Ok(await HolidayViewAsync(scheme));
    }

    public async Task<GrainResult<bool>> DeleteHolidaySchemeAsync(int id)
    {
        if (!S.HolidaySchemes.ContainsKey(id))
        {
            return GrainResult<bool>.NotFound(HolidaySchemeNotFound(id));
        }

        if (S.DefaultHolidaySchemeId == id)
        {
            return GrainResult<bool>.Invalid($"Holiday scheme '{id}' is the default scheme and can't be deleted: make another scheme the default first.");
        }

        var holidays = S.Holidays.Values.Where(h => h.SchemeId == id).Select(h => h.Id);
        await CommitAsync(S with { HolidaySchemes = S.HolidaySchemes.Remove(id), Holidays = S.Holidays.RemoveRange(holidays) });
        await _members.MoveAllAsync(SchemeKind.Holiday, id, S.DefaultHolidaySchemeId);
        return GrainResult.Done;
    }

    public async Task<HolidaySchemeView> GetUserHolidaySchemeAsync(string accountId)
    {
        var placement = (await _members.User(accountId).GetPlacementsAsync()).Holiday;
        return await HolidayViewAsync(EffectiveHolidayScheme(placement?.SchemeId));
    }

    // ---- Holidays ----------------------------------------------------------------------------------------------

    public Task<GrainResult<ImmutableArray<Holiday>>> GetHolidaysInYearAsync(int schemeId, int year) =>
        Task.FromResult(S.HolidaySchemes.ContainsKey(schemeId)
            ? GrainResult<ImmutableArray<Holiday>>.Ok(ScheduleRules.InYear(HolidaysOf(schemeId), year))
            : GrainResult<ImmutableArray<Holiday>>.NotFound(HolidaySchemeNotFound(schemeId)));

    public Task<GrainResult<ImmutableArray<Holiday>>> GetFloatingHolidaysAsync(int schemeId) =>
        Task.FromResult(S.HolidaySchemes.ContainsKey(schemeId)
            ? GrainResult<ImmutableArray<Holiday>>.Ok([.. HolidaysOf(schemeId).Where(h => h.Type == HolidayType.Floating).OrderBy(h => h.Date).ThenBy(h => h.Id)])
            : GrainResult<ImmutableArray<Holiday>>.NotFound(HolidaySchemeNotFound(schemeId)));

    public Task<GrainResult<Holiday>> GetHolidayAsync(int schemeId, int holidayId) =>
        Task.FromResult(FindHoliday(schemeId, holidayId, out var holiday) is { } missing ? missing : GrainResult<Holiday>.Ok(holiday!));

    public async Task<GrainResult<Holiday>> CreateHolidayAsync(int schemeId, HolidayInput input)
    {
        if (!S.HolidaySchemes.ContainsKey(schemeId))
        {
            return GrainResult<Holiday>.NotFound(HolidaySchemeNotFound(schemeId));
        }

        var holiday = new Holiday(S.LastHolidayId + 1, schemeId, input.Name, input.Description, input.Type, input.Date, input.DurationSeconds);
        await CommitAsync(S with { Holidays = S.Holidays.Add(holiday.Id, holiday), LastHolidayId = holiday.Id });
        return GrainResult<Holiday>.Ok(holiday);
    }

    public async Task<GrainResult<Holiday>> UpdateHolidayAsync(int schemeId, int holidayId, HolidayInput input)
    {
        if (FindHoliday(schemeId, holidayId, out _) is { } missing)
        {
            return missing;
        }

        var holiday = new Holiday(holidayId, schemeId, input.Name, input.Description, input.Type, input.Date, input.DurationSeconds);
        await CommitAsync(S with { Holidays = S.Holidays.SetItem(holidayId, holiday) });
        return GrainResult<Holiday>.Ok(holiday);
    }

    public async Task<GrainResult<bool>> DeleteHolidayAsync(int schemeId, int holidayId)
    {
        if (FindHoliday(schemeId, holidayId, out _) is { } missing)
        {
            return missing.As<bool>();
        }

        await CommitAsync(S with { Holidays = S.Holidays.Remove(holidayId) });
        return GrainResult.Done;
    }

    // ---- Members -----------------------------------------------------------------------------------------------

    public async Task<GrainResult<bool>> AssignMembersAsync(SchemeKind kind, int schemeId, ImmutableArray<string> accountIds)
    {
        if (!Exists(kind, schemeId))
        {
            return GrainResult<bool>.NotFound(NotFound(kind, schemeId));
        }

        await _members.MoveAsync(kind, schemeId, accountIds.IsDefault ? [] : accountIds);
        return GrainResult.Done;
    }

    public async Task<GrainResult<Page<string>>> GetMembersAsync(SchemeKind kind, int schemeId, PageRequest page)
    {
        if (!Exists(kind, schemeId))
        {
            return GrainResult<Page<string>>.NotFound(NotFound(kind, schemeId));
        }

        var members = await _members.PageAsync(kind, [schemeId], page);
        return GrainResult<Page<string>>.Ok(new Page<string>([.. members.Items.Select(m => m.AccountId)], members.HasMore));
    }

    public Task<Page<SchemeMember>> SearchMembersAsync(SchemeKind kind, ImmutableArray<int> schemeIds, PageRequest page) =>
        _members.PageAsync(kind, [.. (schemeIds.IsDefault ? [] : schemeIds).Distinct().Where(id => Exists(kind, id))], page);

    // ---- Schedules ---------------------------------------------------------------------------------------------

    public Task<ScheduleBasis> GetScheduleBasisAsync(int? workloadSchemeId, int? holidaySchemeId)
    {
        var holidays = EffectiveHolidayScheme(holidaySchemeId);
        return Task.FromResult(new ScheduleBasis(EffectiveWorkload(workloadSchemeId), holidays.Id, HolidaysOf(holidays.Id)));
    }

    // ---- Helpers -----------------------------------------------------------------------------------------------

    private WorkloadScheme EffectiveWorkload(int? id) =>
        id is { } i && S.WorkloadSchemes.TryGetValue(i, out var scheme) ? scheme : S.WorkloadSchemes[S.DefaultWorkloadSchemeId];

    private HolidayScheme EffectiveHolidayScheme(int? id) =>
        id is { } i && S.HolidaySchemes.TryGetValue(i, out var scheme) ? scheme : S.HolidaySchemes[S.DefaultHolidaySchemeId];

    private async Task<WorkloadSchemeView> WorkloadViewAsync(WorkloadScheme scheme) =>
        new(scheme, scheme.Id == S.DefaultWorkloadSchemeId, await _members.CountAsync(SchemeKind.Workload, scheme.Id));

    private async Task<HolidaySchemeView> HolidayViewAsync(HolidayScheme scheme) =>
        new(scheme, scheme.Id == S.DefaultHolidaySchemeId, (int)await _members.CountAsync(SchemeKind.Holiday, scheme.Id));

    private bool Exists(SchemeKind kind, int id) =>
        kind == SchemeKind.Workload ? S.WorkloadSchemes.ContainsKey(id) : S.HolidaySchemes.ContainsKey(id);

    private string? WorkloadProblem(WorkloadSchemeInput input, int? id) =>
        ScheduleRules.DaySecondsProblem(input.DaySeconds)
        ?? (S.WorkloadSchemes.Values.Any(s => s.Id != id && SameName(s.Name, input.Name)) ? NameTaken("Workload", input.Name) : null);

    private bool HolidaySchemeNameTaken(string name, int? id) => S.HolidaySchemes.Values.Any(s => s.Id != id && SameName(s.Name, name));

    private GrainResult<Holiday>? FindHoliday(int schemeId, int holidayId, out Holiday? holiday)
    {
        holiday = null;
        if (!S.HolidaySchemes.ContainsKey(schemeId))
        {
            return GrainResult<Holiday>.NotFound(HolidaySchemeNotFound(schemeId));
        }

        if (!S.Holidays.TryGetValue(holidayId, out holiday) || holiday.SchemeId != schemeId)
        {
            holiday = null;
            return GrainResult<Holiday>.NotFound($"Holiday '{holidayId}' not found in holiday scheme '{schemeId}'");
        }

        return null;
    }

    /// <summary>The scheme's holidays in id order, from an index rebuilt whenever the state instance changes.</summary>
    private ImmutableArray<Holiday> HolidaysOf(int schemeId)
    {
        if (!ReferenceEquals(_indexed, S))
        {
            _holidaysByScheme = S.Holidays.Values.GroupBy(h => h.SchemeId).ToImmutableDictionary(g => g.Key, g => g.ToImmutableArray());
            _indexed = S;
        }

        return _holidaysByScheme.GetValueOrDefault(schemeId, []);
    }

    private static string NotFound(SchemeKind kind, int id) => kind == SchemeKind.Workload ? WorkloadNotFound(id) : HolidaySchemeNotFound(id);

    private static string WorkloadNotFound(int id) => $"Workload scheme '{id}' not found";

    private static string HolidaySchemeNotFound(int id) => $"Holiday scheme '{id}' not found";

    private static string NameTaken(string kind, string name) => $"{kind} scheme with name '{name}' already exists";

    private static bool SameName(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    private Task CommitAsync(SchemesState next) => state.CommitAsync(next, DeactivateOnIdle);
}
