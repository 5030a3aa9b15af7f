using Tempo.Api.Tests.Infrastructure;

namespace Tempo.Api.Tests.Schemes;

/// <summary>A user's schedule: every day type, the range rules, and the token owner's own schedule.</summary>
public sealed class UserScheduleTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    [Fact]
    public async Task A_week_shows_every_day_type()
    {
        var api = await factory.ApiClientAsync("schemes", "MANAGE");
        var workload = await api.CreateWorkloadAsync(28_800, 28_800, 28_800, 28_800, 28_800, 0, 0);
        var holidays = await api.CreateHolidaySchemeAsync();
        var halfDay = await api.CreateHolidayAsync(holidays, "FLOATING", "2026-06-03", 14_400);
        var fullDay = await api.CreateHolidayAsync(holidays, "FIXED", "2019-06-04", 28_800);
        var weekend = await api.CreateHolidayAsync(holidays, "FIXED", "2000-06-06", 28_800);
        var user = SchemesTestData.NewAccount();
        await api.AssignAsync("workload", workload, user);
        await api.AssignAsync("holiday", holidays, user);

        var days = await api.ScheduleAsync(user, "2026-06-01", "2026-06-07");

        var seen = days.Select(d => (d!["date"]!.GetValue<string>(), d["type"]!.GetValue<string>(), d["requiredSeconds"]!.GetValue<long>(), d["holiday"]?["id"]?.GetValue<int>())).ToArray();
        Assert.Equal<(string, string, long, int?)>(
            [
                ("2026-06-01", "WORKING_DAY", 28_800, null),
                ("2026-06-02", "WORKING_DAY", 28_800, null),
                ("2026-06-03", "HOLIDAY", 14_400, halfDay),
                ("2026-06-04", "HOLIDAY", 0, fullDay),
                ("2026-06-05", "WORKING_DAY", 28_800, null),
                ("2026-06-06", "HOLIDAY_AND_NON_WORKING_DAY", 0, weekend),
                ("2026-06-07", "NON_WORKING_DAY", 0, null),
            ],
            seen);
        Assert.Equal("2026-06-04", days[3]!["holiday"]!["date"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_schedule_has_one_entry_a_day_up_to_366_days()
    {
        var api = await factory.ApiClientAsync("schemes", "VIEW");
        var user = SchemesTestData.NewAccount();

        var year = await api.ScheduleAsync(user, "2026-01-01", "2026-12-31");
        var leapYear = await api.ScheduleAsync(user, "2028-01-01", "2028-12-31");
        var oneDay = await api.ScheduleAsync(user, "2026-06-01", "2026-06-01");

        Assert.Equal(365, year.Count);
        Assert.Equal(366, leapYear.Count);
        Assert.Equal(Enumerable.Range(0, 365).Select(i => new DateOnly(2026, 1, 1).AddDays(i).ToString("yyyy-MM-dd")), year.Select(d => d!["date"]!.GetValue<string>()));
        Assert.Single(oneDay);
    }

    [Theory]
    [InlineData("from=2026-01-01&to=2027-01-02", "must be at most 366 days")]
    [InlineData("from=2026-06-02&to=2026-06-01", "'from' must not be after 'to'")]
    [InlineData("from=2026-6-01&to=2026-06-30", "Non valid date '2026-6-01' for 'from': format must be yyyy-MM-dd")]
    [InlineData("from=2026-06-01&to=yesterday", "Non valid date 'yesterday' for 'to': format must be yyyy-MM-dd")]
    [InlineData("from=2026-06-01", "'to' is required")]
    [InlineData("to=2026-06-01", "'from' is required")]
    public async Task A_bad_range_is_refused_with_a_message(string query, string message)
    {
        var api = await factory.ApiClientAsync("schemes", "VIEW");

        var other = await api.GetAsync($"/4/user-schedule/557058:someone?{query}");
        var own = await api.GetAsync($"/4/user-schedule?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.Contains(message, await other.ErrorMessageAsync());
        Assert.Equal(HttpStatusCode.BadRequest, own.StatusCode);
        Assert.Contains(message, await own.ErrorMessageAsync());
    }

    [Fact]
    public async Task The_own_schedule_of_an_unassigned_owner_follows_the_default_schemes()
    {
        var api = await factory.ApiClientAsync("schemes", "VIEW");

        var days = (await api.GetJsonAsync("/4/user-schedule?from=2026-06-05&to=2026-06-06"))["results"]!.AsArray();

        Assert.Equal(["WORKING_DAY", "NON_WORKING_DAY"], days.Select(d => d!["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_own_schedule_is_the_token_owners()
    {
        var owner = TempoClient.NewAccountId();
        var user = await factory.SignedInAsync(owner);
        var token = await user.CreateCustomTokenAsync(new Dictionary<string, string> { ["schemes"] = "MANAGE" });
        var api = factory.WithApiToken(token.Secret());
        var light = await api.CreateWorkloadAsync(3_600, 3_600, 3_600, 3_600, 3_600, 3_600, 3_600);
        await api.AssignAsync("workload", light, owner);

        var days = (await api.GetJsonAsync("/4/user-schedule?from=2026-06-06&to=2026-06-06"))["results"]!.AsArray();

        Assert.Equal(3_600, Assert.Single(days)!["requiredSeconds"]!.GetValue<long>());
    }
}
