using Tempo.Grains.Interfaces.Schemes;

namespace Tempo.Api.Tests.Schemes;

/// <summary>The pure rules the grains compute schedules with.</summary>
public sealed class ScheduleRulesTests
{
    private static readonly WorkloadScheme Standard = new(1, "Standard", "", ScheduleRules.StandardWeek);

    [Theory]
    [InlineData(2024, "2024-02-29")]
    [InlineData(2028, "2028-02-29")]
    [InlineData(2000, "2000-02-29")]
    [InlineData(2026, null)]
    [InlineData(2100, null)]
    public void A_fixed_29_February_occurs_only_in_leap_years(int year, string? expected)
    {
        var leapDay = new Holiday(1, 1, "Leap", null, HolidayType.Fixed, new DateOnly(2024, 2, 29), 28_800);

        Assert.Equal(expected, ScheduleRules.OccurrenceIn(leapDay, year)?.ToString("yyyy-MM-dd"));
    }

    [Fact]
    public void A_holiday_longer_than_the_working_day_leaves_nothing_required()
    {
        var day = ScheduleRules.Day(new DateOnly(2026, 6, 1), 14_400, new Holiday(1, 1, "Long", null, HolidayType.Floating, new DateOnly(2026, 6, 1), 28_800));

        Assert.Equal((ScheduleDayType.Holiday, 0L), (day.Type, day.RequiredSeconds));
    }

    [Fact]
    public void A_range_crossing_years_projects_fixed_holidays_onto_each_year()
    {
        var newYear = new Holiday(1, 1, "New year", null, HolidayType.Fixed, new DateOnly(1970, 1, 1), 28_800);

        var days = ScheduleRules.Days(new DateOnly(2026, 12, 31), new DateOnly(2027, 1, 1), Standard, [newYear]);

        Assert.Equal([ScheduleDayType.WorkingDay, ScheduleDayType.Holiday], days.Select(d => d.Type));
        Assert.Equal(new DateOnly(2027, 1, 1), days[1].Holiday!.Date);
    }

    [Fact]
    public void Of_two_holidays_on_one_date_the_lowest_id_counts()
    {
        var a = new Holiday(7, 1, "A", null, HolidayType.Floating, new DateOnly(2026, 6, 1), 3_600);
        var b = new Holiday(3, 1, "B", null, HolidayType.Fixed, new DateOnly(2010, 6, 1), 7_200);

        var day = Assert.Single(ScheduleRules.Days(new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 1), Standard, [a, b]));

        Assert.Equal((3, 21_600L), (day.Holiday!.Id, day.RequiredSeconds));
    }

    [Theory]
    [InlineData("2026-01-01", "2026-12-31", null)]
    [InlineData("2028-01-01", "2028-12-31", null)]
    [InlineData("2026-01-01", "2027-01-01", null)]
    [InlineData("2026-01-01", "2027-01-02", "The range from 'from' to 'to' must be at most 366 days.")]
    [InlineData("2026-01-02", "2026-01-01", "'from' must not be after 'to'.")]
    public void Ranges_are_checked(string from, string to, string? problem) =>
        Assert.Equal(problem, ScheduleRules.RangeProblem(DateOnly.Parse(from), DateOnly.Parse(to)));
}
