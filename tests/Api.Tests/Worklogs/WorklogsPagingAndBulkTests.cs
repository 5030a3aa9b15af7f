using Tempo.Api.Tests.Infrastructure;
using Tempo.Grains.Worklogs;
using static Tempo.Api.Tests.Worklogs.WorklogTestData;

namespace Tempo.Api.Tests.Worklogs;

public sealed class WorklogsPagingAndBulkTests(WorklogsApiFactory factory) : IClassFixture<WorklogsApiFactory>
{
    private static object[] Items(string author, int count, Func<int, string> date, string time = "09:00:00") =>
        [.. Enumerable.Range(0, count).Select(i => new { authorAccountId = author, startDate = date(i), startTime = time, timeSpentSeconds = 60 + i, description = $"#{i}" })];

    private static async Task<long[]> BulkAsync(HttpClient api, long issue, object[] items) =>
        [.. (await api.PostJsonAsync($"/4/worklogs/issue/{issue}/bulk", items)).AsArray().Select(w => w!["tempoWorklogId"]!.GetValue<long>())];

    [Fact]
    public async Task Following_next_meets_every_worklog_once_even_with_equal_start_times()
    {
        var api = await factory.ApiClientAsync("worklogs", "MANAGE");
        var author = NewAuthor();
        var issue = NewIssue();
        var created = new List<long>();
        for (var batch = 0; batch < 3; batch++)
        {
            created.AddRange(await BulkAsync(api, issue, Items(author, batch < 2 ? 50 : 30, _ => "2026-06-10")));
        }

        var (ids, pages) = await api.AllPagesAsync($"/4/worklogs/issue/{issue}?limit=20");

        Assert.Equal(7, pages);
        Assert.Equal(created.Order(), ids);
        var (searched, searchPages) = await api.AllPagesAsync("/4/worklogs/search?limit=25", url => api.PostJsonAsync(url, new { issueIds = new[] { issue } }));
        Assert.Equal(6, searchPages);
        Assert.Equal(created.Order(), searched);
        var middle = await api.GetJsonAsync($"/4/worklogs/issue/{issue}?offset=55&limit=10");
        Assert.Equal(created.Order().Skip(55).Take(10), middle["results"]!.AsArray().Select(r => r!["tempoWorklogId"]!.GetValue<long>()));
        Assert.Equal($"http://localhost/4/worklogs/issue/{issue}?offset=45&limit=10", middle["metadata"]!["previous"]!.GetValue<string>());
        Assert.Equal($"http://localhost/4/worklogs/issue/{issue}?offset=65&limit=10", middle["metadata"]!["next"]!.GetValue<string>());
    }

    [Fact]
    public async Task Paging_walks_across_months_in_start_order_both_ways()
    {
        var api = await factory.ApiClientAsync("worklogs", "MANAGE");
        var author = NewAuthor();
        var project = NewProject();
        var created = new List<long>();
        foreach (var (month, n) in new[] { (5, 1), (6, 2), (8, 3) })
        {
            created.AddRange(await BulkAsync(api, IssueOf(project, n), Items(author, 15, i => $"2026-{month:D2}-{i + 1:D2}", time: "08:30:00")));
        }

        var (ids, pages) = await api.AllPagesAsync($"/4/worklogs/user/{author}?limit=10");
        var (projectIds, _) = await api.AllPagesAsync($"/4/worklogs/project/{project}?limit=7");
        var (descending, _) = await api.AllPagesAsync("/4/worklogs/search?limit=8", url => api.PostJsonAsync(url, new
        {
            authorIds = new[] { author },
            orderBy = new[] { new { field = "START_DATE_TIME", order = "DESC" } },
        }));

        Assert.Equal(5, pages);
        Assert.Equal(created, ids);
        Assert.Equal(created, projectIds);
        Assert.Equal(created.AsEnumerable().Reverse(), descending);
    }

    [Fact]
    public async Task Bulk_create_is_all_or_nothing_and_answers_in_order()
    {
        var api = await factory.ApiClientAsync("worklogs", "MANAGE");
        var author = NewAuthor();
        var issue = NewIssue();

        var bad = await api.PostAsJsonAsync($"/4/worklogs/issue/{issue}/bulk", new object[]
        {
            new { authorAccountId = author, startDate = "2026-06-01", timeSpentSeconds = 60 },
            new { authorAccountId = author, startDate = "June 2nd", timeSpentSeconds = 60 },
            new { authorAccountId = author, startDate = "2026-06-03", timeSpentSeconds = 60 },
            new { authorAccountId = author, startDate = "2026-06-04" },
        });
        var tooMany = await api.PostAsJsonAsync($"/4/worklogs/issue/{issue}/bulk", Items(author, 51, _ => "2026-06-01"));
        var none = await api.PostAsJsonAsync($"/4/worklogs/issue/{issue}/bulk", Array.Empty<object>());
        var created = await api.PostJsonAsync($"/4/worklogs/issue/{issue}/bulk", Items(author, 3, i => $"2026-06-0{3 - i}"));

        // Every invalid item is named, in order, and only those.
        var problems = JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["errors"]!.AsArray().Select(e => e!["message"]!.GetValue<string>()).ToArray();
        Assert.Equal(2, problems.Length);
        Assert.Contains("for '[1].startDate': format must be yyyy-MM-dd.", problems[0]);
        Assert.Equal("'[3].timeSpentSeconds' is required.", problems[1]);
        Assert.Equal("The body must list 1 to 50 worklogs.", await tooMany.ErrorMessageAsync());
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Equal(["#0", "#1", "#2"], created.AsArray().Select(w => w!["description"]!.GetValue<string>()));
        Assert.All(created.AsArray(), w => Assert.Equal(issue, w!["issue"]!["id"]!.GetValue<long>()));
        var listed = (await api.GetJsonAsync($"/4/worklogs/issue/{issue}"))["results"]!.AsArray();
        Assert.Equal(["#2", "#1", "#0"], listed.Select(w => w!["description"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_second_bulk_for_the_same_issue_while_one_runs_gets_409()
    {
        var api = await factory.ApiClientAsync("worklogs", "MANAGE");
        var author = NewAuthor();
        var issue = NewIssue();
        var otherIssue = NewIssue();
        Func<Grains.Interfaces.Worklogs.Worklog, bool> ofIssue = w => w.IssueId == issue;
        var barrier = factory.Steps.HoldAt(WorklogWriteStep.BulkLocked, ofIssue);
        try
        {
            var first = api.PostAsJsonAsync($"/4/worklogs/issue/{issue}/bulk", Items(author, 2, _ => "2026-06-01"));
            await barrier.Reached.Task;

            var second = await api.PostAsJsonAsync($"/4/worklogs/issue/{issue}/bulk", Items(author, 1, _ => "2026-06-02"));
            var elsewhere = await api.PostAsJsonAsync($"/4/worklogs/issue/{otherIssue}/bulk", Items(author, 1, _ => "2026-06-02"));
            var single = await api.PostAsJsonAsync("/4/worklogs", Body(author, issue, "2026-06-03"));

            Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
            Assert.Equal($"A bulk create of worklogs for issue '{issue}' is already running", await second.ErrorMessageAsync());
            Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
            Assert.Equal(HttpStatusCode.OK, single.StatusCode);
            barrier.Release();
            Assert.Equal(HttpStatusCode.OK, (await first).StatusCode);
        }
        finally
        {
            barrier.Release();
            factory.Steps.Clear(ofIssue);
        }

        var after = await api.PostAsJsonAsync($"/4/worklogs/issue/{issue}/bulk", Items(author, 1, _ => "2026-06-04"));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(4, (await api.GetJsonAsync($"/4/worklogs/issue/{issue}"))["results"]!.AsArray().Count);
    }

    [Fact]
    public async Task Every_worklog_has_a_stable_jira_twin_both_ways()
    {
        var api = await factory.ApiClientAsync("worklogs", "MANAGE");
        var author = NewAuthor();
        var issue = NewIssue();
        var first = (await api.CreateAsync(author, issue, "2026-06-01")).Id();
        var second = (await api.CreateAsync(author, issue, "2026-06-02")).Id();
        var deleted = (await api.CreateAsync(author, issue, "2026-06-03")).Id();
        await api.DeleteAsync($"/4/worklogs/{deleted}");
        const long Offset = 10_000_000_000;

        var toJira = await api.PostJsonAsync("/4/worklogs/tempo-to-jira", new { tempoWorklogIds = new[] { second, first, deleted, 42L, second } });
        var toTempo = await api.PostJsonAsync("/4/worklogs/jira-to-tempo", new { jiraWorklogIds = new[] { first + Offset, deleted + Offset, 7L, second + Offset } });
        var paged = await api.PostJsonAsync("/4/worklogs/jira-to-tempo?limit=1", new { jiraWorklogIds = new[] { first + Offset, second + Offset } });
        var again = await api.PostJsonAsync("/4/worklogs/tempo-to-jira", new { tempoWorklogIds = new[] { first } });

        Assert.Equal($$"""[{"tempoWorklogId":{{second}},"jiraWorklogId":{{second + Offset}}},{"tempoWorklogId":{{first}},"jiraWorklogId":{{first + Offset}}}]""", toJira["results"]!.ToJsonString());
        Assert.Equal($$"""[{"tempoWorklogId":{{first}},"jiraWorklogId":{{first + Offset}}},{"tempoWorklogId":{{second}},"jiraWorklogId":{{second + Offset}}}]""", toTempo["results"]!.ToJsonString());
        Assert.Single(paged["results"]!.AsArray());
        Assert.Equal("http://localhost/4/worklogs/jira-to-tempo?offset=1&limit=1", paged["metadata"]!["next"]!.GetValue<string>());
        Assert.Equal(first + Offset, again["results"]![0]!["jiraWorklogId"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsJsonAsync("/4/worklogs/tempo-to-jira", new { tempoWorklogIds = Array.Empty<long>() })).StatusCode);
    }

    [Fact]
    public async Task A_closed_period_refuses_writes_with_403_unless_bypassed()
    {
        var api = await factory.ApiClientAsync("worklogs", "MANAGE");
        var administrator = await factory.SignedInAsync(TempoClient.NewAccountId(), admin: true);
        var adminToken = factory.WithApiToken((await administrator.CreateCustomTokenAsync(new Dictionary<string, string> { ["worklogs"] = "MANAGE" })).Secret());
        var author = NewAuthor();
        var issue = NewIssue();
        var open = (await api.CreateAsync(author, issue, "2026-06-01")).Id();
        factory.ClosedPeriods[(author, new DateOnly(2026, 6, 1))] = true;
        factory.ClosedPeriods[(author, new DateOnly(2026, 6, 2))] = true;

        var create = await api.PostAsJsonAsync("/4/worklogs", Body(author, issue, "2026-06-02"));
        var bypassed = await adminToken.PostJsonAsync("/4/worklogs", new { authorAccountId = author, issueId = issue, startDate = "2026-06-02", timeSpentSeconds = 60, bypassPeriodClosuresAndApprovals = true });
        var update = await api.PutAsJsonAsync($"/4/worklogs/{open}", new { authorAccountId = author, startDate = "2026-06-05", timeSpentSeconds = 60 });
        var delete = await api.DeleteAsync($"/4/worklogs/{open}");
        var bulk = await api.PostAsJsonAsync($"/4/worklogs/issue/{issue}/bulk", new[] { new { authorAccountId = author, startDate = "2026-06-02", timeSpentSeconds = 60 } });
        var deleteBypassed = await adminToken.DeleteAsync($"/4/worklogs/{open}?bypassPeriodClosuresAndApprovals=true");

        foreach (var refused in new[] { create, update, delete, bulk })
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("Period is closed", await refused.ErrorMessageAsync());
        }

        Assert.Equal(HttpStatusCode.NoContent, deleteBypassed.StatusCode);
        Assert.Equal([bypassed.Id()], (await api.GetJsonAsync($"/4/worklogs/issue/{issue}"))["results"]!.AsArray().Select(w => w!["tempoWorklogId"]!.GetValue<long>()));
    }

    [Fact]
    public async Task A_create_that_crashes_between_its_steps_shows_nowhere_and_the_next_one_does()
    {
        var api = await factory.ApiClientAsync("worklogs", "MANAGE");
        var author = NewAuthor();
        var issue = NewIssue();
        Func<Grains.Interfaces.Worklogs.Worklog, bool> ofIssue = w => w.IssueId == issue;
        factory.Steps.CrashAt(WorklogWriteStep.IndexesStaged, ofIssue);

        var crashed = await api.PostAsJsonAsync("/4/worklogs", Body(author, issue, "2026-06-01"));
        factory.Steps.Clear(ofIssue);

        Assert.Equal(HttpStatusCode.InternalServerError, crashed.StatusCode);
        foreach (var list in new[] { $"/4/worklogs/issue/{issue}", $"/4/worklogs/user/{author}", $"/4/worklogs/project/{WorklogsApiFactory.ProjectOf(issue)}", $"/4/worklogs?issueId={issue}" })
        {
            Assert.Empty((await api.GetJsonAsync(list))["results"]!.AsArray());
        }

        var created = (await api.CreateAsync(author, issue, "2026-06-01")).Id();
        Assert.Equal([created], (await api.GetJsonAsync($"/4/worklogs/issue/{issue}"))["results"]!.AsArray().Select(w => w!["tempoWorklogId"]!.GetValue<long>()));
    }

    [Fact]
    public async Task A_view_token_may_list_but_search_and_writes_need_manage()
    {
        var view = await factory.ApiClientAsync("worklogs", "VIEW");

        Assert.Equal(HttpStatusCode.OK, (await view.GetAsync("/4/worklogs?from=2026-06-01&to=2026-06-01")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await view.GetAsync("/4/work-attributes")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await view.PostAsJsonAsync("/4/worklogs/search", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await view.PostAsJsonAsync("/4/worklogs", Body(NewAuthor(), NewIssue(), "2026-06-01"))).StatusCode);
    }
}
