using Tempo.Api.Tests.Infrastructure;
using static Tempo.Api.Tests.Infrastructure.ScopedClients;
using static Tempo.Api.Tests.Teams.TeamsTestData;

namespace Tempo.Api.Tests.Teams;

public sealed class MembershipsScenarioTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    [Fact]
    public async Task An_input_to_is_exclusive_and_the_response_gives_both_ends()
    {
        var api = await factory.ApiClientAsync("teams", "MANAGE");
        var teamId = await api.NewTeamAsync();
        var person = NewPerson();

        var created = await api.PostJsonAsync("/4/team-memberships", new { teamId, accountId = person, commitmentPercent = 60, from = "2026-01-01", to = "2026-07-01" });
        var id = created.IntOf();

        Assert.Equal(
            JsonOf(new { self = $"http://localhost/4/team-memberships/{id}", id, commitmentPercent = 60, from = "2026-01-01", to = "2026-07-01", inclusiveTo = "2026-06-30", role = MemberRole, member = new { self = $"http://localhost/4/users/{Uri.EscapeDataString(person)}", accountId = person }, team = new { self = $"http://localhost/4/teams/{teamId}", id = teamId, name = (await api.GetJsonAsync($"/4/teams/{teamId}")).Text("name") } }),
            created.ToJsonString());
        Assert.Equal(created.ToJsonString(), (await api.GetJsonAsync($"/4/team-memberships/{id}")).ToJsonString());
    }

    [Fact]
    public async Task UseInclusiveEndDate_takes_to_as_the_last_day()
    {
        var api = await factory.ApiClientAsync("teams", "MANAGE");
        var teamId = await api.NewTeamAsync();

        var created = await api.PostJsonAsync("/4/team-memberships", new { teamId, accountId = NewPerson(), from = "2026-01-01", to = "2026-06-30", useInclusiveEndDate = true });
        var single = await api.PostJsonAsync("/4/team-memberships", new { teamId, accountId = NewPerson(), from = "2026-03-01", to = "2026-03-01", useInclusiveEndDate = true });
        var singleExclusive = await api.PostJsonAsync("/4/team-memberships", new { teamId, accountId = NewPerson(), from = "2026-03-01", to = "2026-03-02" });
        var yearEnd = await api.PostJsonAsync("/4/team-memberships", new { teamId, accountId = NewPerson(), to = "2026-12-31", useInclusiveEndDate = true });

        Assert.Equal(("2026-07-01", "2026-06-30"), (created.Text("to"), created.Text("inclusiveTo")));
        Assert.Equal(("2026-03-02", "2026-03-01"), (single.Text("to"), single.Text("inclusiveTo")));
        Assert.Equal(("2026-03-02", "2026-03-01"), (singleExclusive.Text("to"), singleExclusive.Text("inclusiveTo")));
        Assert.Equal(("2027-01-01", "2026-12-31"), (yearEnd.Text("to"), yearEnd.Text("inclusiveTo")));
        Assert.Null(yearEnd["from"]);
    }

    [Fact]
    public async Task An_open_membership_has_no_ends_the_default_role_and_full_commitment()
    {
        var api = await factory.ApiClientAsync("teams", "MANAGE");
        var teamId = await api.NewTeamAsync();

        var created = await api.PostJsonAsync("/4/team-memberships", new { teamId, accountId = NewPerson() });

        var fields = created.AsObject().Select(p => p.Key).ToArray();
        Assert.Equal(["self", "id", "commitmentPercent", "role", "member", "team"], fields);
        Assert.Equal(100, created.IntOf("commitmentPercent"));
        Assert.Equal(1, created["role"]!.IntOf());
    }

    [Fact]
    public async Task One_persons_memberships_of_one_team_never_overlap()
    {
        var api = await factory.ApiClientAsync("teams", "MANAGE");
        var teamId = await api.NewTeamAsync();
        var otherTeam = await api.NewTeamAsync();
        var person = NewPerson();
        var first = await api.PostJsonAsync("/4/team-memberships", new { teamId, accountId = person, from = "2026-01-01", to = "2026-07-01" });
        var teamName = first["team"]!.Text("name");

        var overlapping = await api.PostAsJsonAsync("/4/team-memberships", new { teamId, accountId = person, from = "2026-06-30" }).FailureAsync();
        var openStart = await api.PostAsJsonAsync("/4/team-memberships", new { teamId, accountId = person, to = "2026-01-02" }).FailureAsync();
        var adjacent = await api.PostJsonAsync("/4/team-memberships", new { teamId, accountId = person, from = "2026-07-01", to = "2026-12-31", useInclusiveEndDate = true });
        var before = await api.PostJsonAsync("/4/team-memberships", new { teamId, accountId = person, to = "2026-01-01" });
        var someoneElse = await api.PostAsJsonAsync("/4/team-memberships", new { teamId, accountId = NewPerson(), from = "2026-03-01" });
        var elsewhere = await api.PostAsJsonAsync("/4/team-memberships", new { teamId = otherTeam, accountId = person, from = "2026-03-01" });
        var stretched = await api.PutAsJsonAsync($"/4/team-memberships/{adjacent.IntOf()}", new { from = "2026-06-15", to = "2026-12-31", useInclusiveEndDate = true }).FailureAsync();
        var itself = await api.PutAsJsonAsync($"/4/team-memberships/{first.IntOf()}", new { from = "2026-02-01", to = "2026-07-01" });

        var expected = $"'{person}' is already a member of team '{teamName}' from 2026-01-01 through 2026-06-30 (membership {first.IntOf()}); one person's memberships of one team must not overlap";
        Assert.Equal((HttpStatusCode.BadRequest, expected), overlapping);
        Assert.Equal((HttpStatusCode.BadRequest, expected), openStart);
        Assert.Equal("2025-12-31", before.Text("inclusiveTo"));
        Assert.Equal(HttpStatusCode.OK, someoneElse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, stretched.Status);
        Assert.Equal($"'{person}' is already a member of team '{teamName}' from 2026-01-01 through 2026-06-30 (membership {first.IntOf()}); one person's memberships of one team must not overlap", stretched.Message);
        Assert.Equal(HttpStatusCode.OK, itself.StatusCode);
        var all = await api.GetJsonAsync($"/4/team-memberships/team/{teamId}");
        Assert.Equal(4, all["metadata"]!.IntOf("count"));
    }

    [Fact]
    public async Task Concurrent_overlapping_joins_let_exactly_one_through()
    {
        var api = await factory.ApiClientAsync("teams", "MANAGE");
        var teamId = await api.NewTeamAsync();
        var person = NewPerson();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            api.PostAsJsonAsync("/4/team-memberships", new { teamId, accountId = person, from = Day(Today.AddDays(i)) })));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Search_finds_past_current_and_future_memberships_by_team_person_and_role()
    {
        var api = await factory.ApiClientAsync("teams", "MANAGE");
        var teamA = await api.NewTeamAsync();
        var teamB = await api.NewTeamAsync();
        var roleId = await api.NewRoleAsync();
        var person = NewPerson();
        var other = NewPerson();
        var past = await api.JoinAsync(teamA, person, new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31));
        var current = await api.JoinAsync(teamA, person, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), roleId);
        var future = await api.JoinAsync(teamB, person, new DateOnly(2030, 1, 1), null, roleId);
        var others = await api.JoinAsync(teamA, other, null, null);

        async Task<int[]> Found(object filter, string query = "") =>
            [.. (await api.PostJsonAsync("/4/team-memberships/search" + query, filter)).Results().Select(m => m!.IntOf())];

        Assert.Equal([past.IntOf(), current.IntOf(), future.IntOf()], await Found(new { accountIds = new[] { person } }));
        Assert.Equal([past.IntOf(), current.IntOf(), others.IntOf()], await Found(new { teamIds = new[] { teamA } }));
        Assert.Equal([current.IntOf(), future.IntOf()], await Found(new { roleIds = new[] { roleId } }));
        Assert.Equal([current.IntOf()], await Found(new { roleIds = new[] { roleId }, teamIds = new[] { teamA }, accountIds = new[] { person, other } }));

        var firstPage = await api.PostJsonAsync("/4/team-memberships/search?limit=2", new { accountIds = new[] { person } });
        Assert.Equal(2, firstPage["metadata"]!.IntOf("count"));
        var next = firstPage["metadata"]!.Text("next");
        Assert.Equal("http://localhost/4/team-memberships/search?offset=2&limit=2", next);
        Assert.Equal([future.IntOf()], await Found(new { accountIds = new[] { person } }, "?offset=2&limit=2"));
    }

    [Fact]
    public async Task A_teams_members_are_those_active_today_with_their_membership()
    {
        var api = await factory.ApiClientAsync("teams", "MANAGE");
        var teamId = await api.NewTeamAsync();
        var endedYesterday = NewPerson();
        var endsToday = NewPerson();
        var startsToday = NewPerson();
        var startsTomorrow = NewPerson();
        await api.JoinAsync(teamId, endedYesterday, Today.AddDays(-30), Today.AddDays(-1));
        var ending = await api.JoinAsync(teamId, endsToday, Today.AddDays(-30), Today);
        var starting = await api.JoinAsync(teamId, startsToday, Today, null);
        await api.JoinAsync(teamId, startsTomorrow, Today.AddDays(1), null);

        var members = await api.GetJsonAsync($"/4/teams/{teamId}/members");
        var all = await api.GetJsonAsync($"/4/team-memberships/team/{teamId}");

        Assert.Equal([endsToday, startsToday], members.Results().Select(m => m!["member"]!.Text("accountId")));
        var first = members.Results()[0]!;
        var team = $"http://localhost/4/teams/{teamId}";
        var user = $"http://localhost/4/users/{Uri.EscapeDataString(endsToday)}";
        Assert.Equal(
            JsonOf(new { team = new { self = team }, member = new { self = user, accountId = endsToday }, memberships = new { self = $"http://localhost/4/team-memberships/team/{teamId}", active = new { self = $"http://localhost/4/team-memberships/{ending.IntOf()}", id = ending.IntOf(), commitmentPercent = 100, from = Day(Today.AddDays(-30)), to = Day(Today.AddDays(1)), inclusiveTo = Day(Today), role = MemberRole, member = new { self = user }, team = new { self = team } } } }),
            first.ToJsonString());
        Assert.Equal(starting.IntOf(), members.Results()[1]!["memberships"]!["active"]!.IntOf());
        Assert.Equal($"http://localhost/4/teams/{teamId}/members", members.Text("self"));
        Assert.Equal(4, all["metadata"]!.IntOf("count"));
        Assert.Equal(1, (await api.GetJsonAsync($"/4/teams/{teamId}/members?limit=1"))["metadata"]!.IntOf("count"));
    }

    [Fact]
    public async Task An_update_replaces_role_commitment_and_span_but_not_person_or_team()
    {
        var api = await factory.ApiClientAsync("teams", "MANAGE");
        var teamId = await api.NewTeamAsync();
        var roleId = await api.NewRoleAsync();
        var person = NewPerson();
        var created = await api.PostJsonAsync("/4/team-memberships", new { teamId, accountId = person, roleId, commitmentPercent = 20, from = "2026-01-01", to = "2026-02-01" });
        var id = created.IntOf();

        var changed = await api.PutJsonAsync($"/4/team-memberships/{id}", new { roleId, commitmentPercent = 40, from = "2026-01-15", to = "2026-03-31", useInclusiveEndDate = true, accountId = "557058:ignored", teamId = 999999 });
        var cleared = await api.PutJsonAsync($"/4/team-memberships/{id}", new { });

        Assert.Equal((40, "2026-01-15", "2026-04-01", "2026-03-31", roleId), (changed.IntOf("commitmentPercent"), changed.Text("from"), changed.Text("to"), changed.Text("inclusiveTo"), changed["role"]!.IntOf()));
        Assert.Equal((person, teamId), (changed["member"]!.Text("accountId"), changed["team"]!.IntOf()));
        Assert.Equal(
            JsonOf(new { self = $"http://localhost/4/team-memberships/{id}", id, commitmentPercent = 100, role = MemberRole, member = new { self = $"http://localhost/4/users/{Uri.EscapeDataString(person)}", accountId = person }, team = new { self = $"http://localhost/4/teams/{teamId}", id = teamId, name = created["team"]!.Text("name") } }),
            cleared.ToJsonString());
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/4/team-memberships/{id}")).StatusCode);
        Assert.Equal((HttpStatusCode.NotFound, $"Membership '{id}' not found"), await api.GetAsync($"/4/team-memberships/{id}").FailureAsync());
        Assert.Equal((HttpStatusCode.NotFound, $"Membership '{id}' not found"), await api.DeleteAsync($"/4/team-memberships/{id}").FailureAsync());
    }

    [Fact]
    public async Task Unknown_teams_roles_and_memberships_are_404()
    {
        var api = await factory.ApiClientAsync("teams", "MANAGE");
        var teamId = await api.NewTeamAsync();

        Assert.Equal((HttpStatusCode.NotFound, "Team '999999' not found"), await api.PostAsJsonAsync("/4/team-memberships", new { teamId = 999999, accountId = NewPerson() }).FailureAsync());
        Assert.Equal((HttpStatusCode.NotFound, "Role '999999' not found"), await api.PostAsJsonAsync("/4/team-memberships", new { teamId, accountId = NewPerson(), roleId = 999999 }).FailureAsync());
        Assert.Equal((HttpStatusCode.NotFound, "Membership '999999' not found"), await api.GetAsync("/4/team-memberships/999999").FailureAsync());
        Assert.Equal((HttpStatusCode.NotFound, "Membership 'search' not found"), await api.GetAsync("/4/team-memberships/search").FailureAsync());
        Assert.Equal((HttpStatusCode.NotFound, "Membership '999999' not found"), await api.PutAsJsonAsync("/4/team-memberships/999999", new { }).FailureAsync());
        Assert.Equal((HttpStatusCode.NotFound, "Team '999999' not found"), await api.GetAsync("/4/team-memberships/team/999999").FailureAsync());
        Assert.Equal((HttpStatusCode.NotFound, "Team 'x' not found"), await api.GetAsync("/4/team-memberships/team/x").FailureAsync());
    }

    [Theory]
    [InlineData("""{"teamId":1}""", "'accountId' is required.")]
    [InlineData("""{"teamId":1,"accountId":"not an id"}""", "'accountId' is not a valid account id.")]
    [InlineData("""{"accountId":"557058:a"}""", "'teamId' is required.")]
    [InlineData("""{"teamId":1,"accountId":"557058:a","commitmentPercent":101}""", "'commitmentPercent' must be between 0 and 100.")]
    [InlineData("""{"teamId":1,"accountId":"557058:a","commitmentPercent":-1}""", "'commitmentPercent' must be between 0 and 100.")]
    [InlineData("""{"teamId":1,"accountId":"557058:a","from":"2026-6-1"}""", "Non valid date '2026-6-1' for 'from': format must be yyyy-MM-dd.")]
    [InlineData("""{"teamId":1,"accountId":"557058:a","to":"2026-13-01"}""", "Non valid date '2026-13-01' for 'to': format must be yyyy-MM-dd.")]
    [InlineData("""{"teamId":1,"accountId":"557058:a","from":"2026-06-01","to":"2026-06-01"}""", "'to' must be after 'from': it is exclusive (the day after the last day) unless 'useInclusiveEndDate' is true.")]
    [InlineData("""{"teamId":1,"accountId":"557058:a","from":"2026-06-01","to":"2026-05-31","useInclusiveEndDate":true}""", "'to' must not be before 'from'.")]
    [InlineData("""{"teamId":1,"accountId":"557058:a","to":"0001-01-01"}""", "'to' is out of range.")]
    [InlineData("""{"teamId":1,"accountId":"557058:a","to":"9999-12-31","useInclusiveEndDate":true}""", "'to' is out of range.")]
    [InlineData("""{"teamId":"one","accountId":"557058:a"}""", "The request body is not valid: 'teamId' has the wrong type or format.")]
    public async Task Invalid_memberships_get_400_naming_the_field(string body, string message)
    {
        var api = await factory.ApiClientAsync("teams", "MANAGE");

        var response = await api.PostAsync("/4/team-memberships", new StringContent(body, System.Text.Encoding.UTF8, "application/json")).FailureAsync();

        Assert.Equal((HttpStatusCode.BadRequest, message), response);
    }

    [Fact]
    public async Task Every_problem_of_a_body_is_listed()
    {
        var api = await factory.ApiClientAsync("teams", "MANAGE");

        var response = await api.PostAsJsonAsync("/4/team-memberships", new { commitmentPercent = 200, from = "soon" });
        var messages = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!.AsArray().Select(e => e!.Text("message"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["'accountId' is required.", "'teamId' is required.", "'commitmentPercent' must be between 0 and 100.", "Non valid date 'soon' for 'from': format must be yyyy-MM-dd."], messages);
    }
}
