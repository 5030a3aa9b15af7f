using Tempo.Grains.Interfaces.Schemes;

namespace Tempo.Grains.Interfaces.Plans;

/// <summary>
/// The day rules of plans as pure functions, shared by the grains and the tests (docs/design/plans.md):
/// <list type="bullet">
/// <item>Occurrences: the first is <c>start..end</c>; WEEKLY and BI_WEEKLY repeat it every 7 and 14 days, MONTHLY on
/// the same day of each following month counted from the start (<see cref="DateOnly.AddMonths"/>: a 31st falls on the
/// month's last day, a 29 February start falls on the 29th of each later month), while an occurrence starts on or before
/// <c>recurrenceEndDate</c>; days after <c>recurrenceEndDate</c> are cut off. NEVER has the one occurrence.</item>
/// <item>Counted days: every day of an occurrence, except removed days; a day without its own seconds counts only
/// when <c>includeNonWorkingDays</c> or the assignee works that day (a working day, or a holiday that leaves
/// required seconds: a full holiday and a non-working day don't count).</item>
/// <item>Seconds: SECONDS_PER_DAY gives each counted day the plan's seconds; TOTAL_SECONDS spreads the total over
/// the counted days without their own seconds: each gets <c>total / n</c>, and the first <c>total mod n</c> of them
/// (earliest first) one second more, so the days add up to the total exactly. Days given their own seconds by a
/// partial edit keep them in both. Days of 0 seconds are left out.</item>
/// </list>
/// </summary>
public static class PlanRules
{
    /// <summary>The longest one occurrence (<c>startDate..endDate</c>) may be, in days.</summary>
    public const int MaxLengthDays = 366;

    /// <summary>The longest <c>startDate..recurrenceEndDate</c> may be, in days (about three years).</summary>
    public const int MaxSpanDays = 1_096;

    /// <summary>The first and last day a plan may cover.</summary>
    public static readonly DateOnly MinDate = new(1970, 1, 1);
    public static readonly DateOnly MaxDate = new(2199, 12, 31);

    /// <summary>Why the draft's dates and effort can't make a plan, or null when they can.</summary>
    public static string? DraftProblem(PlanDraft draft)
    {
        if (draft.Start < MinDate || draft.End > MaxDate || draft.RecurrenceEnd > MaxDate)
        {
            return "A plan's dates must lie between 1970-01-01 and 2199-12-31.";
        }

        var length = draft.End.DayNumber - draft.Start.DayNumber + 1;
        if (length < 1)
        {
            return "'endDate' must not be before 'startDate'.";
        }

        if (length > MaxLengthDays)
        {
            return $"A plan's 'startDate' to 'endDate' must be at most {MaxLengthDays} days.";
        }

        if (draft.Rule == PlanRule.Never)
        {
            return null;
        }

        if (draft.RecurrenceEnd is not { } until)
        {
            return "'recurrenceEndDate' is required when 'rule' repeats the plan.";
        }

        if (until < draft.End)
        {
            return "'recurrenceEndDate' must not be before 'endDate'.";
        }

        if (until.DayNumber - draft.Start.DayNumber + 1 > MaxSpanDays)
        {
            return $"A plan's 'startDate' to 'recurrenceEndDate' must be at most {MaxSpanDays} days.";
        }

        var period = draft.Rule switch { PlanRule.Weekly => 7, PlanRule.BiWeekly => 14, _ => 28 };
        return length > period ? $"A plan repeated by '{RuleName(draft.Rule)}' may last at most {period} days, so its repetitions don't overlap." : null;
    }

    public static string RuleName(PlanRule rule) => rule switch
    {
        PlanRule.Weekly => "WEEKLY",
        PlanRule.BiWeekly => "BI_WEEKLY",
        PlanRule.Monthly => "MONTHLY",
        _ => "NEVER",
    };

    /// <summary>The occurrences of the plan, in order, each cut at the recurrence end.</summary>
    public static IEnumerable<(DateOnly From, DateOnly To)> Occurrences(PlanRule rule, DateOnly start, DateOnly end, DateOnly? recurrenceEnd)
    {
        var length = end.DayNumber - start.DayNumber;
        if (rule == PlanRule.Never || recurrenceEnd is not { } until)
        {
            yield return (start, end);
            yield break;
        }

        for (var k = 0; ; k++)
        {
            var from = rule switch
            {
                PlanRule.Weekly => start.AddDays(7 * k),
                PlanRule.BiWeekly => start.AddDays(14 * k),
                _ => start.AddMonths(k),
            };
            if (from > until)
            {
                yield break;
            }

            var to = from.AddDays(length);
            yield return (from, to > until ? until : to);
        }
    }

    public static IEnumerable<(DateOnly From, DateOnly To)> Occurrences(Plan plan) =>
        Occurrences(plan.Rule, plan.Start, plan.End, plan.RecurrenceEnd);

    /// <summary>The last calendar day any occurrence covers.</summary>
    public static DateOnly LastDay(Plan plan) =>
        plan.Rule == PlanRule.Never || plan.RecurrenceEnd is null ? plan.End : Occurrences(plan).Last().To;

    /// <summary>Whether any occurrence of the plan overlaps <paramref name="from"/>..<paramref name="to"/> (null: open).</summary>
    public static bool Overlaps(Plan plan, DateOnly? from, DateOnly? to)
    {
        if ((to is { } t && plan.Start > t) || (from is { } f && LastDay(plan) < f))
        {
            return false;
        }

        return Occurrences(plan).Any(o => (from is not { } f2 || o.To >= f2) && (to is not { } t2 || o.From <= t2));
    }

    /// <summary>Whether a day of the assignee's schedule counts for a plan that doesn't include non-working days.</summary>
    public static bool Works(ScheduleDay day) =>
        day.Type == ScheduleDayType.WorkingDay || (day.Type == ScheduleDayType.Holiday && day.RequiredSeconds > 0);

    /// <summary>
    /// The plan as read: its planned days over the whole plan (by the rules above, with <paramref name="works"/>
    /// answering whether the assignee works a day), the total, the total within <paramref name="from"/>..<paramref name="to"/>,
    /// and the days and occurrences within that window.
    /// </summary>
    public static PlanView Compute(Plan plan, Func<DateOnly, bool> works, DateOnly? from, DateOnly? to)
    {
        var overrides = plan.Overrides.IsDefault ? [] : plan.Overrides;
        var own = overrides.Where(o => o.Seconds is not null).ToDictionary(o => o.Date, o => o.Seconds!.Value);
        var removed = overrides.Where(o => o.Seconds is null).Select(o => o.Date).ToHashSet();
        var occurrences = Occurrences(plan).ToList();

        var counted = new List<DateOnly>();
        foreach (var (first, last) in occurrences)
        {
            for (var day = first; day <= last; day = day.AddDays(1))
            {
                if (!removed.Contains(day) && (own.ContainsKey(day) || plan.IncludeNonWorkingDays || works(day)))
                {
                    counted.Add(day);
                }
            }
        }

        var free = counted.Count(d => !own.ContainsKey(d));
        var perDay = plan.Effort == PlanEffort.SecondsPerDay ? plan.Seconds : free == 0 ? 0 : plan.Seconds / free;
        var remainder = plan.Effort == PlanEffort.TotalSeconds && free > 0 ? plan.Seconds % free : 0;

        var seconds = new Dictionary<DateOnly, long>(counted.Count);
        var freeSeen = 0;
        foreach (var day in counted)
        {
            if (own.TryGetValue(day, out var fixedSeconds))
            {
                seconds[day] = fixedSeconds;
            }
            else
            {
                seconds[day] = perDay + (freeSeen < remainder ? 1 : 0);
                freeSeen++;
            }
        }

        bool InScope(DateOnly d) => (from is not { } f || d >= f) && (to is not { } t || d <= t);
        var days = seconds.Where(s => s.Value > 0 && InScope(s.Key)).OrderBy(s => s.Key).Select(s => new PlannedDay(s.Key, s.Value)).ToImmutableArray();
        var periods = occurrences
            .Where(o => (from is not { } f || o.To >= f) && (to is not { } t || o.From <= t))
            .Select(o => new PlannedPeriod(o.From, o.To, seconds.Where(s => s.Key >= o.From && s.Key <= o.To).Sum(s => s.Value)))
            .ToImmutableArray();
        return new PlanView(plan, perDay, seconds.Values.Sum(), days.Sum(d => d.Seconds), days, periods);
    }

    /// <summary>The plan with one day's own seconds (or removed: null), replacing an earlier edit of that day.</summary>
    public static Plan WithDay(Plan plan, DateOnly day, long? seconds)
    {
        var rest = (plan.Overrides.IsDefault ? [] : plan.Overrides).Where(o => o.Date != day);
        return plan with { Overrides = [.. rest.Append(new PlanDayOverride(day, seconds)).OrderBy(o => o.Date)] };
    }

    /// <summary>Whether <paramref name="day"/> lies in one of the plan's occurrences (the days a partial edit may touch).</summary>
    public static bool IsPlanDay(Plan plan, DateOnly day) =>
        day >= plan.Start && day <= LastDay(plan) && Occurrences(plan).Any(o => day >= o.From && day <= o.To);

    /// <summary>The months (<c>yyyyMM</c>) the plan's occurrences touch: the buckets of its month index entries.</summary>
    public static ImmutableArray<int> Months(Plan plan)
    {
        var months = new SortedSet<int>();
        foreach (var (first, last) in Occurrences(plan))
        {
            for (var m = new DateOnly(first.Year, first.Month, 1); m <= last; m = m.AddMonths(1))
            {
                months.Add(Month(m));
            }
        }

        return [.. months];
    }

    public static int Month(DateOnly date) => (date.Year * 100) + date.Month;

    /// <summary>The months of <paramref name="from"/>..<paramref name="to"/>.</summary>
    public static IEnumerable<int> MonthsBetween(DateOnly from, DateOnly to)
    {
        for (var m = new DateOnly(from.Year, from.Month, 1); m <= to; m = m.AddMonths(1))
        {
            yield return Month(m);
        }
    }
}
