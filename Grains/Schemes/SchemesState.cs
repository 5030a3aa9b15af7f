using Tempo.Grains.Interfaces.Schemes;

namespace Tempo.Grains.Schemes;

/// <summary>
/// A tenant's scheme definitions, by id. Immutable: a command builds the next state and swaps it in once written.
/// Counters only grow, so ids are never reused. A fresh state already holds both default schemes (id 1), so reads
/// see them without a write and the first command stores them.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.SchemesState")]
public sealed record SchemesState
{
    public static readonly WorkloadScheme DefaultWorkload = new(1, ScheduleRules.DefaultWorkloadSchemeName, string.Empty, ScheduleRules.StandardWeek);
    public static readonly HolidayScheme DefaultHoliday = new(1, ScheduleRules.DefaultHolidaySchemeName, string.Empty);

    [Id(0)] public ImmutableSortedDictionary<int, WorkloadScheme> WorkloadSchemes { get; init; } = ImmutableSortedDictionary<int, WorkloadScheme>.Empty.Add(1, DefaultWorkload);
    [Id(1)] public int DefaultWorkloadSchemeId { get; init; } = 1;
    [Id(2)] public int LastWorkloadSchemeId { get; init; } = 1;
    [Id(3)] public ImmutableSortedDictionary<int, HolidayScheme> HolidaySchemes { get; init; } = ImmutableSortedDictionary<int, HolidayScheme>.Empty.Add(1, DefaultHoliday);
    [Id(4)] public int DefaultHolidaySchemeId { get; init; } = 1;
    [Id(5)] public int LastHolidaySchemeId { get; init; } = 1;
    [Id(6)] public ImmutableSortedDictionary<int, Holiday> Holidays { get; init; } = ImmutableSortedDictionary<int, Holiday>.Empty;
    [Id(7)] public int LastHolidayId { get; init; }
}

/// <summary>A user's explicit scheme placements (nothing stored: never assigned).</summary>
[GenerateSerializer, Immutable, Alias("tempo.SchemeUserState")]
public sealed record SchemeUserState
{
    [Id(0)] public UserPlacements Placements { get; init; } = new(null, null);
}

/// <summary>How many pages a scheme's member list has; written only when one is added.</summary>
[GenerateSerializer, Immutable, Alias("tempo.SchemeMemberDirectoryState")]
public sealed record SchemeMemberDirectoryState
{
    [Id(0)] public int PageCount { get; init; }
}

/// <summary>The account ids one member-list page lists, in ordinal order, at most <see cref="ISchemeMemberPageGrain.Capacity"/>.</summary>
[GenerateSerializer, Immutable, Alias("tempo.SchemeMemberPageState")]
public sealed record SchemeMemberPageState
{
    [Id(0)] public ImmutableArray<string> AccountIds { get; init; } = [];

    /// <summary>One more for every write: orders the counts the page reports.</summary>
    [Id(1)] public long Version { get; init; }
}
