using Orleans.Concurrency;

namespace Tempo.Grains.Interfaces.Schemes;

/// <summary>
/// One user's computed schedule, for other grains (Approvals: required seconds of a period; Plans: working days).
/// Key <see cref="SchemesGrainKeys.User"/> (tenant and account id). A user never assigned to a scheme has the
/// tenant's default schemes.
/// </summary>
[Alias("tempo.IUserScheduleGrain")]
public interface IUserScheduleGrain : IGrainWithStringKey
{
    /// <summary>
    /// One day a day of <paramref name="from"/>..<paramref name="to"/>, both inclusive, as <see cref="ScheduleRules.Days"/>
    /// computes it; Invalid when <paramref name="from"/> is after <paramref name="to"/> or the range is over
    /// <see cref="ScheduleRules.MaxScheduleDays"/> days.
    /// </summary>
    [AlwaysInterleave, Alias("Schedule")] Task<GrainResult<ImmutableArray<ScheduleDay>>> GetScheduleAsync(DateOnly from, DateOnly to);
}

/// <summary>
/// A user's scheme memberships: the truth of which workload and holiday scheme the user was assigned to, and the
/// member-list page that lists the user there. A move writes this grain's small state and two pages of bounded
/// size, whatever the tenant's size (docs/design/schemes.md).
/// </summary>
[Alias("tempo.ISchemeUserGrain")]
public interface ISchemeUserGrain : IUserScheduleGrain
{
    /// <summary>The explicit placements (null: never assigned, so the default).</summary>
    [AlwaysInterleave, Alias("Placements")] Task<UserPlacements> GetPlacementsAsync();

    /// <summary>Moves the user into <paramref name="schemeId"/>: listed there first, then recorded here, then unlisted from the old scheme.</summary>
    [Alias("Move")] Task MoveAsync(SchemeKind kind, int schemeId);

    /// <summary>Moves the user to <paramref name="to"/> only while the user is still in <paramref name="from"/> (a deleted scheme's members).</summary>
    [Alias("MoveIfIn")] Task MoveIfInAsync(SchemeKind kind, int from, int to);
}

[GenerateSerializer, Immutable, Alias("tempo.UserPlacements")]
public sealed record UserPlacements([property: Id(0)] SchemePlacement? Workload, [property: Id(1)] SchemePlacement? Holiday)
{
    public SchemePlacement? Of(SchemeKind kind) => kind == SchemeKind.Workload ? Workload : Holiday;

    public UserPlacements With(SchemeKind kind, SchemePlacement? placement) =>
        kind == SchemeKind.Workload ? this with { Workload = placement } : this with { Holiday = placement };
}

/// <summary>
/// The member-list directory of one scheme (key <see cref="SchemesGrainKeys.Directory"/>): how many pages the list
/// has (stored; written only when a page is added) and how many members each holds (in memory, reported by the
/// movers and re-read from the pages on activation). Hands out the page a newly listed member goes to.
/// </summary>
[Alias("tempo.ISchemeMemberDirectoryGrain")]
public interface ISchemeMemberDirectoryGrain : IGrainWithStringKey
{
    /// <summary>A page with room for one more member (the first such, or a new one), held for the mover until it reports.</summary>
    [Alias("Reserve")] Task<int> ReserveAsync();

    /// <summary>
    /// A page's count after a mover wrote it, and whether the write ends a reservation. Reports may arrive out of
    /// order; the page's version decides which count is the newest.
    /// </summary>
    [Alias("Report")] Task ReportAsync(int page, SchemePageCount count, bool endsReservation);

    /// <summary>Each page's member count, page 0 first.</summary>
    [ReadOnly, Alias("Counts")] Task<ImmutableArray<int>> GetCountsAsync();
}

/// <summary>
/// One page of a scheme's member list: at most <see cref="Capacity"/> account ids (key
/// <see cref="SchemesGrainKeys.Page"/>). An index, not the truth: readers check entries against the user's grain.
/// </summary>
[Alias("tempo.ISchemeMemberPageGrain")]
public interface ISchemeMemberPageGrain : IGrainWithStringKey
{
    /// <summary>The most members one page lists, and so the most one write of a page carries.</summary>
    public const int Capacity = 128;

    /// <summary>Lists the user (idempotent); the page's count afterwards.</summary>
    [Alias("Add")] Task<SchemePageCount> AddAsync(string accountId);

    /// <summary>Unlists the user (idempotent); the page's count afterwards.</summary>
    [Alias("Remove")] Task<SchemePageCount> RemoveAsync(string accountId);

    [ReadOnly, Alias("PageMembers")] Task<ImmutableArray<string>> GetMembersAsync();

    [ReadOnly, Alias("Count")] Task<SchemePageCount> GetCountAsync();
}

/// <summary>A member-list page's count, with the page's version (one more for every write), so the newest count wins.</summary>
[GenerateSerializer, Immutable, Alias("tempo.SchemePageCount")]
public readonly record struct SchemePageCount([property: Id(0)] int Count, [property: Id(1)] long Version);
