using Tempo.Grains.Interfaces.Plans;
using Tempo.Grains.Interfaces.Schemes;

namespace Tempo.Api.Tests.Plans;

/// <summary>The day rules of <see cref="PlanRules"/>, the ones the grains apply.</summary>
public sealed class PlanRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);

    private static Plan Plan(string start, string end, PlanEffort effort = PlanEffort.SecondsPerDay, long seconds = 3_600, PlanRule rule = PlanRule.Never, string? until = null, bool includeNonWorking = false) =>
        new(1, new PlanAssignee(PlanAssigneeType.User, "u1"), PlanItemType.Issue, 10, DateOnly.Parse(start), DateOnly.Parse(end), effort, seconds,
            null, null, includeNonWorking, rule, until is null ? null : DateOnly.Parse(until), null, "u1", Now, Now, []);

    private static bool Weekdays(DateOnly d) => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    private static string[] Dates(PlanView view) => [.. view.Days.Select(d => d.Date.ToString("yyyy-MM-dd"))];

    [Fact]
    public void Weekends_do_not_count_unless_non_working_days_are_included()
    {
        var plan = Plan("2026-06-05", "2026-06-09"); // Friday to Tuesday

        var working = PlanRules.Compute(plan, Weekdays, null, null);
        var all = PlanRules.Compute(plan with { IncludeNonWorkingDays = true }, Weekdays, null, null);

        Assert.Equal(["2026-06-05", "2026-06-08", "2026-06-09"], Dates(working));
        Assert.Equal(3 * 3_600, working.TotalSeconds);
        Assert.Equal(5 * 3_600, all.TotalSeconds);
    }

    [Fact]
    public void A_full_holiday_does_not_count_and_a_half_holiday_does()
    {
        var full = new ScheduleDay(new DateOnly(2026, 6, 8), 0, ScheduleDayType.Holiday, null);
        var half = new ScheduleDay(new DateOnly(2026, 6, 9), 14_400, ScheduleDayType.Holiday, null);

        Assert.False(PlanRules.Works(full));
        Assert.True(PlanRules.Works(half));
        Assert.False(PlanRules.Works(new ScheduleDay(new DateOnly(2026, 6, 13), 0, ScheduleDayType.NonWorkingDay, null)));
    }

    [Fact]
    public void Total_seconds_are_spread_with_the_remainder_on_the_earliest_days()
    {
        var plan = Plan("2026-06-01", "2026-06-05", PlanEffort.TotalSeconds, 10_002); // 5 working days: 2000 each, 2 left

        var view = PlanRules.Compute(plan, Weekdays, null, null);

        Assert.Equal([2_001, 2_001, 2_000, 2_000, 2_000], view.Days.Select(d => d.Seconds));
        Assert.Equal(10_002, view.TotalSeconds);
        Assert.Equal(2_000, view.SecondsPerDay);
    }

    [Fact]
    public void Weekly_recurrence_repeats_across_a_month_end_and_stops_at_the_recurrence_end()
    {
        var plan = Plan("2026-06-29", "2026-06-30", rule: PlanRule.Weekly, until: "2026-07-13"); // Mon-Tue

        var occurrences = PlanRules.Occurrences(plan).ToList();
        var view = PlanRules.Compute(plan, Weekdays, null, null);

        Assert.Equal([(new DateOnly(2026, 6, 29), new DateOnly(2026, 6, 30)), (new DateOnly(2026, 7, 6), new DateOnly(2026, 7, 7)), (new DateOnly(2026, 7, 13), new DateOnly(2026, 7, 13))], occurrences);
        Assert.Equal(5 * 3_600, view.TotalSeconds);
        Assert.Equal(new[] { 202606, 202607 }, PlanRules.Months(plan).ToArray());
    }

    [Fact]
    public void Monthly_recurrence_from_the_31st_falls_on_month_ends_and_on_the_leap_day()
    {
        var plan = Plan("2028-01-31", "2028-01-31", rule: PlanRule.Monthly, until: "2028-04-30", includeNonWorking: true);

        var view = PlanRules.Compute(plan, Weekdays, null, null);

        Assert.Equal(["2028-01-31", "2028-02-29", "2028-03-31", "2028-04-30"], Dates(view));
    }

    [Fact]
    public void Monthly_recurrence_from_a_leap_day_keeps_the_29th()
    {
        var plan = Plan("2028-02-29", "2028-03-01", rule: PlanRule.Monthly, until: "2029-03-01", includeNonWorking: true);

        var starts = PlanRules.Occurrences(plan).Select(o => o.From.ToString("yyyy-MM-dd")).ToList();

        Assert.Equal("2028-03-29", starts[1]);
        Assert.Equal("2029-01-29", starts[11]);
        Assert.Equal("2029-02-28", starts[12]); // 2029 has no 29 February
        Assert.Equal(13, starts.Count);
    }

    [Fact]
    public void Bi_weekly_recurrence_skips_a_week()
    {
        var plan = Plan("2026-06-01", "2026-06-01", rule: PlanRule.BiWeekly, until: "2026-06-30");

        Assert.Equal(["2026-06-01", "2026-06-15", "2026-06-29"], Dates(PlanRules.Compute(plan, Weekdays, null, null)));
    }

    [Fact]
    public void Partial_edits_change_or_remove_one_day_and_leave_the_rest()
    {
        var plan = Plan("2026-06-01", "2026-06-05");
        plan = PlanRules.WithDay(plan, new DateOnly(2026, 6, 2), 7_200);
        plan = PlanRules.WithDay(plan, new DateOnly(2026, 6, 4), null);

        var view = PlanRules.Compute(plan, Weekdays, null, null);

        Assert.Equal([("2026-06-01", 3_600L), ("2026-06-02", 7_200L), ("2026-06-03", 3_600L), ("2026-06-05", 3_600L)], view.Days.Select(d => (d.Date.ToString("yyyy-MM-dd"), d.Seconds)));
        Assert.Equal(18_000, view.TotalSeconds);
    }

    [Fact]
    public void Total_seconds_spread_over_the_days_without_their_own_seconds()
    {
        var plan = PlanRules.WithDay(Plan("2026-06-01", "2026-06-05", PlanEffort.TotalSeconds, 10_000), new DateOnly(2026, 6, 1), 1_000);

        var view = PlanRules.Compute(plan, Weekdays, null, null);

        Assert.Equal([1_000, 2_500, 2_500, 2_500, 2_500], view.Days.Select(d => d.Seconds));
    }

    [Fact]
    public void In_scope_totals_and_periods_follow_the_window()
    {
        var plan = Plan("2026-06-01", "2026-06-02", rule: PlanRule.Weekly, until: "2026-06-30");

        var view = PlanRules.Compute(plan, Weekdays, new DateOnly(2026, 6, 8), new DateOnly(2026, 6, 14));

        Assert.Equal(10 * 3_600, view.TotalSeconds); // 1-2, 8-9, 15-16, 22-23, 29-30
        Assert.Equal(2 * 3_600, view.TotalSecondsInScope);
        Assert.Equal(new[] { new PlannedPeriod(new DateOnly(2026, 6, 8), new DateOnly(2026, 6, 9), 7_200) }, view.Periods.ToArray());
    }

    [Fact]
    public void Overlapping_repetitions_and_open_recurrences_are_refused()
    {
        var assignee = new PlanAssignee(PlanAssigneeType.User, "u1");
        PlanDraft Draft(string start, string end, PlanRule rule, string? until) =>
            new(assignee, PlanItemType.Issue, 1, DateOnly.Parse(start), DateOnly.Parse(end), PlanEffort.SecondsPerDay, 1, null, null, false, rule, until is null ? null : DateOnly.Parse(until), null, null);

        Assert.NotNull(PlanRules.DraftProblem(Draft("2026-06-01", "2026-06-10", PlanRule.Weekly, "2026-07-01")));
        Assert.NotNull(PlanRules.DraftProblem(Draft("2026-06-01", "2026-06-02", PlanRule.Weekly, null)));
        Assert.NotNull(PlanRules.DraftProblem(Draft("2026-06-02", "2026-06-01", PlanRule.Never, null)));
        Assert.Null(PlanRules.DraftProblem(Draft("2026-06-01", "2026-06-14", PlanRule.BiWeekly, "2026-12-31")));
    }
}
