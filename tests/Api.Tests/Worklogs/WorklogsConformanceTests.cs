using Tempo.Api.Tests.Infrastructure;
using static Tempo.Api.Tests.Infrastructure.ScopedClients;
using static Tempo.Api.Tests.Worklogs.WorklogTestData;

namespace Tempo.Api.Tests.Worklogs;

public sealed class WorklogsConformanceTests(WorklogsApiFactory factory) : IClassFixture<WorklogsApiFactory>
{
    [Fact]
    public async Task Every_worklogs_operation_answers_as_the_contract_says()
    {
        var api = await factory.ApiClientAsync("worklogs", "MANAGE");
        var accounts = await factory.ApiClientAsync("accounts", "MANAGE");
        var teams = await factory.ApiClientAsync("teams", "MANAGE");
        var author = NewAuthor();
        var project = NewProject();
        var issue = IssueOf(project);
        var accountKey = Unique("ACC");
        var listKey = Unique("LIST");
        var doomedKey = Unique("DOOM");

        await accounts.PostJsonAsync("/4/accounts", new { key = accountKey, name = "Support", status = "OPEN", leadAccountId = "557058:lead" });
        await api.PostJsonAsync("/4/work-attributes", new { key = "_Account_", name = "Account", type = "ACCOUNT" }, expected: HttpStatusCode.OK);
        await api.PostJsonAsync("/4/work-attributes", new { key = listKey, name = "Colour", type = "STATIC_LIST", values = new[] { "red", "green" } });
        await api.PostJsonAsync("/4/work-attributes", new { key = doomedKey, name = "Gone soon", type = "INPUT_FIELD" });
        var team = await teams.PostJsonAsync("/4/teams", new { name = Unique("Team") });
        var teamId = team["id"]!.GetValue<int>();
        await teams.PostJsonAsync("/4/team-memberships", new { teamId, accountId = author, from = "2026-01-01", to = "2027-01-01" });

        var worklog = await api.PostJsonAsync("/4/worklogs", Body(author, issue, "2026-06-02", attributes: [new { key = "_Account_", value = accountKey }]));
        var doomed = await api.CreateAsync(author, issue, "2026-06-03");
        var bare = await api.CreateAsync(author, issue, "2026-06-04");
        var id = worklog.Id();

        ConformanceCase[] cases =
        [
            new("getWorkAttributes", "/4/work-attributes?limit=10"),
            new("createWorkAttributes", "/4/work-attributes", new { key = Unique("NUM"), name = "Hours", type = "INPUT_NUMERIC", required = false }),
            new("getWorkAttributeByKey", $"/4/work-attributes/{listKey}"),
            new("updateWorkAttributeByKey", $"/4/work-attributes/{listKey}", new { name = "Colour", type = "STATIC_LIST", values = new[] { "red", "green", "blue" } }),
            new("getWorklogs", $"/4/worklogs?from=2026-06-01&to=2026-06-30&projectId={project}&issueId={issue}&limit=2"),
            new("createWorklog", "/4/worklogs", Body(author, issue, "2026-06-05", attributes: [new { key = listKey, value = "red" }])),
            new("getWorklogsByAccount", $"/4/worklogs/account/{accountKey}?from=2026-06-01&to=2026-06-30"),
            new("getWorklogsByIssueId", $"/4/worklogs/issue/{issue}?limit=1"),
            new("bulkCreateWorklog", $"/4/worklogs/issue/{issue}/bulk", new[]
            {
                new { authorAccountId = author, startDate = "2026-06-08", startTime = "08:00:00", timeSpentSeconds = 1800, description = "one" },
                new { authorAccountId = author, startDate = "2026-06-08", startTime = "10:00:00", timeSpentSeconds = 900, description = "two" },
            }),
            new("getTempoWorklogIdsByJiraWorklogIds", "/4/worklogs/jira-to-tempo", new { jiraWorklogIds = new[] { worklog["tempoWorklogId"]!.GetValue<long>() + 10_000_000_000 } }),
            new("getWorklogsByProjectId", $"/4/worklogs/project/{project}?from=2026-06-01&to=2026-06-07"),
            new("searchWorklogs", "/4/worklogs/search?limit=3", new { authorIds = new[] { author }, from = "2026-06-01", to = "2026-06-30", orderBy = new[] { new { field = "START_DATE_TIME", order = "DESC" } } }),
            new("getWorklogsByTeam", $"/4/worklogs/team/{teamId}?from=2026-06-01&to=2026-06-30"),
            new("getJiraWorklogIdsByTempoWorklogIds", "/4/worklogs/tempo-to-jira", new { tempoWorklogIds = new[] { id, bare.Id() } }),
            new("getWorklogsByUser", $"/4/worklogs/user/{author}?from=2026-06-01&to=2026-06-30&updatedFrom=2026-01-01"),
            new("createWorkAttributeValuesForWorklogs", "/4/worklogs/work-attribute-values", new[] { new { tempoWorklogId = bare.Id(), attributeValues = new[] { new { key = listKey, value = "green" } } } }, HttpStatusCode.NoContent),
            new("searchWorkAttributeValuesForWorklogs", "/4/worklogs/work-attribute-values/search", new { tempoWorklogIds = new[] { id, bare.Id() } }),
            new("getWorklogById", $"/4/worklogs/{id}"),
            new("updateWorklog", $"/4/worklogs/{id}", new { authorAccountId = author, startDate = "2026-06-02", startTime = "11:30:00", timeSpentSeconds = 7200, billableSeconds = 3600, description = "edited", attributes = new[] { new { key = "_Account_", value = accountKey } } }),
            new("getWorkAttributeValuesForWorklog", $"/4/worklogs/{id}/work-attribute-values"),
            new("getWorkAttributeValueForWorklog", $"/4/worklogs/{id}/work-attribute-values/_Account_"),
            new("deleteWorklog", $"/4/worklogs/{doomed.Id()}?bypassPeriodClosuresAndApprovals=false", Expected: HttpStatusCode.NoContent),
            new("deleteWorkAttributeByKey", $"/4/work-attributes/{doomedKey}", Expected: HttpStatusCode.NoContent),
        ];

        await Conformance.RunAsync(api, "worklogs", ["Worklogs", "Work Attributes"], cases);
    }
}
