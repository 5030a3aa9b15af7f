using Tempo.Api.Tests.Infrastructure;

namespace Tempo.Api.Tests.Schemes;

/// <summary>The default schemes of a tenant: what a fresh one has, moving the flag, refusing to delete it, and input checks.</summary>
public sealed class DefaultSchemesTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    [Fact]
    public async Task A_fresh_tenant_has_a_default_workload_scheme_of_eight_hours_on_weekdays()
    {
        var api = await factory.ApiClientAsync("schemes", "VIEW");

        var scheme = await api.GetJsonAsync("/4/workload-schemes/1");

        Assert.Equal("Default Workload Scheme", scheme["name"]!.GetValue<string>());
        Assert.Equal("", scheme["description"]!.GetValue<string>());
        var days = scheme["days"]!.AsArray().Select(d => (d!["day"]!.GetValue<string>(), d["requiredSeconds"]!.GetValue<long>())).ToArray();
        Assert.Equal(
            [("MONDAY", 28_800L), ("TUESDAY", 28_800L), ("WEDNESDAY", 28_800L), ("THURSDAY", 28_800L), ("FRIDAY", 28_800L), ("SATURDAY", 0L), ("SUNDAY", 0L)],
            days);
    }

    [Fact]
    public async Task A_fresh_tenant_has_an_empty_default_holiday_scheme()
    {
        var api = await factory.ApiClientAsync("schemes", "VIEW");

        var scheme = await api.GetJsonAsync("/4/holiday-schemes/1");
        var holidays = await api.GetJsonAsync("/4/holiday-schemes/1/holidays?year=2026");

        Assert.Equal("Default Holiday Scheme", scheme["name"]!.GetValue<string>());
        Assert.Empty(holidays["results"]!.AsArray());
    }

    [Fact]
    public async Task A_user_never_assigned_is_in_the_default_schemes()
    {
        var api = await factory.ApiClientAsync("schemes", "VIEW");
        var user = SchemesTestData.NewAccount();

        var workload = await api.GetJsonAsync($"/4/workload-schemes/users/{user}");
        var holidays = await api.GetJsonAsync($"/4/holiday-schemes/users/{user}");

        Assert.True(workload["defaultScheme"]!.GetValue<bool>(), "an unassigned user's workload scheme is the default");
        Assert.True(holidays["defaultScheme"]!.GetValue<bool>(), "an unassigned user's holiday scheme is the default");
    }

    [Theory]
    [InlineData("workload")]
    [InlineData("holiday")]
    public async Task Moving_the_default_flag_clears_the_old_default_and_unassigned_users_follow_it(string kind)
    {
        var api = await factory.ApiClientAsync("schemes", "MANAGE");
        var scheme = kind == "workload" ? await api.CreateWorkloadAsync(3_600, 3_600, 3_600, 3_600, 3_600, 3_600, 3_600) : await api.CreateHolidaySchemeAsync();
        var pinned = SchemesTestData.NewAccount();
        await api.AssignAsync(kind, 1, pinned);
        try
        {
            var made = await api.PutJsonAsync($"/4/{kind}-schemes/{scheme}/default", new { });

            Assert.True(made["defaultScheme"]!.GetValue<bool>());
            Assert.False((await api.GetJsonAsync($"/4/{kind}-schemes/1"))["defaultScheme"]!.GetValue<bool>(), "the old default loses the flag");
            var all = kind == "workload" ? (await api.GetJsonAsync("/4/workload-schemes?limit=1000"))["results"]! : (await api.GetJsonAsync("/4/holiday-schemes"))["results"]!;
            Assert.Single(all.AsArray(), s => s!["defaultScheme"]!.GetValue<bool>());
            Assert.Equal(scheme, (await api.GetJsonAsync($"/4/{kind}-schemes/users/{SchemesTestData.NewAccount()}"))["id"]!.GetValue<int>());
            Assert.Equal(1, (await api.GetJsonAsync($"/4/{kind}-schemes/users/{pinned}"))["id"]!.GetValue<int>());
        }
        finally
        {
            await api.PutJsonAsync($"/4/{kind}-schemes/1/default", new { });
        }
    }

    [Theory]
    [InlineData("workload")]
    [InlineData("holiday")]
    public async Task Deleting_the_default_scheme_is_refused(string kind)
    {
        var api = await factory.ApiClientAsync("schemes", "MANAGE");

        var response = await api.DeleteAsync($"/4/{kind}-schemes/1");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("default scheme and can't be deleted", await response.ErrorMessageAsync());
    }

    [Fact]
    public async Task A_workload_scheme_created_without_days_has_eight_hours_on_weekdays()
    {
        var api = await factory.ApiClientAsync("schemes", "MANAGE");

        var scheme = await api.PostJsonAsync("/4/workload-schemes", new { name = ScopedClients.Unique("WS") });

        Assert.Equal([28_800L, 28_800, 28_800, 28_800, 28_800, 0, 0], scheme["days"]!.AsArray().Select(d => d!["requiredSeconds"]!.GetValue<long>()));
    }

    public static TheoryData<object, string> BadWorkloads => new()
    {
        { new { name = "six days", days = SchemesTestData.DayNames.Take(6).Select(d => new { day = d, requiredSeconds = 0 }) }, "'days' must hold exactly 7 days" },
        { new { name = "twice monday", days = SchemesTestData.DayNames.Take(6).Prepend("MONDAY").Select(d => new { day = d, requiredSeconds = 0 }) }, "'days' holds MONDAY more than once" },
        { new { name = "long day", days = SchemesTestData.DayNames.Select(d => new { day = d, requiredSeconds = d == "FRIDAY" ? 86_401 : 0 }) }, "'days[4].requiredSeconds' must be between 0 and 86400" },
        { new { name = "negative", days = SchemesTestData.DayNames.Select(d => new { day = d, requiredSeconds = d == "MONDAY" ? -1 : 0 }) }, "'days[0].requiredSeconds' must be between 0 and 86400" },
        { new { name = "odd day", days = SchemesTestData.DayNames.Select(d => new { day = d == "SUNDAY" ? "FUNDAY" : d, requiredSeconds = 0 }) }, "'days[6].day' must be one of" },
        { new { description = "nameless" }, "'name' is required" },
    };

    [Theory]
    [MemberData(nameof(BadWorkloads))]
    public async Task A_bad_workload_scheme_is_refused_naming_the_field(object body, string message)
    {
        var api = await factory.ApiClientAsync("schemes", "MANAGE");

        var response = await api.PostAsJsonAsync("/4/workload-schemes", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Scheme_names_are_unique_within_their_kind()
    {
        var api = await factory.ApiClientAsync("schemes", "MANAGE");

        var response = await api.PostAsJsonAsync("/4/workload-schemes", new { name = "default workload scheme" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("already exists", await response.ErrorMessageAsync());
    }
}
