using Tempo.Api.Tests.Infrastructure;
using static Tempo.Api.Tests.Infrastructure.ScopedClients;
using static Tempo.Api.Tests.Teams.TeamsTestData;

namespace Tempo.Api.Tests.Teams;

public sealed class TeamsScenarioTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    [Fact]
    public async Task A_team_is_created_read_replaced_and_deleted()
    {
        var api = await factory.ApiClientAsync("teams", "MANAGE");
        var plans = await factory.ApiClientAsync("plans", "MANAGE");
        var program = await plans.PostJsonAsync("/4/programs", new { name = Unique("Program") });
        var programId = program.IntOf();
        var name = Unique("Alpha");

        var created = await api.PostJsonAsync("/4/teams", new { name, summary = "Builds things", leadAccountId = "557058:lead", programId, administrative = true });
        var id = created.IntOf();
        var read = await api.GetJsonAsync($"/4/teams/{id}");
        var replaced = await api.PutJsonAsync($"/4/teams/{id}", new { name = name + " 2" });

        var url = $"http://localhost/4/teams/{id}";
        Assert.Equal(
            JsonOf(new { self = url, id, name, summary = "Builds things", lead = new { self = "http://localhost/4/users/557058%3Alead", accountId = "557058:lead" }, administrative = true, @public = true, program = new { self = $"http://localhost/4/programs/{programId}", id = programId, name = program.Text("name") }, links = new { self = $"{url}/links" }, members = new { self = $"{url}/members" }, permissions = new { self = $"{url}/permissions" } }),
            created.ToJsonString());
        Assert.Equal(created.ToJsonString(), read.ToJsonString());
        Assert.Equal(
            JsonOf(new { self = url, id, name = name + " 2", administrative = false, @public = true, links = new { self = $"{url}/links" }, members = new { self = $"{url}/members" }, permissions = new { self = $"{url}/permissions" } }),
            replaced.ToJsonString());

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/4/teams/{id}")).StatusCode);
        Assert.Equal((HttpStatusCode.NotFound, $"Team '{id}' not found"), await api.GetAsync($"/4/teams/{id}").FailureAsync());
        Assert.Equal((HttpStatusCode.NotFound, $"Team '{id}' not found"), await api.DeleteAsync($"/4/teams/{id}").FailureAsync());
    }

    [Fact]
    public async Task Paging_follows_next_across_125_teams_without_duplicates_or_gaps()
    {
        var api = await factory.ApiClientAsync("teams", "MANAGE");
        var prefix = Unique("PG");
        var created = new HashSet<int>();
        for (var i = 0; i < 125; i++)
        {
            created.Add(await api.NewTeamAsync($"{prefix} {i:D3}"));
        }

        var seen = new List<int>();
        string? next = $"/4/teams?name={prefix}&limit=50";
        var pages = 0;
        while (next is not null && pages++ < 10)
        {
            var page = await api.GetJsonAsync(next);
            var metadata = page["metadata"]!.AsObject();
            Assert.Equal(page.Results().Count, metadata["count"]!.GetValue<int>());
            Assert.Equal(50, metadata["limit"]!.GetValue<int>());
            Assert.Equal(pages > 1, metadata.ContainsKey("previous"));
            seen.AddRange(page.Results().Select(t => t!.IntOf()));
            next = metadata.ContainsKey("next") ? metadata["next"]!.GetValue<string>() : null;
            Assert.True(next is null || next.Contains($"name={prefix}", StringComparison.Ordinal), $"next keeps the filter: {next}");
        }

        Assert.Equal(3, pages);
        Assert.Equal(created.Order(), seen);
    }

    [Fact]
    public async Task Teams_filter_by_name_by_ids_and_by_who_is_a_member_today()
    {
        var api = await factory.ApiClientAsync("teams", "MANAGE");
        var prefix = Unique("Filter");
        var current = await api.NewTeamAsync($"{prefix} Current");
        var past = await api.NewTeamAsync($"{prefix} Past");
        var future = await api.NewTeamAsync($"{prefix} future");
        var person = NewPerson();
        var other = NewPerson();
        await api.JoinAsync(current, person, Today.AddDays(-10), Today);
        await api.JoinAsync(past, person, Today.AddDays(-100), Today.AddDays(-1));
        await api.JoinAsync(future, person, Today.AddDays(1), null);
        await api.JoinAsync(future, other, null, null);

        async Task<int[]> Ids(string query) => [.. (await api.GetJsonAsync("/4/teams?" + query)).Results().Select(t => t!.IntOf())];

        Assert.Equal([current, past, future], await Ids($"name={prefix}"));
        Assert.Equal([future], await Ids($"name={prefix.ToUpperInvariant()}%20FUT"));
        Assert.Equal([current, future], await Ids($"teamIds={future}&teamIds={current}"));
        Assert.Equal([current], await Ids($"teamMembers={Uri.EscapeDataString(person)}"));
        Assert.Equal([current, future], await Ids($"teamMembers={Uri.EscapeDataString(person)}&teamMembers={Uri.EscapeDataString(other)}"));
        Assert.Equal([future], await Ids($"teamMembers={Uri.EscapeDataString(person)}&teamMembers={Uri.EscapeDataString(other)}&teamIds={future}&teamIds={past}"));
        Assert.Empty(await Ids($"name={prefix}&teamMembers=557058:nobody"));
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/4/teams?teamIds=abc")).StatusCode);
    }

    [Fact]
    public async Task IncludeMemberships_lists_every_membership_of_every_member_only_when_asked()
    {
        var api = await factory.ApiClientAsync("teams", "MANAGE");
        var teamId = await api.NewTeamAsync();
        var roleId = await api.NewRoleAsync();
        var person = NewPerson();
        var other = NewPerson();
        var earlier = await api.JoinAsync(teamId, person, new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), roleId);
        var later = await api.PostJsonAsync("/4/team-memberships", new { teamId, accountId = person, commitmentPercent = 50, from = "2026-01-01" });
        await api.JoinAsync(teamId, other, null, null);

        var without = (await api.GetJsonAsync($"/4/teams?teamIds={teamId}")).Results()[0]!;
        var with = (await api.GetJsonAsync($"/4/teams?teamIds={teamId}&includeMemberships=true")).Results()[0]!;

        Assert.Equal($$"""{"self":"http://localhost/4/teams/{{teamId}}/members"}""", without["members"]!.ToJsonString());
        var members = with["members"]!["teamMembers"]!.AsArray();
        Assert.Equal([person, other], members.Select(m => m!.Text("accountId")));
        Assert.Equal($"http://localhost/4/users/{Uri.EscapeDataString(person)}", members[0]!.Text("self"));
        Assert.Equal(
            JsonOf(new object[] { new { id = earlier.IntOf(), commitment = 1, startDate = "2025-01-01", endDate = "2025-12-31", role = new { self = $"http://localhost/4/roles/{roleId}", id = roleId, name = earlier["role"]!.Text("name") } }, new { id = later.IntOf(), commitment = 0.5, startDate = "2026-01-01", role = MemberRole } }),
            members[0]!["memberships"]!.ToJsonString());
        Assert.Equal(JsonOf(new[] { new { id = members[1]!["memberships"]![0]!.IntOf(), commitment = 1, role = MemberRole } }), members[1]!["memberships"]!.ToJsonString());
    }

    [Fact]
    public async Task Team_names_are_unique_ignoring_case_and_concurrent_creates_let_one_through()
    {
        var api = await factory.ApiClientAsync("teams", "MANAGE");
        var name = Unique("Unique");
        var existing = await api.NewTeamAsync(name);
        var other = await api.NewTeamAsync();

        var duplicate = await api.PostAsJsonAsync("/4/teams", new { name = name.ToLowerInvariant() }).FailureAsync();
        var renamedOnto = await api.PutAsJsonAsync($"/4/teams/{other}", new { name }).FailureAsync();
        var keepsOwnName = await api.PutAsJsonAsync($"/4/teams/{existing}", new { name, summary = "same name, new summary" });
        var race = Unique("Race");
        var racers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => api.PostAsJsonAsync("/4/teams", new { name = race })));

        Assert.Equal((HttpStatusCode.BadRequest, $"Team with name '{name.ToLowerInvariant()}' already exists"), duplicate);
        Assert.Equal((HttpStatusCode.BadRequest, $"Team with name '{name}' already exists"), renamedOnto);
        Assert.Equal(HttpStatusCode.OK, keepsOwnName.StatusCode);
        Assert.Equal(1, racers.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(7, racers.Count(r => r.StatusCode == HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Team_links_tie_teams_to_projects_and_carry_the_full_team()
    {
        var api = await factory.ApiClientAsync("teams", "MANAGE");
        var teamId = await api.NewTeamAsync();
        var otherTeam = await api.NewTeamAsync();
        var project = Random.Shared.NextInt64(1_000_000, 9_000_000);

        var link = await api.PostJsonAsync("/4/team-links", new { teamId, scopeType = "PROJECT", scopeId = project });
        var second = await api.PostJsonAsync("/4/team-links", new { teamId = otherTeam, scopeType = "PROJECT", scopeId = project });
        await api.PostJsonAsync("/4/team-links", new { teamId, scopeType = "PROJECT", scopeId = project + 1 });
        var duplicate = await api.PostAsJsonAsync("/4/team-links", new { teamId, scopeType = "PROJECT", scopeId = project }).FailureAsync();
        var byProject = await api.GetJsonAsync($"/4/team-links/project/{project}");
        var teamLinks = await api.GetJsonAsync($"/4/teams/{teamId}/links?limit=1");

        var linkId = link.IntOf();
        Assert.Equal($"http://localhost/4/team-links/{linkId}", link.Text("self"));
        Assert.Equal($$"""{"self":"http://localhost/4/team-links/project/{{project}}","id":{{project}},"type":"PROJECT"}""", link["scope"]!.ToJsonString());
        Assert.Equal((await api.GetJsonAsync($"/4/teams/{teamId}")).ToJsonString(), link["team"]!.ToJsonString());
        Assert.Equal(link.ToJsonString(), (await api.GetJsonAsync($"/4/team-links/{linkId}")).ToJsonString());
        Assert.Equal((HttpStatusCode.BadRequest, $"Team '{link["team"]!.Text("name")}' is already linked to project {project}"), duplicate);
        Assert.Equal([linkId, second.IntOf()], byProject.Results().Select(l => l!.IntOf()));
        Assert.Equal("""{"count":2}""", byProject["metadata"]!.ToJsonString());
        Assert.Equal([linkId], teamLinks.Results().Select(l => l!.IntOf()));
        Assert.NotNull(teamLinks["metadata"]!["next"]);

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/4/team-links/{linkId}")).StatusCode);
        Assert.Equal((HttpStatusCode.NotFound, $"Team link '{linkId}' not found"), await api.GetAsync($"/4/team-links/{linkId}").FailureAsync());
        Assert.Equal((HttpStatusCode.NotFound, $"Team link '{linkId}' not found"), await api.DeleteAsync($"/4/team-links/{linkId}").FailureAsync());
        Assert.Equal([second.IntOf()], (await api.GetJsonAsync($"/4/team-links/project/{project}")).Results().Select(l => l!.IntOf()));
        Assert.Empty((await api.GetJsonAsync("/4/team-links/project/1")).Results());
    }

    [Fact]
    public async Task Deleting_a_team_deletes_its_memberships_and_links_and_nothing_else()
    {
        var api = await factory.ApiClientAsync("teams", "MANAGE");
        var doomed = await api.NewTeamAsync();
        var kept = await api.NewTeamAsync();
        var person = NewPerson();
        var membership = await api.JoinAsync(doomed, person, Today, null);
        var keptMembership = await api.JoinAsync(kept, person, Today, null);
        var link = await api.PostJsonAsync("/4/team-links", new { teamId = doomed, scopeType = "PROJECT", scopeId = 4242 });
        var keptLink = await api.PostJsonAsync("/4/team-links", new { teamId = kept, scopeType = "PROJECT", scopeId = 4242 });

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/4/teams/{doomed}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/4/team-memberships/{membership.IntOf()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/4/team-links/{link.IntOf()}")).StatusCode);
        Assert.Equal((HttpStatusCode.NotFound, $"Team '{doomed}' not found"), await api.GetAsync($"/4/team-memberships/team/{doomed}").FailureAsync());
        var found = await api.PostJsonAsync("/4/team-memberships/search", new { accountIds = new[] { person } });
        Assert.Equal([keptMembership.IntOf()], found.Results().Select(m => m!.IntOf()));
        Assert.Contains(keptLink.IntOf(), (await api.GetJsonAsync("/4/team-links/project/4242")).Results().Select(l => l!.IntOf()));
        Assert.DoesNotContain(link.IntOf(), (await api.GetJsonAsync("/4/team-links/project/4242")).Results().Select(l => l!.IntOf()));
    }

    [Fact]
    public async Task Programs_hold_the_teams_that_name_them()
    {
        var api = await factory.ApiClientAsync("teams", "MANAGE");
        var plans = await factory.ApiClientAsync("plans", "MANAGE");
        var a = await api.NewTeamAsync();
        var b = await api.NewTeamAsync();
        var c = await api.NewTeamAsync();
        var name = Unique("Program");

        var program = await plans.PostJsonAsync("/4/programs", new { name, managerAccountId = "557058:boss", teamIds = new[] { a, b } });
        var id = program.IntOf();
        var url = $"http://localhost/4/programs/{id}";
        Assert.Equal($"{url}/teams", program["teams"]!.Text("self"));
        Assert.Equal([a, b], program["teams"]!["values"]!.AsArray().Select(t => t!.IntOf()));
        Assert.Equal(id, (await api.GetJsonAsync($"/4/teams/{a}"))["program"]!.IntOf());

        // A team joins through its own programId; the program's team list shows it.
        await api.PutJsonAsync($"/4/teams/{c}", new { name = Unique("C"), programId = id });
        var teams = await plans.GetJsonAsync($"/4/programs/{id}/teams");
        Assert.Equal([a, b, c], teams.Results().Select(t => t!.IntOf()));
        Assert.Equal($"http://localhost/4/teams/{a}", teams.Results()[0]!.Text("self"));
        Assert.Equal("""{"count":3}""", teams["metadata"]!.ToJsonString());

        // A replacement leaves the program with exactly the teams it names.
        var replaced = await plans.PutJsonAsync($"/4/programs/{id}", new { name = name + " 2", teamIds = new[] { c } });
        Assert.Equal([c], replaced["teams"]!["values"]!.AsArray().Select(t => t!.IntOf()));
        Assert.Null(replaced["manager"]);
        Assert.Null((await api.GetJsonAsync($"/4/teams/{a}"))["program"]);
        Assert.Contains(id, (await plans.GetJsonAsync("/4/programs")).Results().Select(p => p!.IntOf()));

        var refused = await plans.DeleteAsync($"/4/programs/{id}").FailureAsync();
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.StartsWith($"Program '{id}' can't be deleted: teams '", refused.Message);

        await plans.PutJsonAsync($"/4/programs/{id}", new { name = name + " 2" });
        Assert.Equal(HttpStatusCode.NoContent, (await plans.DeleteAsync($"/4/programs/{id}")).StatusCode);
        Assert.Equal((HttpStatusCode.NotFound, $"Program '{id}' not found"), await plans.GetAsync($"/4/programs/{id}").FailureAsync());
        Assert.Null((await api.GetJsonAsync($"/4/teams/{c}"))["program"]);
    }

    [Fact]
    public async Task Unknown_references_are_404_and_duplicate_program_names_400()
    {
        var api = await factory.ApiClientAsync("teams", "MANAGE");
        var plans = await factory.ApiClientAsync("plans", "MANAGE");
        var name = Unique("Program");
        await plans.PostJsonAsync("/4/programs", new { name });

        Assert.Equal((HttpStatusCode.NotFound, "Program '999999' not found"), await api.PostAsJsonAsync("/4/teams", new { name = Unique("T"), programId = 999999 }).FailureAsync());
        Assert.Equal((HttpStatusCode.NotFound, "Team '999999' not found"), await plans.PostAsJsonAsync("/4/programs", new { name = Unique("P"), teamIds = new[] { 999999 } }).FailureAsync());
        Assert.Equal((HttpStatusCode.NotFound, "Team '999999' not found"), await api.PostAsJsonAsync("/4/team-links", new { teamId = 999999, scopeType = "PROJECT", scopeId = 1 }).FailureAsync());
        Assert.Equal((HttpStatusCode.BadRequest, $"Program with name '{name}' already exists"), await plans.PostAsJsonAsync("/4/programs", new { name }).FailureAsync());
        Assert.Equal((HttpStatusCode.NotFound, "Team '999999' not found"), await api.GetAsync("/4/teams/999999").FailureAsync());
        Assert.Equal((HttpStatusCode.NotFound, "Team 'abc' not found"), await api.GetAsync("/4/teams/abc").FailureAsync());
        Assert.Equal((HttpStatusCode.NotFound, "Team '999999' not found"), await api.PutAsJsonAsync("/4/teams/999999", new { name = Unique("T") }).FailureAsync());
        Assert.Equal((HttpStatusCode.NotFound, "Team '999999' not found"), await api.GetAsync("/4/teams/999999/links").FailureAsync());
        Assert.Equal((HttpStatusCode.NotFound, "Team '999999' not found"), await api.GetAsync("/4/teams/999999/members").FailureAsync());
        Assert.Equal((HttpStatusCode.NotFound, "Team link '999999' not found"), await api.GetAsync("/4/team-links/999999").FailureAsync());
        Assert.Equal((HttpStatusCode.NotFound, "Program '999999' not found"), await plans.GetAsync("/4/programs/999999").FailureAsync());
        Assert.Equal((HttpStatusCode.NotFound, "Program '999999' not found"), await plans.GetAsync("/4/programs/999999/teams").FailureAsync());
        Assert.Equal((HttpStatusCode.NotFound, "Program '999999' not found"), await plans.PutAsJsonAsync("/4/programs/999999", new { name = Unique("P") }).FailureAsync());
        Assert.Equal((HttpStatusCode.NotFound, "Program '999999' not found"), await plans.DeleteAsync("/4/programs/999999").FailureAsync());
    }

    [Theory]
    [InlineData("/4/teams", """{}""", "'name' is required.")]
    [InlineData("/4/teams", """{"name":"n","leadAccountId":"not valid!"}""", "'leadAccountId' is not a valid account id.")]
    [InlineData("/4/teams", """{"name":"n","programId":0}""", "'programId' must be at least 1.")]
    [InlineData("/4/teams", """{"name":"n","public":"yes"}""", "The request body is not valid: 'public' has the wrong type or format.")]
    [InlineData("/4/team-links", """{"scopeType":"PROJECT","scopeId":1}""", "'teamId' is required.")]
    [InlineData("/4/team-links", """{"teamId":1,"scopeType":"BOARD","scopeId":1}""", "'scopeType' must be one of PROJECT, not 'BOARD'.")]
    [InlineData("/4/team-links", """{"teamId":1,"scopeId":1}""", "'scopeType' is required: one of PROJECT.")]
    [InlineData("/4/team-links", """{"teamId":1,"scopeType":"PROJECT"}""", "'scopeId' is required.")]
    [InlineData("/4/team-links", """{"teamId":1,"scopeType":"PROJECT","scopeId":0}""", "'scopeId' must be at least 1.")]
    public async Task Invalid_team_bodies_get_400_naming_the_field(string path, string body, string message)
    {
        var api = await factory.ApiClientAsync("teams", "MANAGE");

        var response = await api.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json")).FailureAsync();

        Assert.Equal((HttpStatusCode.BadRequest, message), response);
    }

    [Theory]
    [InlineData("""{}""", "'name' is required.")]
    [InlineData("""{"name":"p","managerAccountId":"x y"}""", "'managerAccountId' is not a valid account id.")]
    [InlineData("""{"name":"p","teamIds":["a"]}""", "The request body is not valid: 'teamIds[0]' has the wrong type or format.")]
    public async Task Invalid_program_bodies_get_400_naming_the_field(string body, string message)
    {
        var plans = await factory.ApiClientAsync("plans", "MANAGE");

        var response = await plans.PostAsync("/4/programs", new StringContent(body, System.Text.Encoding.UTF8, "application/json")).FailureAsync();

        Assert.Equal((HttpStatusCode.BadRequest, message), response);
    }

    [Fact]
    public async Task Programs_need_the_plans_scope_and_teams_the_teams_scope()
    {
        var teamsOnly = await factory.ApiClientAsync("teams", "MANAGE");
        var plansOnly = await factory.ApiClientAsync("plans", "VIEW");

        Assert.Equal(HttpStatusCode.Forbidden, (await teamsOnly.GetAsync("/4/programs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await plansOnly.GetAsync("/4/teams")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await plansOnly.GetAsync("/4/programs")).StatusCode);
    }
}
