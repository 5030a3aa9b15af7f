using Tempo.Api.Tests.Infrastructure;
using static Tempo.Api.Tests.Infrastructure.ScopedClients;

namespace Tempo.Api.Tests.Teams;

public sealed class TeamsConformanceTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    [Fact]
    public async Task Every_teams_and_programs_operation_answers_as_the_contract_says()
    {
        var teams = await factory.ApiClientAsync("teams", "MANAGE");
        var plans = await factory.ApiClientAsync("plans", "MANAGE");
        const string member = "557058:conformance-member";
        const string doomedMember = "557058:conformance-doomed";

        var program = await plans.PostJsonAsync("/4/programs", new { name = Unique("Program"), managerAccountId = "557058:manager" });
        var doomedProgram = await plans.PostJsonAsync("/4/programs", new { name = Unique("Doomed program") });
        var teamName = Unique("Alpha");
        var team = await teams.PostJsonAsync("/4/teams", new { name = teamName, summary = "The A team", leadAccountId = "557058:lead", programId = program["id"]!.GetValue<int>(), administrative = false, @public = true });
        var teamId = team["id"]!.GetValue<int>();
        var doomedTeam = await teams.PostJsonAsync("/4/teams", new { name = Unique("Doomed") });
        var role = await teams.PostJsonAsync("/4/roles", new { name = Unique("Developer") });
        var doomedRole = await teams.PostJsonAsync("/4/roles", new { name = Unique("Doomed role") });
        var membership = await teams.PostJsonAsync("/4/team-memberships", new { teamId, accountId = member, roleId = role["id"]!.GetValue<int>(), commitmentPercent = 50, from = "2026-05-01", to = "2026-07-01" });
        var doomedMembership = await teams.PostJsonAsync("/4/team-memberships", new { teamId, accountId = doomedMember, from = "2025-01-01", to = "2025-12-31", useInclusiveEndDate = true });
        var link = await teams.PostJsonAsync("/4/team-links", new { teamId, scopeType = "PROJECT", scopeId = 30300 });
        var doomedLink = await teams.PostJsonAsync("/4/team-links", new { teamId, scopeType = "PROJECT", scopeId = 30301 });

        ConformanceCase[] teamCases =
        [
            new("getAllRoles", "/4/roles"),
            new("createRole", "/4/roles", new { name = Unique("Tester") }),
            new("getDefaultRole", "/4/roles/default"),
            new("getRoleById", $"/4/roles/{role["id"]}"),
            new("updateRole", $"/4/roles/{role["id"]}", new { name = Unique("Senior developer") }),
            new("deleteRole", $"/4/roles/{doomedRole["id"]}", Expected: HttpStatusCode.NoContent),
            new("getTeams", $"/4/teams?teamIds={teamId}&includeMemberships=true&limit=5"),
            new("createTeam", "/4/teams", new { name = Unique("Beta"), administrative = true }),
            new("getTeamById", $"/4/teams/{teamId}"),
            new("updateTeam", $"/4/teams/{teamId}", new { name = teamName, summary = "Still the A team", leadAccountId = "557058:lead", programId = program["id"]!.GetValue<int>() }),
            new("getTeamLinks", $"/4/teams/{teamId}/links"),
            new("getTeamMembers", $"/4/teams/{teamId}/members"),
            new("createTeamLink", "/4/team-links", new { teamId, scopeType = "PROJECT", scopeId = 30302 }),
            new("getTeamLinkByProjectId", "/4/team-links/project/30300"),
            new("getTeamLink", $"/4/team-links/{link["id"]}"),
            new("deleteTeamLink", $"/4/team-links/{doomedLink["id"]}", Expected: HttpStatusCode.NoContent),
            new("createMembership", "/4/team-memberships", new { teamId, accountId = "557058:conformance-new", from = "2026-06-01" }),
            new("searchMemberships", "/4/team-memberships/search?limit=10", new { teamIds = new[] { teamId }, accountIds = new[] { member } }),
            new("getAllMemberships", $"/4/team-memberships/team/{teamId}"),
            new("getMembership", $"/4/team-memberships/{membership["id"]}"),
            new("updateMembership", $"/4/team-memberships/{membership["id"]}", new { roleId = role["id"]!.GetValue<int>(), commitmentPercent = 80, from = "2026-05-01", to = "2026-08-31", useInclusiveEndDate = true }),
            new("deleteMembership", $"/4/team-memberships/{doomedMembership["id"]}", Expected: HttpStatusCode.NoContent),
            new("deleteTeam", $"/4/teams/{doomedTeam["id"]}", Expected: HttpStatusCode.NoContent),
        ];

        ConformanceCase[] programCases =
        [
            new("getPrograms", "/4/programs"),
            new("createProgram", "/4/programs", new { name = Unique("Program"), teamIds = Array.Empty<int>() }),
            new("getProgramById", $"/4/programs/{program["id"]}"),
            new("updateProgram", $"/4/programs/{program["id"]}", new { name = Unique("Program"), managerAccountId = "557058:manager", teamIds = new[] { teamId } }),
            new("getTeamsByProgramId", $"/4/programs/{program["id"]}/teams"),
            new("deleteProgram", $"/4/programs/{doomedProgram["id"]}", Expected: HttpStatusCode.NoContent),
        ];

        await Conformance.RunAsync(teams, "teams", ["Roles", "Teams", "Links", "Memberships"], teamCases);
        await Conformance.RunAsync(plans, "plans", ["Programs"], programCases);
    }

    [Fact]
    public async Task Optional_parts_are_filled_where_the_contract_has_them()
    {
        // The run above proves the required fields; this checks the optional ones are really there on realistic data.
        var teams = await factory.ApiClientAsync("teams", "MANAGE");
        var plans = await factory.ApiClientAsync("plans", "MANAGE");
        var program = await plans.PostJsonAsync("/4/programs", new { name = Unique("Program"), managerAccountId = "557058:manager" });
        var team = await teams.PostJsonAsync("/4/teams", new { name = Unique("Gamma"), summary = "s", leadAccountId = "557058:lead", programId = program["id"]!.GetValue<int>() });
        var teamId = team["id"]!.GetValue<int>();
        await teams.PostJsonAsync("/4/team-memberships", new { teamId, accountId = "557058:someone", from = "2026-01-01", to = "2027-01-01" });

        var listed = await teams.GetJsonAsync($"/4/teams?teamIds={teamId}&includeMemberships=true");
        var members = await teams.GetJsonAsync($"/4/teams/{teamId}/members");
        var programs = await plans.GetJsonAsync($"/4/programs/{program["id"]}");

        var shown = listed["results"]![0]!;
        Assert.Equal(program["id"]!.GetValue<int>(), shown["program"]!["id"]!.GetValue<int>());
        Assert.Equal("557058:lead", shown["lead"]!["accountId"]!.GetValue<string>());
        var summary = shown["members"]!["teamMembers"]![0]!["memberships"]![0]!;
        Assert.Equal(1.0, summary["commitment"]!.GetValue<double>());
        Assert.Equal("2026-01-01", summary["startDate"]!.GetValue<string>());
        Assert.Equal("2026-12-31", summary["endDate"]!.GetValue<string>());
        var active = members["results"]![0]!["memberships"]!["active"]!;
        Assert.Equal("2027-01-01", active["to"]!.GetValue<string>());
        Assert.Equal("2026-12-31", active["inclusiveTo"]!.GetValue<string>());
        ContractSchema.AssertValid(Contract.Operations.Single(o => o.OperationId == "getTeamMembers"), 200, members.ToJsonString());
        Assert.Equal("557058:manager", programs["manager"]!["accountId"]!.GetValue<string>());
        Assert.Equal([teamId], programs["teams"]!["values"]!.AsArray().Select(t => t!["id"]!.GetValue<int>()));
    }
}
