namespace Tempo.Grains.Interfaces.Schemes;

/// <summary>
/// The rules of schemes and schedules as pure functions, so the grains (which enforce them) and tests share one
/// definition: the fresh tenant's defaults, the limits of inputs, where a holiday falls in a year and what a day
/// of a user's schedule requires.
/// </summary>
public static class ScheduleRules
{
    public const long SecondsPerDay = 86_400;
    public const long EightHours = 28_800;

    /// <summary>The longest <c>from</c>..<c>to</c> (both inclusive) a schedule request may ask for.</summary>
    public const int MaxScheduleDays = 366;

    public const string DefaultWorkloadSchemeName = "Default Workload Scheme";
    public const string DefaultHolidaySchemeName = "Default Holiday Scheme";

    /// <summary>Weekdays in the order of <see cref="WorkloadScheme.DaySeconds"/>, as Tempo names them.</summary>
    public static ImmutableArray<string> DayNames { get; } = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"];

    /// <summary>8 hours Monday to Friday, nothing on the weekend: the fresh tenant's default, and a create without days.</summary>
    public static ImmutableArray<long> StandardWeek { get; } = [EightHours, EightHours, EightHours, EightHours, EightHours, 0, 0];

    public static int WeekdayIndex(DayOfWeek day) => ((int)day + 6) % 7;

    /// <summary>
    /// The date <paramref name="holiday"/> falls on in <paramref name="year"/>, or null when it doesn't. FLOATING: its
    /// own date, in its own year only. FIXED: its month and day in every year; a FIXED 29 February falls only in leap
    /// years (it is not moved to the 28th or the 1st of March: a holiday on a date the year lacks is not observed).
    /// </summary>
    public static DateOnly? OccurrenceIn(Holiday holiday, int year)
    {
        if (holiday.Type == HolidayType.Floating)
        {
            return holiday.Date.Year == year ? holiday.Date : null;
        }

        if (holiday.Date.Month == 2 && holiday.Date.Day == 29 && !DateTime.IsLeapYear(year))
        {
            return null;
        }

        return new DateOnly(year, holiday.Date.Month, holiday.Date.Day);
    }

    /// <summary>The holidays falling in <paramref name="year"/>, each dated on its occurrence, by date then id.</summary>
    public static ImmutableArray<Holiday> InYear(IEnumerable<Holiday> holidays, int year) =>
    [
        .. holidays
            .Select(h => OccurrenceIn(h, year) is { } date ? h with { Date = date } : null)
            .OfType<Holiday>()
            .OrderBy(h => h.Date)
            .ThenBy(h => h.Id),
    ];

    /// <summary>
    /// One entry per day of <paramref name="from"/>..<paramref name="to"/> (inclusive, ascending). With <c>w</c> the
    /// weekday's required seconds and <c>h</c> a holiday on that date (when several fall on one date, the lowest id):
    /// no holiday and w &gt; 0: WORKING_DAY, w; no holiday and w = 0: NON_WORKING_DAY, 0; holiday and w &gt; 0: HOLIDAY,
    /// max(0, w - h.durationSeconds); holiday and w = 0: HOLIDAY_AND_NON_WORKING_DAY, 0.
    /// </summary>
    public static ImmutableArray<ScheduleDay> Days(DateOnly from, DateOnly to, WorkloadScheme workload, IReadOnlyCollection<Holiday> holidays)
    {
        if (to < from)
        {
            return [];
        }

        var byDate = new Dictionary<DateOnly, Holiday>();
        for (var year = from.Year; year <= to.Year; year++)
        {
            foreach (var holiday in InYear(holidays, year))
            {
                byDate.TryAdd(holiday.Date, holiday);
            }
        }

        var days = ImmutableArray.CreateBuilder<ScheduleDay>(to.DayNumber - from.DayNumber + 1);
        for (var date = from; date <= to; date = date.AddDays(1))
        {
            days.Add(Day(date, workload.SecondsOn(date), byDate.GetValueOrDefault(date)));
        }

        return days.MoveToImmutable();
    }

    public static ScheduleDay Day(DateOnly date, long workloadSeconds, Holiday? holiday) => (holiday, workloadSeconds > 0) switch
    {
        (null, true) => new ScheduleDay(date, workloadSeconds, ScheduleDayType.WorkingDay, null),
        (null, false) => new ScheduleDay(date, 0, ScheduleDayType.NonWorkingDay, null),
        (_, true) => new ScheduleDay(date, Math.Max(0, workloadSeconds - holiday.DurationSeconds), ScheduleDayType.Holiday, holiday),
        _ => new ScheduleDay(date, 0, ScheduleDayType.HolidayAndNonWorkingDay, holiday),
    };

    /// <summary>Why <paramref name="from"/>..<paramref name="to"/> can't be a schedule's range, or null when it can.</summary>
    public static string? RangeProblem(DateOnly from, DateOnly to) =>
        from > to ? "'from' must not be after 'to'."
        : to.DayNumber - from.DayNumber + 1 > MaxScheduleDays ? $"The range from 'from' to 'to' must be at most {MaxScheduleDays} days."
        : null;

    /// <summary>Why these weekday seconds can't be a workload scheme's, or null when they can.</summary>
    public static string? DaySecondsProblem(ImmutableArray<long> daySeconds) =>
        daySeconds.IsDefault || daySeconds.Length != 7 ? "'days' must hold exactly 7 days, one for each of MONDAY to SUNDAY."
        : daySeconds.Any(s => s is < 0 or > SecondsPerDay) ? $"'days.requiredSeconds' must be between 0 and {SecondsPerDay}."
        : null;
}
