using Tempo.Grains.Interfaces;
using Tempo.Grains.Interfaces.Schemes;

namespace Tempo.Grains.Schemes;

/// <summary>
/// A user's scheme memberships and schedule. A move writes in the order that never loses the user: list the user in
/// the new scheme's page, then record the new placement here (the truth), then unlist the user from the old page.
/// A crash between steps leaves at most a stale page entry, which readers drop by checking it against this grain.
/// </summary>
[GrainType("scheme-user")]
public sealed class SchemeUserGrain(
    [PersistentState("schemeUser", StorageNames.Default)] IPersistentState<SchemeUserState> state) : Grain, ISchemeUserGrain
{
    private TenantId _tenant;
    private string _accountId = string.Empty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenant, _accountId) = TenantId.FromKey(this.GetPrimaryKeyString(), SchemesGrainKeys.UserKind);
        return Task.CompletedTask;
    }

    public Task<UserPlacements> GetPlacementsAsync() => Task.FromResult(state.State.Placements);

    public async Task<GrainResult<ImmutableArray<ScheduleDay>>> GetScheduleAsync(DateOnly from, DateOnly to)
    {
        if (ScheduleRules.RangeProblem(from, to) is { } problem)
        {
            return GrainResult<ImmutableArray<ScheduleDay>>.Invalid(problem);
        }

        var placements = state.State.Placements;
        var basis = await GrainFactory.Reference<ISchemesGrain>(SchemesGrainKeys.For(_tenant))
            .GetScheduleBasisAsync(placements.Workload?.SchemeId, placements.Holiday?.SchemeId);
        return GrainResult<ImmutableArray<ScheduleDay>>.Ok(ScheduleRules.Days(from, to, basis.Workload, basis.Holidays));
    }

    public Task MoveAsync(SchemeKind kind, int schemeId) =>
        state.State.Placements.Of(kind)?.SchemeId == schemeId ? Task.CompletedTask : MoveCoreAsync(kind, schemeId);

    public Task MoveIfInAsync(SchemeKind kind, int from, int to) =>
        state.State.Placements.Of(kind)?.SchemeId == from ? MoveCoreAsync(kind, to) : Task.CompletedTask;

    private async Task MoveCoreAsync(SchemeKind kind, int schemeId)
    {
        var old = state.State.Placements.Of(kind);
        var directory = Directory(kind, schemeId);
        var page = await directory.ReserveAsync();
        var listed = await Page(kind, schemeId, page).AddAsync(_accountId);
        await directory.ReportAsync(page, listed, endsReservation: true);

        await state.CommitAsync(state.State with { Placements = state.State.Placements.With(kind, new SchemePlacement(schemeId, page)) }, DeactivateOnIdle);

        if (old is not null)
        {
            var left = await Page(kind, old.SchemeId, old.Page).RemoveAsync(_accountId);
            await Directory(kind, old.SchemeId).ReportAsync(old.Page, left, endsReservation: false);
        }
    }

    private ISchemeMemberDirectoryGrain Directory(SchemeKind kind, int schemeId) =>
        GrainFactory.Reference<ISchemeMemberDirectoryGrain>(SchemesGrainKeys.Directory(_tenant, kind, schemeId));

    private ISchemeMemberPageGrain Page(SchemeKind kind, int schemeId, int page) =>
        GrainFactory.Reference<ISchemeMemberPageGrain>(SchemesGrainKeys.Page(_tenant, kind, schemeId, page));
}
