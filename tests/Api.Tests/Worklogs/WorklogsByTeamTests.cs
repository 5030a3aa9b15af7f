using Tempo.Api.Tests.Infrastructure;
using static Tempo.Api.Tests.Infrastructure.ScopedClients;
using static Tempo.Api.Tests.Worklogs.WorklogTestData;

namespace Tempo.Api.Tests.Worklogs;

public sealed class WorklogsByTeamTests(WorklogsApiFactory factory) : IClassFixture<WorklogsApiFactory>
{
    [Fact]
    public async Task A_teams_worklogs_are_its_members_worklogs_within_their_membership()
    {
        var api = await factory.ApiClientAsync("worklogs", "MANAGE");
        var teams = await factory.ApiClientAsync("teams", "MANAGE");
        var team = (await teams.PostJsonAsync("/4/teams", new { name = Unique("Team") }))["id"]!.GetValue<int>();
        var (always, visitor, outsider) = (NewAuthor(), NewAuthor(), NewAuthor());
        await teams.PostJsonAsync("/4/team-memberships", new { teamId = team, accountId = always });
        await teams.PostJsonAsync("/4/team-memberships", new { teamId = team, accountId = visitor, from = "2026-06-10", to = "2026-06-20", useInclusiveEndDate = true });
        var issue = NewIssue();

        var expected = new List<long>();
        foreach (var day in new[] { "2026-05-30", "2026-06-09", "2026-06-10", "2026-06-20", "2026-06-21", "2026-07-02" })
        {
            var mine = (await api.CreateAsync(always, issue, day, "08:00:00")).Id();
            var visiting = (await api.CreateAsync(visitor, issue, day, "09:00:00")).Id();
            await api.CreateAsync(outsider, issue, day, "10:00:00");
            expected.Add(mine);
            if (day is "2026-06-10" or "2026-06-20")
            {
                expected.Add(visiting);
            }
        }

        var (all, _) = await api.AllPagesAsync($"/4/worklogs/team/{team}?limit=3");
        var (june, _) = await api.AllPagesAsync($"/4/worklogs/team/{team}?from=2026-06-01&to=2026-06-15");

        Assert.Equal(expected, all);
        Assert.Equal(expected.Skip(1).Take(3), june);
        Assert.Equal("Team '99999999' not found", await (await api.GetAsync("/4/worklogs/team/99999999")).ErrorMessageAsync());
        Assert.Equal("Team 'abc' not found", await (await api.GetAsync("/4/worklogs/team/abc")).ErrorMessageAsync());
    }
}
