namespace Tempo.Grains.Interfaces.Schemes;

/// <summary>The two kinds of scheme a user belongs to, one of each.</summary>
[GenerateSerializer, Alias("tempo.SchemeKind")]
public enum SchemeKind : byte
{
    Workload = 0,
    Holiday = 1,
}

[GenerateSerializer, Alias("tempo.HolidayType")]
public enum HolidayType : byte
{
    /// <summary>Recurs every year on its month and day.</summary>
    Fixed = 0,

    /// <summary>One exact date.</summary>
    Floating = 1,
}

/// <summary>
/// A workload scheme: the seconds a member must work on each weekday, <see cref="DaySeconds"/>[0] for Monday to
/// [6] for Sunday. Whether it is the default is the tenant's choice, held by the schemes grain, not the scheme.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.WorkloadScheme")]
public sealed record WorkloadScheme(
    [property: Id(0)] int Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Description,
    [property: Id(3)] ImmutableArray<long> DaySeconds)
{
    /// <summary>The seconds required on <paramref name="date"/>'s weekday.</summary>
    public long SecondsOn(DateOnly date) => DaySeconds[ScheduleRules.WeekdayIndex(date.DayOfWeek)];
}

[GenerateSerializer, Immutable, Alias("tempo.WorkloadSchemeInput")]
public sealed record WorkloadSchemeInput(
    [property: Id(0)] string Name,
    [property: Id(1)] string Description,
    [property: Id(2)] ImmutableArray<long> DaySeconds);

[GenerateSerializer, Immutable, Alias("tempo.HolidayScheme")]
public sealed record HolidayScheme(
    [property: Id(0)] int Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Description);

[GenerateSerializer, Immutable, Alias("tempo.HolidaySchemeInput")]
public sealed record HolidaySchemeInput([property: Id(0)] string Name, [property: Id(1)] string? Description);

/// <summary>
/// A holiday of a holiday scheme. For <see cref="HolidayType.Fixed"/> only the month and day of <see cref="Date"/>
/// matter (the year is the one it was entered with); see <see cref="ScheduleRules.OccurrenceIn"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.Holiday")]
public sealed record Holiday(
    [property: Id(0)] int Id,
    [property: Id(1)] int SchemeId,
    [property: Id(2)] string Name,
    [property: Id(3)] string? Description,
    [property: Id(4)] HolidayType Type,
    [property: Id(5)] DateOnly Date,
    [property: Id(6)] long DurationSeconds);

[GenerateSerializer, Immutable, Alias("tempo.HolidayInput")]
public sealed record HolidayInput(
    [property: Id(0)] string Name,
    [property: Id(1)] string? Description,
    [property: Id(2)] HolidayType Type,
    [property: Id(3)] DateOnly Date,
    [property: Id(4)] long DurationSeconds);

/// <summary>A workload scheme as the API shows it: with its default flag and how many members its lists hold.</summary>
[GenerateSerializer, Immutable, Alias("tempo.WorkloadSchemeView")]
public sealed record WorkloadSchemeView(
    [property: Id(0)] WorkloadScheme Scheme,
    [property: Id(1)] bool Default,
    [property: Id(2)] long MemberCount);

[GenerateSerializer, Immutable, Alias("tempo.HolidaySchemeView")]
public sealed record HolidaySchemeView(
    [property: Id(0)] HolidayScheme Scheme,
    [property: Id(1)] bool Default,
    [property: Id(2)] int MemberCount);

/// <summary>One member of a scheme, as the member searches list them.</summary>
[GenerateSerializer, Immutable, Alias("tempo.SchemeMember")]
public sealed record SchemeMember([property: Id(0)] string AccountId, [property: Id(1)] int SchemeId);

/// <summary>
/// What a user's schedule is computed from: the user's effective workload scheme and the holidays of the user's
/// effective holiday scheme.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.ScheduleBasis")]
public sealed record ScheduleBasis(
    [property: Id(0)] WorkloadScheme Workload,
    [property: Id(1)] int HolidaySchemeId,
    [property: Id(2)] ImmutableArray<Holiday> Holidays);

[GenerateSerializer, Alias("tempo.ScheduleDayType")]
public enum ScheduleDayType : byte
{
    WorkingDay = 0,
    NonWorkingDay = 1,
    Holiday = 2,
    HolidayAndNonWorkingDay = 3,
}

/// <summary>One day of a user's schedule; <see cref="Holiday"/> carries the date it falls on that year.</summary>
[GenerateSerializer, Immutable, Alias("tempo.ScheduleDay")]
public sealed record ScheduleDay(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] long RequiredSeconds,
    [property: Id(2)] ScheduleDayType Type,
    [property: Id(3)] Holiday? Holiday);

/// <summary>A user's explicit place in the schemes of one kind: the scheme and the member-list page that lists the user.</summary>
[GenerateSerializer, Immutable, Alias("tempo.SchemePlacement")]
public sealed record SchemePlacement([property: Id(0)] int SchemeId, [property: Id(1)] int Page);
