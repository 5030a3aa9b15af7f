using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using Tempo.Grains.Interfaces.Accounts;
using Tempo.Grains.Interfaces.Teams;
using Tempo.Grains.Teams;

namespace Tempo.Grains.Tests.Teams;

/// <summary>The teams grain on its own, each test on an organisation key of its own.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TeamsGrainTests(ClusterFixture fixture)
{
    private readonly string _key = "org_" + Guid.NewGuid().ToString("N");

    private ITeamsGrain Grain => fixture.Grains.GetGrain<ITeamsGrain>(_key);

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private async Task<int> TeamAsync(string name) => Ok(await Grain.CreateTeamAsync(new TeamInput(name, null, null, false, true, null))).Team.Id;

    private async Task<int> JoinAsync(int teamId, string accountId, DateOnly? from, DateOnly? to, int? roleId = null) =>
        Ok(await Grain.CreateMembershipAsync(new MembershipInput(teamId, accountId, new MembershipTerms(roleId, 100, from, to)))).Membership.Id;

    private static T Ok<T>(GrainResult<T> result)
    {
        Assert.True(result.Status == ResultStatus.Ok, $"expected Ok, got {result.Status}: {result.Error}");
        return result.Value!;
    }

    [Fact]
    public async Task Member_ids_are_the_people_whose_membership_touches_the_range()
    {
        var team = await TeamAsync("Alpha");
        var other = await TeamAsync("Beta");
        await JoinAsync(team, "u-before", D(2026, 1, 1), D(2026, 2, 28));
        await JoinAsync(team, "u-ends-on-first-day", D(2026, 1, 1), D(2026, 3, 1));
        await JoinAsync(team, "u-inside", D(2026, 3, 10), D(2026, 3, 12));
        await JoinAsync(team, "u-open", null, null);
        await JoinAsync(team, "u-starts-on-last-day", D(2026, 3, 31), null);
        await JoinAsync(team, "u-after", D(2026, 4, 1), null);
        await JoinAsync(team, "u-twice", D(2026, 1, 1), D(2026, 3, 5));
        await JoinAsync(team, "u-twice", D(2026, 3, 20), D(2026, 5, 1));
        await JoinAsync(other, "u-other-team", null, null);

        var march = Ok(await Grain.GetMemberAccountIdsAsync(team, D(2026, 3, 1), D(2026, 3, 31)));
        var inTheGap = Ok(await Grain.GetMemberAccountIdsAsync(team, D(2026, 3, 15), D(2026, 3, 19)));
        var backAgain = Ok(await Grain.GetMemberAccountIdsAsync(team, D(2026, 3, 20), D(2026, 3, 20)));

        Assert.Equal<string>(["u-ends-on-first-day", "u-inside", "u-open", "u-starts-on-last-day", "u-twice"], march);
        Assert.Equal<string>(["u-open"], inTheGap);
        Assert.Equal<string>(["u-open", "u-twice"], backAgain);
    }

    [Fact]
    public async Task Member_ids_of_an_unknown_or_deleted_team_are_not_found()
    {
        var team = await TeamAsync("Gone");
        await JoinAsync(team, "u-1", null, null);
        Ok(await Grain.DeleteTeamAsync(team));

        var result = await Grain.GetMemberAccountIdsAsync(team, D(2026, 1, 1), D(2026, 12, 31));

        Assert.Equal(ResultStatus.NotFound, result.Status);
        Assert.Equal($"Team '{team}' not found", result.Error);
    }

    [Fact]
    public async Task A_fresh_organisation_has_the_default_role_Member_without_writing_anything()
    {
        var roles = await Grain.ListRolesAsync();

        Assert.Equal<Role>([new Role(1, "Member", true)], roles);
        Assert.Equal(new Role(1, "Member", true), await Grain.GetDefaultRoleAsync());
        Assert.False((await ReadStoredAsync()).RecordExists, "reads must not write the fresh state");
    }

    [Fact]
    public async Task A_command_is_in_storage_when_it_returns()
    {
        var team = await TeamAsync("Durable");
        var role = Ok(await Grain.CreateRoleAsync(new RoleInput("Lead")));
        var membership = await JoinAsync(team, "u-1", D(2026, 1, 1), D(2026, 6, 30), role.Id);

        var stored = (await ReadStoredAsync()).State!;

        Assert.Equal(["Member", "Lead"], stored.Roles.Values.Select(r => r.Name));
        Assert.Equal("Durable", stored.Teams[team].Name);
        Assert.Equal(new TeamMembership(membership, team, "u-1", role.Id, 100, D(2026, 1, 1), D(2026, 6, 30)), stored.Memberships[membership]);
    }

    [Fact]
    public async Task Deleting_a_role_moves_its_memberships_to_the_default_role_in_the_same_write()
    {
        var team = await TeamAsync("Roles");
        var role = Ok(await Grain.CreateRoleAsync(new RoleInput("Doomed")));
        var membership = await JoinAsync(team, "u-1", null, null, role.Id);

        Ok(await Grain.DeleteRoleAsync(role.Id));

        Assert.Equal(1, (await Grain.GetMembershipAsync(membership))!.Role.Id);
        Assert.Equal(1, (await ReadStoredAsync()).State!.Memberships[membership].RoleId);
        Assert.Equal(ResultStatus.Invalid, (await Grain.DeleteRoleAsync(1)).Status);
    }

    [Fact]
    public async Task Concurrent_overlapping_joins_let_exactly_one_through()
    {
        var team = await TeamAsync("Race");

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Grain.CreateMembershipAsync(new MembershipInput(team, "u-racer", new MembershipTerms(null, 100, D(2026, 1, 1).AddDays(i), null)))));

        Assert.Equal(1, results.Count(r => r.Status == ResultStatus.Ok));
        Assert.All(results.Where(r => r.Status != ResultStatus.Ok), r => Assert.Equal(ResultStatus.Invalid, r.Status));
    }

    [Fact]
    public async Task Ids_are_never_reused_after_a_delete()
    {
        var first = await TeamAsync("One");
        Ok(await Grain.DeleteTeamAsync(first));

        var second = await TeamAsync("One");

        Assert.Equal(first + 1, second);
    }

    [Fact]
    public async Task State_and_wire_types_survive_the_storage_and_the_orleans_serializers()
    {
        var program = Ok(await Grain.CreateProgramAsync(new ProgramInput("Program", "u-boss", [])));
        var team = Ok(await Grain.CreateTeamAsync(new TeamInput("Wire", "s", "u-lead", true, false, program.Program.Id))).Team.Id;
        var role = Ok(await Grain.CreateRoleAsync(new RoleInput("Lead")));
        await JoinAsync(team, "u-1", D(2026, 1, 1), D(2026, 6, 30), role.Id);
        await JoinAsync(team, "u-2", null, null);
        Ok(await Grain.CreateTeamLinkAsync(new TeamLinkInput(team, 10_000_000_000)));
        var services = fixture.Cluster.GetSiloServiceProvider();
        var storage = services.GetRequiredService<IGrainStorageSerializer>();
        var wire = services.GetRequiredService<Serializer>();

        var stored = (await ReadStoredAsync()).State!;
        var search = new TeamSearch("wi", [team], ["u-1"], IncludeMemberships: true, D(2026, 3, 1));
        var teams = await Grain.SearchTeamsAsync(search, new(0, 10));
        var views = new object[]
        {
            teams,
            (await Grain.GetProgramAsync(program.Program.Id))!,
            (await Grain.GetProjectTeamLinksAsync(10_000_000_000))[0],
            await Grain.SearchMembershipsAsync(new MembershipSearch([team], [], []), new(0, 10)),
            await Grain.GetMemberAccountIdsAsync(team, D(2026, 1, 1), D(2026, 1, 31)),
            search,
            new MembershipInput(team, "u-3", new MembershipTerms(null, 50, D(2026, 1, 1), null)),
        };

        Assert.Equal(Text(stored), Text(storage.Deserialize<TeamsState>(storage.Serialize(stored))!));
        Assert.Equal(2, Assert.Single(teams.Items).Memberships!.Value.Length);
        Assert.All(views, view => Assert.Equal(Text(view), Text(wire.Deserialize<object>(wire.SerializeToArray(view))!)));
    }

    private static string Text(object value) => JsonSerializer.Serialize(value, value.GetType());

    private async Task<GrainState<TeamsState>> ReadStoredAsync()
    {
        var storage = fixture.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);
        var state = new GrainState<TeamsState>();
        await storage.ReadStateAsync("teamsScope", GrainId.Create("teams", _key), state);
        return state;
    }
}
