using Tempo.Api.Tests.Infrastructure;

namespace Tempo.Api.Tests.Schemes;

/// <summary>Holidays: FIXED ones projected onto every year (29 February only in leap years), FLOATING on their date, and input checks.</summary>
public sealed class HolidayScenarioTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    [Fact]
    public async Task A_fixed_holiday_recurs_every_year_on_its_month_and_day()
    {
        var api = await factory.ApiClientAsync("schemes", "MANAGE");
        var scheme = await api.CreateHolidaySchemeAsync();
        var christmas = await api.CreateHolidayAsync(scheme, "FIXED", "2020-12-25");

        foreach (var year in new[] { 1999, 2020, 2026, 2031 })
        {
            var holidays = (await api.GetJsonAsync($"/4/holiday-schemes/{scheme}/holidays?year={year}"))["results"]!.AsArray();
            var only = Assert.Single(holidays);
            Assert.Equal(christmas, only!["id"]!.GetValue<int>());
            Assert.Equal($"{year}-12-25", only["date"]!.GetValue<string>());
        }

        Assert.Equal("2020-12-25", (await api.GetJsonAsync($"/4/holiday-schemes/{scheme}/holidays/{christmas}"))["date"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_floating_holiday_falls_only_on_its_date()
    {
        var api = await factory.ApiClientAsync("schemes", "MANAGE");
        var scheme = await api.CreateHolidaySchemeAsync();
        var easter = await api.CreateHolidayAsync(scheme, "FLOATING", "2026-04-06");
        await api.CreateHolidayAsync(scheme, "FIXED", "2026-01-01");

        var in2026 = (await api.GetJsonAsync($"/4/holiday-schemes/{scheme}/holidays?year=2026"))["results"]!.AsArray();
        var in2027 = (await api.GetJsonAsync($"/4/holiday-schemes/{scheme}/holidays?year=2027"))["results"]!.AsArray();
        var floating = (await api.GetJsonAsync($"/4/holiday-schemes/{scheme}/holidays/floating"))["results"]!.AsArray();

        Assert.Equal(["2026-01-01", "2026-04-06"], in2026.Select(h => h!["date"]!.GetValue<string>()));
        Assert.Equal(["2027-01-01"], in2027.Select(h => h!["date"]!.GetValue<string>()));
        Assert.Equal([easter], floating.Select(h => h!["id"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_fixed_29_February_falls_only_in_leap_years()
    {
        var api = await factory.ApiClientAsync("schemes", "MANAGE");
        var scheme = await api.CreateHolidaySchemeAsync();
        await api.CreateHolidayAsync(scheme, "FIXED", "2024-02-29");
        var user = SchemesTestData.NewAccount();
        await api.AssignAsync("holiday", scheme, user);

        var leap = (await api.GetJsonAsync($"/4/holiday-schemes/{scheme}/holidays?year=2028"))["results"]!.AsArray();
        var common = (await api.GetJsonAsync($"/4/holiday-schemes/{scheme}/holidays?year=2026"))["results"]!.AsArray();
        var commonDays = await api.ScheduleAsync(user, "2026-02-27", "2026-03-02");
        var leapDay = Assert.Single(await api.ScheduleAsync(user, "2028-02-29", "2028-02-29"));

        Assert.Equal(["2028-02-29"], leap.Select(h => h!["date"]!.GetValue<string>()));
        Assert.Empty(common);
        Assert.All(commonDays, d => Assert.Null(d!["holiday"]));
        Assert.Equal(["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"], commonDays.Select(d => d!["date"]!.GetValue<string>()));
        Assert.Equal("HOLIDAY", leapDay!["type"]!.GetValue<string>());
        Assert.Equal("2028-02-29", leapDay["holiday"]!["date"]!.GetValue<string>());
    }

    [Fact]
    public async Task Holidays_can_be_updated_and_deleted()
    {
        var api = await factory.ApiClientAsync("schemes", "MANAGE");
        var scheme = await api.CreateHolidaySchemeAsync();
        var holiday = await api.CreateHolidayAsync(scheme, "FIXED", "2026-05-01");

        var updated = await api.PutJsonAsync($"/4/holiday-schemes/{scheme}/holidays/{holiday}", SchemesTestData.Holiday("Labour day", "FLOATING", "2027-05-03", 14_400));
        var deleted = await api.DeleteAsync($"/4/holiday-schemes/{scheme}/holidays/{holiday}");

        Assert.Equal(("FLOATING", "2027-05-03", 14_400L), (updated["type"]!.GetValue<string>(), updated["date"]!.GetValue<string>(), updated["durationSeconds"]!.GetValue<long>()));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/4/holiday-schemes/{scheme}/holidays/{holiday}")).StatusCode);
    }

    [Fact]
    public async Task A_holiday_is_found_only_under_its_own_scheme()
    {
        var api = await factory.ApiClientAsync("schemes", "MANAGE");
        var scheme = await api.CreateHolidaySchemeAsync();
        var other = await api.CreateHolidaySchemeAsync();
        var holiday = await api.CreateHolidayAsync(scheme, "FIXED", "2026-05-01");

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/4/holiday-schemes/{other}/holidays/{holiday}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/4/holiday-schemes/999999/holidays?year=2026")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsJsonAsync("/4/holiday-schemes/999999/holidays", SchemesTestData.Holiday("x", "FIXED", "2026-01-01"))).StatusCode);
    }

    public static TheoryData<object, string> BadHolidays => new()
    {
        { SchemesTestData.Holiday("zero", "FIXED", "2026-01-01", 0), "'durationSeconds' must be between 1 and 86400" },
        { SchemesTestData.Holiday("too long", "FIXED", "2026-01-01", 86_401), "'durationSeconds' must be between 1 and 86400" },
        { SchemesTestData.Holiday("odd type", "SOMETIMES", "2026-01-01"), "'type' must be one of FIXED, FLOATING" },
        { SchemesTestData.Holiday("bad date", "FIXED", "2026-13-01"), "Non valid date '2026-13-01' for 'date': format must be yyyy-MM-dd" },
        { new { name = "no date", type = "FIXED", durationSeconds = 1 }, "'date' is required" },
        { new { type = "FIXED", date = "2026-01-01", durationSeconds = 1 }, "'name' is required" },
    };

    [Theory]
    [MemberData(nameof(BadHolidays))]
    public async Task A_bad_holiday_is_refused_naming_the_field(object body, string message)
    {
        var api = await factory.ApiClientAsync("schemes", "MANAGE");

        var response = await api.PostAsJsonAsync("/4/holiday-schemes/1/holidays", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
    }
}
