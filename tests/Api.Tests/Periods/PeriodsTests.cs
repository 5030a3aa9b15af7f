using Tempo.Api.Tests.Approvals;
using Tempo.Api.Tests.Infrastructure;
using static Tempo.Api.Tests.Approvals.ApprovalsOrg;

namespace Tempo.Api.Tests.Periods;

/// <summary>Period configuration (administrators change it, everyone of the tenant reads it), closures and /4/periods.</summary>
public sealed class PeriodsTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    private static string Periods(JsonNode answer) => string.Join(" ", answer["periods"]!.AsArray().Select(p => $"{p!["from"]}..{p["to"]}"));

    [Fact]
    public async Task The_default_is_calendar_months()
    {
        var org = await ApprovalsOrg.CreateAsync(factory);

        var settings = await org.Settings.GetJsonAsync("/settings/periods");
        var periods = await org.AsUser.GetJsonAsync("/4/periods?from=2026-05-31&to=2026-07-01");

        Assert.Equal("""{"approvalPeriod":"MONTHLY","weekStartDay":"MONDAY","monthStartDay":1,"monthStartMonth":"JANUARY"}""", settings.ToJsonString());
        Assert.Equal("2026-05-01..2026-05-31 2026-06-01..2026-06-30 2026-07-01..2026-07-31", Periods(periods));
    }

    [Fact]
    public async Task Weekly_periods_start_on_the_configured_day_and_cross_a_years_end()
    {
        var org = await ApprovalsOrg.CreateAsync(factory);
        await org.Settings.PutJsonAsync("/settings/periods", new { approvalPeriod = "WEEKLY", weekStartDay = "SUNDAY" });

        var periods = await org.AsUser.GetJsonAsync("/4/periods?from=2026-12-30&to=2027-01-04");
        var sheet = await org.AsUser.GetJsonAsync(Sheet(org.User, "2027-01-01"));
        var submitted = await ActAsync(org.AsUser, org.User, "2027-01-02", "submit", new { reviewerAccountId = org.Lead });

        Assert.Equal("2026-12-27..2027-01-02 2027-01-03..2027-01-09", Periods(periods));
        Assert.Equal("""{"from":"2026-12-27","to":"2027-01-02"}""", sheet["period"]!.ToJsonString());
        Assert.Equal("2026-12-27", submitted["period"]!["from"]!.GetValue<string>());
        Assert.Equal("OPEN", TimesheetWorkflowTests.Status(await org.AsUser.GetJsonAsync(Sheet(org.User, "2027-01-03"))));
    }

    [Fact]
    public async Task Monthly_periods_from_a_start_day_cross_a_years_end()
    {
        var org = await ApprovalsOrg.CreateAsync(factory);
        var saved = await org.Settings.PutJsonAsync("/settings/periods", new { approvalPeriod = "MONTHLY", monthStartDay = 15, monthStartMonth = "DECEMBER" });

        var periods = await org.AsUser.GetJsonAsync("/4/periods?from=2026-12-14&to=2027-01-15");
        var sheet = await org.AsUser.GetJsonAsync(Sheet(org.User, "2027-01-03"));

        Assert.Equal(15, saved["monthStartDay"]!.GetValue<int>());
        Assert.Equal("2026-11-15..2026-12-14 2026-12-15..2027-01-14 2027-01-15..2027-02-14", Periods(periods));
        Assert.Equal("""{"from":"2026-12-15","to":"2027-01-14"}""", sheet["period"]!.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, (await org.Settings.PutAsJsonAsync($"/settings/period-closures/2027-01-01", new { })).StatusCode);
        Assert.Equal("""{"from":"2026-12-15","to":"2027-01-14"}""", (await org.Settings.PutJsonAsync("/settings/period-closures/2026-12-15", new { })).ToJsonString());
    }

    [Fact]
    public async Task Only_administrators_change_settings_and_close_periods_and_api_tokens_never_reach_them()
    {
        var org = await ApprovalsOrg.CreateAsync(factory);
        var member = await factory.SignedInAsync(TempoClient.NewAccountId(), org.Tenant);

        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/settings/periods")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/settings/period-closures")).StatusCode);
        foreach (var refused in new[]
        {
            await member.PutAsJsonAsync("/settings/periods", new { approvalPeriod = "WEEKLY" }),
            await member.PutAsJsonAsync("/settings/period-closures/2026-06-01", new { }),
            await member.DeleteAsync("/settings/period-closures/2026-06-01"),
        })
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("Only a tenant administrator may change the period settings.", await refused.ErrorMessageAsync());
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await org.AsUser.GetAsync("/settings/periods")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await org.Settings.PutAsJsonAsync("/settings/periods", new { approvalPeriod = "DAILY" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await org.Settings.PutAsJsonAsync("/settings/periods", new { approvalPeriod = "MONTHLY", monthStartDay = 29 })).StatusCode);

        await org.Settings.PutJsonAsync("/settings/period-closures/2026-06-01", new { });
        Assert.Equal("""{"closed":[{"from":"2026-06-01","to":"2026-06-30"}]}""", (await member.GetJsonAsync("/settings/period-closures")).ToJsonString());
        Assert.Equal(HttpStatusCode.NoContent, (await org.Settings.DeleteAsync("/settings/period-closures/2026-06-01")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await org.Settings.DeleteAsync("/settings/period-closures/2026-06-01")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await org.Settings.DeleteAsync("/settings/period-closures/June")).StatusCode);
    }

    [Fact]
    public async Task Periods_need_both_dates_in_order_and_settings_stay_in_their_tenant()
    {
        var org = await ApprovalsOrg.CreateAsync(factory);
        var other = await ApprovalsOrg.CreateAsync(factory);
        await org.Settings.PutJsonAsync("/settings/periods", new { approvalPeriod = "WEEKLY" });
        await org.Settings.PutJsonAsync("/settings/period-closures/2026-06-01", new { });

        Assert.Equal(HttpStatusCode.BadRequest, (await org.AsUser.GetAsync("/4/periods?from=2026-06-01")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await org.AsUser.GetAsync("/4/periods?from=2026-06-10&to=2026-06-01")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await org.AsUser.GetAsync("/4/periods?from=2026-06-01&to=tomorrow")).StatusCode);
        Assert.Equal("2026-06-01..2026-06-30", Periods(await other.AsUser.GetJsonAsync("/4/periods?from=2026-06-01&to=2026-06-30")));
        Assert.Equal("""{"closed":[]}""", (await other.Settings.GetJsonAsync("/settings/period-closures")).ToJsonString());
        await other.AsUser.PostJsonAsync("/4/worklogs", Worklogs.WorklogTestData.Body(other.User, Worklogs.WorklogTestData.NewIssue(), "2026-06-02"));
    }
}
