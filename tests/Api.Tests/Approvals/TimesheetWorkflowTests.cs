using Tempo.Api.Tests.Infrastructure;
using Tempo.Api.Tests.Worklogs;
using static Tempo.Api.Tests.Approvals.ApprovalsOrg;

namespace Tempo.Api.Tests.Approvals;

/// <summary>The state machine of a timesheet, who may take each transition, and what each answer carries.</summary>
public sealed class TimesheetWorkflowTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    private const string June = "2026-06-01";

    internal static string Status(JsonNode sheet) => sheet["status"]!["key"]!.GetValue<string>();

    internal static string[] Actions(JsonNode sheet) => [.. sheet["actions"]!.AsObject().Select(a => a.Key).Order()];

    [Fact]
    public async Task Every_transition_moves_the_status_and_is_logged_in_order()
    {
        var org = await ApprovalsOrg.CreateAsync(factory);
        var submit = new { comment = "done", reviewerAccountId = org.Lead };

        var untouched = await org.AsUser.GetJsonAsync(Sheet(org.User, "2026-06-17"));
        Assert.Equal("OPEN", Status(untouched));
        Assert.Equal("""{"from":"2026-06-01","to":"2026-06-30"}""", untouched["period"]!.ToJsonString());
        Assert.Equal(["submit"], Actions(untouched));
        Assert.Equal($"http://localhost/4/timesheet-approvals/user/{Uri.EscapeDataString(org.User)}/submit?from=2026-06-01&to=2026-06-30", untouched["actions"]!["submit"]!["self"]!.GetValue<string>());
        Assert.Equal($"http://localhost/4/worklogs/user/{Uri.EscapeDataString(org.User)}?from=2026-06-01&to=2026-06-30", untouched["worklogs"]!["self"]!.GetValue<string>());

        var submitted = await ActAsync(org.AsUser, org.User, June, "submit", submit);
        Assert.Equal("IN_REVIEW", Status(submitted));
        Assert.Equal(org.Lead, submitted["reviewer"]!["accountId"]!.GetValue<string>());
        Assert.Equal(org.User, submitted["status"]!["actor"]!["accountId"]!.GetValue<string>());
        Assert.Equal("2026-06-01T08:00:00Z", submitted["status"]!["updatedAt"]!.GetValue<string>());
        Assert.Equal(["recall"], Actions(submitted));
        Assert.Equal(["approve", "recall", "reject"], Actions(await org.AsLead.GetJsonAsync(Sheet(org.User, June))));

        var approved = await ActAsync(org.AsLead, org.User, June, "approve", new { comment = "ok" });
        Assert.Equal("APPROVED", Status(approved));
        Assert.Equal(["reopen"], Actions(approved));
        Assert.Empty(Actions(await org.AsUser.GetJsonAsync(Sheet(org.User, June))));

        Assert.Equal("OPEN", Status(await ActAsync(org.AsLead, org.User, June, "reopen", new { comment = "fix Friday" })));
        Assert.Equal("IN_REVIEW", Status(await ActAsync(org.AsLead, org.User, June, "submit", submit)));
        var rejected = await ActAsync(org.AsLead, org.User, June, "reject", new { comment = "missing Friday" });
        Assert.Equal("OPEN", Status(rejected));
        Assert.Equal("missing Friday", rejected["status"]!["comment"]!.GetValue<string>());
        Assert.Equal(org.Lead, rejected["status"]!["actor"]!["accountId"]!.GetValue<string>());
        Assert.Equal("IN_REVIEW", Status(await ActAsync(org.AsUser, org.User, June, "submit", submit)));
        Assert.Equal("OPEN", Status(await ActAsync(org.AsUser, org.User, June, "recall")));

        var logs = await org.AsUser.PostJsonAsync("/4/timesheet-approvals/logs/search", new { userAccountIds = new[] { org.User } });
        Assert.Equal(
            ["IN_REVIEW", "APPROVED", "OPEN", "IN_REVIEW", "OPEN", "IN_REVIEW", "OPEN"],
            logs["results"]!.AsArray().Select(l => l!["status"]!["key"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Every_transition_the_status_does_not_allow_is_refused_naming_the_status()
    {
        var org = await ApprovalsOrg.CreateAsync(factory);
        var submit = new { reviewerAccountId = org.Lead };

        async Task RefusedAsync(string action, string status)
        {
            object body = action == "submit" ? submit : new { comment = "no" };
            var response = await org.AsLead.PostAsJsonAsync(Sheet(org.User, June, action), body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.StartsWith($"The timesheet is {status}", await response.ErrorMessageAsync());
        }

        foreach (var action in new[] { "approve", "reject", "recall", "reopen" })
        {
            await RefusedAsync(action, "OPEN");
        }

        await ActAsync(org.AsLead, org.User, June, "submit", submit);
        await RefusedAsync("submit", "IN_REVIEW");
        await RefusedAsync("reopen", "IN_REVIEW");

        await ActAsync(org.AsLead, org.User, June, "approve");
        foreach (var action in new[] { "submit", "approve", "reject", "recall" })
        {
            await RefusedAsync(action, "APPROVED");
        }

        Assert.Equal("APPROVED", Status(await org.AsUser.GetJsonAsync(Sheet(org.User, June))));
    }

    [Fact]
    public async Task Only_reviewers_review_never_the_user_and_an_admin_created_token_reviews_anyone_else()
    {
        var org = await ApprovalsOrg.CreateAsync(factory);
        var otherLead = TempoClient.NewAccountId();
        await org.TeamAsync(otherLead, "2025-01-01", TempoClient.NewAccountId());
        var asOtherLead = await org.TokenAsync(otherLead);
        var asAdmin = await org.TokenAsync(TempoClient.NewAccountId(), admin: true);
        var userAsAdmin = await org.TokenAsync(org.User, admin: true);

        var strangerSubmit = await asOtherLead.PostAsJsonAsync(Sheet(org.User, June, "submit"), new { reviewerAccountId = org.Lead });
        Assert.Equal(HttpStatusCode.Forbidden, strangerSubmit.StatusCode);
        Assert.StartsWith("Only the user or one of their reviewers", await strangerSubmit.ErrorMessageAsync());
        Assert.Empty(Actions(await asOtherLead.GetJsonAsync(Sheet(org.User, June))));

        var noSuchReviewer = await org.AsUser.PostAsJsonAsync(Sheet(org.User, June, "submit"), new { reviewerAccountId = otherLead });
        Assert.Equal(HttpStatusCode.BadRequest, noSuchReviewer.StatusCode);
        Assert.Contains("'reviewerAccountId' must be one of the user's reviewers", await noSuchReviewer.ErrorMessageAsync());

        await ActAsync(org.AsUser, org.User, June, "submit", new { reviewerAccountId = org.Lead });
        foreach (var (client, who) in new[] { (org.AsUser, "the user"), (userAsAdmin, "the user with an admin-created token"), (asOtherLead, "a lead of another team") })
        {
            var approve = await client.PostAsJsonAsync(Sheet(org.User, June, "approve"), new { });
            Assert.True(approve.StatusCode == HttpStatusCode.Forbidden, $"{who} approved");
            Assert.StartsWith("Only a reviewer of the user", await approve.ErrorMessageAsync());
        }

        Assert.Equal(["approve", "recall", "reject"], Actions(await asAdmin.GetJsonAsync(Sheet(org.User, June))));
        Assert.Equal("APPROVED", Status(await ActAsync(asAdmin, org.User, June, "approve")));
    }

    [Fact]
    public async Task A_user_without_a_reviewer_cannot_submit()
    {
        var org = await ApprovalsOrg.CreateAsync(factory);
        var loner = TempoClient.NewAccountId();
        var asLoner = await org.TokenAsync(loner);

        var refused = await asLoner.PostAsJsonAsync(Sheet(loner, June, "submit"), new { reviewerAccountId = org.Lead });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("has no reviewer", await refused.ErrorMessageAsync());
        Assert.Empty((await asLoner.GetJsonAsync($"/4/timesheet-approvals/user/{loner}/reviewers"))["results"]!.AsArray());
    }

    [Fact]
    public async Task Required_and_spent_seconds_are_live_and_snapshotted_at_submit()
    {
        var org = await ApprovalsOrg.CreateAsync(factory);
        var issue = WorklogTestData.NewIssue();
        await org.AsUser.PostJsonAsync("/4/worklogs", WorklogTestData.Body(org.User, issue, "2026-06-03", timeSpentSeconds: 3600));
        await org.AsUser.PostJsonAsync("/4/worklogs", WorklogTestData.Body(org.User, issue, "2026-06-30", timeSpentSeconds: 1800));
        await org.AsUser.PostJsonAsync("/4/worklogs", WorklogTestData.Body(org.User, issue, "2026-07-01", timeSpentSeconds: 900));
        var schedules = await factory.ApiClientAsync("schemes", "VIEW", org.Tenant);
        var schedule = await schedules.GetJsonAsync($"/4/user-schedule/{org.User}?from=2026-06-01&to=2026-06-30");
        var required = schedule["results"]!.AsArray().Sum(d => d!["requiredSeconds"]!.GetValue<long>());

        var submitted = await ActAsync(org.AsUser, org.User, June, "submit", new { reviewerAccountId = org.Lead });
        await org.AsLead.PostJsonAsync("/4/worklogs", new { authorAccountId = org.User, issueId = issue, startDate = "2026-06-04", timeSpentSeconds = 60 }, HttpStatusCode.Forbidden);
        await ActAsync(org.AsLead, org.User, June, "reject");
        await org.AsUser.PostJsonAsync("/4/worklogs", WorklogTestData.Body(org.User, issue, "2026-06-04", timeSpentSeconds: 600));
        var live = await org.AsUser.GetJsonAsync(Sheet(org.User, June));

        Assert.True(required > 0, "the default schedule requires time in June");
        Assert.Equal(required, submitted["requiredSeconds"]!.GetValue<long>());
        Assert.Equal(5400, submitted["timeSpentSeconds"]!.GetValue<long>());
        Assert.Equal(required, submitted["status"]!["requiredSecondsAtSubmit"]!.GetValue<long>());
        Assert.Equal(5400, submitted["status"]!["timeSpentSecondsAtSubmit"]!.GetValue<long>());
        Assert.Equal(6000, live["timeSpentSeconds"]!.GetValue<long>());
        Assert.Null(live["status"]!["timeSpentSecondsAtSubmit"]);
    }

    [Fact]
    public async Task Waiting_lists_what_the_caller_reviews_and_the_team_lists_every_member()
    {
        var org = await ApprovalsOrg.CreateAsync(factory);
        var colleague = TempoClient.NewAccountId();
        await org.AsLead.PostJsonAsync("/4/team-memberships", new { teamId = org.TeamId, accountId = colleague, from = "2026-06-15" });

        await ActAsync(org.AsUser, org.User, June, "submit", new { reviewerAccountId = org.Lead });
        var waiting = await org.AsLead.GetJsonAsync("/4/timesheet-approvals/waiting");
        var nothingForUser = await org.AsUser.GetJsonAsync("/4/timesheet-approvals/waiting");
        var team = await org.AsUser.GetJsonAsync($"/4/timesheet-approvals/team/{org.TeamId}?from=2026-06-20");
        var reviewers = await org.AsUser.GetJsonAsync($"/4/timesheet-approvals/user/{org.User}/reviewers");
        await ActAsync(org.AsLead, org.User, June, "approve");
        var afterApproval = await org.AsLead.GetJsonAsync("/4/timesheet-approvals/waiting");

        Assert.Equal([org.User], waiting["results"]!.AsArray().Select(s => s!["user"]!["accountId"]!.GetValue<string>()));
        Assert.Equal(1, waiting["metadata"]!["count"]!.GetValue<int>());
        Assert.Empty(nothingForUser["results"]!.AsArray());
        Assert.Equal(new[] { org.User, colleague }.Order(StringComparer.Ordinal), team["results"]!.AsArray().Select(s => s!["user"]!["accountId"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal([org.Lead], reviewers["results"]!.AsArray().Select(r => r!["accountId"]!.GetValue<string>()));
        Assert.Empty(afterApproval["results"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await org.AsUser.GetAsync("/4/timesheet-approvals/team/999999?from=2026-06-01")).StatusCode);
    }

    [Fact]
    public async Task Log_search_pages_with_next_page_token_and_filters_by_user_and_update_time()
    {
        var org = await ApprovalsOrg.CreateAsync(factory);
        for (var i = 0; i < 3; i++)
        {
            await ActAsync(org.AsUser, org.User, June, "submit", new { reviewerAccountId = org.Lead });
            await ActAsync(org.AsUser, org.User, June, "recall");
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var url = "/4/timesheet-approvals/logs/search?limit=4" + (token is null ? string.Empty : "&nextPageToken=" + Uri.EscapeDataString(token));
            var page = await org.AsUser.PostJsonAsync(url, new { userAccountIds = new[] { org.User } });
            seen.AddRange(page["results"]!.AsArray().Select(l => l!["status"]!["key"]!.GetValue<string>()));
            token = page["metadata"]!.AsObject().TryGetPropertyValue("nextPageToken", out var next) ? next!.GetValue<string>() : null;
        }
        while (token is not null && ++pages < 10);

        Assert.Equal(6, seen.Count);
        Assert.Empty((await org.AsUser.PostJsonAsync("/4/timesheet-approvals/logs/search", new { userAccountIds = new[] { org.Lead } }))["results"]!.AsArray());
        Assert.Empty((await org.AsUser.PostJsonAsync("/4/timesheet-approvals/logs/search", new { updatedFrom = "2026-06-02" }))["results"]!.AsArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await org.AsUser.PostAsJsonAsync("/4/timesheet-approvals/logs/search?nextPageToken=junk", new { })).StatusCode);
    }

    [Fact]
    public async Task Bad_dates_and_ids_are_400_and_404()
    {
        var org = await ApprovalsOrg.CreateAsync(factory);

        var badFrom = await org.AsUser.GetAsync($"/4/timesheet-approvals/user/{org.User}?from=2026-13-01");
        Assert.Equal(HttpStatusCode.BadRequest, badFrom.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await org.AsUser.GetAsync($"/4/timesheet-approvals/user/{org.User}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await org.AsUser.GetAsync("/4/timesheet-approvals/user/bad+id?from=2026-06-01")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await org.AsUser.GetAsync("/4/timesheet-approvals/team/abc?from=2026-06-01")).StatusCode);
    }

    [Fact]
    public async Task Timesheets_and_logs_of_another_tenant_are_invisible()
    {
        var org = await ApprovalsOrg.CreateAsync(factory);
        await ActAsync(org.AsUser, org.User, June, "submit", new { reviewerAccountId = org.Lead });
        var other = await ApprovalsOrg.CreateAsync(factory);
        var sameUserElsewhere = await other.TokenAsync(org.User);
        var sameLeadElsewhere = await other.TokenAsync(org.Lead);

        Assert.Equal("OPEN", Status(await sameUserElsewhere.GetJsonAsync(Sheet(org.User, June))));
        Assert.Empty((await sameLeadElsewhere.GetJsonAsync("/4/timesheet-approvals/waiting"))["results"]!.AsArray());
        Assert.Empty((await sameUserElsewhere.PostJsonAsync("/4/timesheet-approvals/logs/search", new { userAccountIds = new[] { org.User } }))["results"]!.AsArray());
        await sameUserElsewhere.PostJsonAsync("/4/worklogs", WorklogTestData.Body(org.User, WorklogTestData.NewIssue(), "2026-06-05"));
        Assert.Equal(HttpStatusCode.NotFound, (await sameLeadElsewhere.GetAsync($"/4/timesheet-approvals/team/{org.TeamId + 1000}?from=2026-06-01")).StatusCode);
    }
}
