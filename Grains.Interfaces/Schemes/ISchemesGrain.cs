using Orleans.Concurrency;
using Tempo.Grains.Interfaces.Paging;

namespace Tempo.Grains.Interfaces.Schemes;

/// <summary>
/// The scheme definitions of one tenant (key <see cref="SchemesGrainKeys.For"/>): workload schemes, holiday schemes
/// and their holidays, and which of each kind is the default. There are few (tens) per tenant, so one activation
/// owns them all and every rule holds with one write:
/// <list type="bullet">
/// <item>Each kind always has exactly one default scheme; a fresh tenant has "Default Workload Scheme" (8 h Monday
/// to Friday) and "Default Holiday Scheme" (no holidays), both id 1. The default can't be deleted.</item>
/// <item>Scheme names are unique within their kind, ignoring case. Ids are never reused.</item>
/// <item>Deleting a scheme removes it first (a user still pointing at it resolves to the default at once), then
/// moves the members its lists hold to the default, one member-list page at a time.</item>
/// </list>
/// Memberships are not kept here: each user's own grain (<see cref="ISchemeUserGrain"/>) is the truth, and
/// per-scheme member-list pages index them (see docs/design/schemes.md). Commands are durable before they return.
/// </summary>
[Alias("tempo.ISchemesGrain")]
public interface ISchemesGrain : IGrainWithStringKey
{
    // Workload schemes
    [ReadOnly, Alias("ListWorkloadSchemes")] Task<Page<WorkloadSchemeView>> ListWorkloadSchemesAsync(PageRequest page);
    [ReadOnly, Alias("GetWorkloadScheme")] Task<WorkloadSchemeView?> GetWorkloadSchemeAsync(int id);
    [Alias("CreateWorkloadScheme")] Task<GrainResult<WorkloadSchemeView>> CreateWorkloadSchemeAsync(WorkloadSchemeInput input);
    [Alias("UpdateWorkloadScheme")] Task<GrainResult<WorkloadSchemeView>> UpdateWorkloadSchemeAsync(int id, WorkloadSchemeInput input);
    [Alias("SetDefaultWorkloadScheme")] Task<GrainResult<WorkloadSchemeView>> SetDefaultWorkloadSchemeAsync(int id);
    /// <summary>Deletes a scheme other than the default; its members move to the default.</summary>
    [Alias("DeleteWorkloadScheme")] Task<GrainResult<bool>> DeleteWorkloadSchemeAsync(int id);
    /// <summary>The user's scheme: the one assigned, or the default for a user never assigned.</summary>
    [ReadOnly, Alias("UserWorkloadScheme")] Task<WorkloadSchemeView> GetUserWorkloadSchemeAsync(string accountId);

    // Holiday schemes
    [ReadOnly, Alias("ListHolidaySchemes")] Task<ImmutableArray<HolidaySchemeView>> ListHolidaySchemesAsync();
    [ReadOnly, Alias("GetHolidayScheme")] Task<HolidaySchemeView?> GetHolidaySchemeAsync(int id);
    [Alias("CreateHolidayScheme")] Task<GrainResult<HolidaySchemeView>> CreateHolidaySchemeAsync(HolidaySchemeInput input);
    [Alias("UpdateHolidayScheme")] Task<GrainResult<HolidaySchemeView>> UpdateHolidaySchemeAsync(int id, HolidaySchemeInput input);
    [Alias("SetDefaultHolidayScheme")] Task<GrainResult<HolidaySchemeView>> SetDefaultHolidaySchemeAsync(int id);
    [Alias("DeleteHolidayScheme")] Task<GrainResult<bool>> DeleteHolidaySchemeAsync(int id);
    [ReadOnly, Alias("UserHolidayScheme")] Task<HolidaySchemeView> GetUserHolidaySchemeAsync(string accountId);

    // Holidays
    /// <summary>The scheme's holidays falling in <paramref name="year"/>, FIXED ones dated in that year, by date.</summary>
    [ReadOnly, Alias("HolidaysInYear")] Task<GrainResult<ImmutableArray<Holiday>>> GetHolidaysInYearAsync(int schemeId, int year);
    [ReadOnly, Alias("FloatingHolidays")] Task<GrainResult<ImmutableArray<Holiday>>> GetFloatingHolidaysAsync(int schemeId);
    [ReadOnly, Alias("GetHoliday")] Task<GrainResult<Holiday>> GetHolidayAsync(int schemeId, int holidayId);
    [Alias("CreateHoliday")] Task<GrainResult<Holiday>> CreateHolidayAsync(int schemeId, HolidayInput input);
    [Alias("UpdateHoliday")] Task<GrainResult<Holiday>> UpdateHolidayAsync(int schemeId, int holidayId, HolidayInput input);
    [Alias("DeleteHoliday")] Task<GrainResult<bool>> DeleteHolidayAsync(int schemeId, int holidayId);

    // Members (either kind)
    /// <summary>
    /// Moves the users into scheme <paramref name="schemeId"/>. Writes no state of this grain (each user's grain and
    /// two member-list pages a user), hence read-only here: schedule reads keep flowing while users move.
    /// </summary>
    [ReadOnly, Alias("AssignMembers")] Task<GrainResult<bool>> AssignMembersAsync(SchemeKind kind, int schemeId, ImmutableArray<string> accountIds);
    /// <summary>A page of the scheme's members, in the order of its member-list pages.</summary>
    [ReadOnly, Alias("Members")] Task<GrainResult<Page<string>>> GetMembersAsync(SchemeKind kind, int schemeId, PageRequest page);
    /// <summary>The members of the schemes, scheme after scheme in the order given; unknown ids list nobody.</summary>
    [ReadOnly, Alias("SearchMembers")] Task<Page<SchemeMember>> SearchMembersAsync(SchemeKind kind, ImmutableArray<int> schemeIds, PageRequest page);

    /// <summary>
    /// What a schedule is computed from, for a user whose explicit schemes are these (null, or a deleted scheme:
    /// the default). Interleaves with everything: it reads one immutable snapshot of the state.
    /// </summary>
    [AlwaysInterleave, Alias("Basis")] Task<ScheduleBasis> GetScheduleBasisAsync(int? workloadSchemeId, int? holidaySchemeId);
}

/// <summary>The keys of the Schemes scope's grains: every one starts with the tenant.</summary>
public static class SchemesGrainKeys
{
    public const string Kind = "schemes";
    public const string UserKind = "schemeuser";
    public const string DirectoryKind = "schemedir";
    public const string PageKind = "schemepage";

    public static string For(TenantId tenant) => tenant.Key(Kind);

    /// <summary>The membership and schedule grain of one user of the tenant.</summary>
    public static string User(TenantId tenant, string accountId) => tenant.Key(UserKind, accountId);

    /// <summary>The member-list directory of one scheme (<c>schemedir_acme_w3</c>).</summary>
    public static string Directory(TenantId tenant, SchemeKind kind, int schemeId) =>
        tenant.Key(DirectoryKind, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Letter(kind)}{schemeId}"));

    /// <summary>One member-list page of one scheme (<c>schemepage_acme_w3-0</c>).</summary>
    public static string Page(TenantId tenant, SchemeKind kind, int schemeId, int page) =>
        tenant.Key(PageKind, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Letter(kind)}{schemeId}-{page}"));

    private static char Letter(SchemeKind kind) => kind == SchemeKind.Workload ? 'w' : 'h';
}
