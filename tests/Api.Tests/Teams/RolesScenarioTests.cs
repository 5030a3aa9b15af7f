using Tempo.Api.Tests.Infrastructure;
using static Tempo.Api.Tests.Infrastructure.ScopedClients;

namespace Tempo.Api.Tests.Teams;

public sealed class RolesScenarioTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    [Fact]
    public async Task A_fresh_service_has_exactly_one_default_role_named_Member()
    {
        var api = await factory.ApiClientAsync("teams", "VIEW");

        var byDefault = await api.GetJsonAsync("/4/roles/default");
        var all = await api.GetJsonAsync("/4/roles");

        Assert.Equal("""{"self":"http://localhost/4/roles/1","id":1,"name":"Member","default":true}""", byDefault.ToJsonString());
        Assert.Equal(byDefault.ToJsonString(), Assert.Single(all.Results(), r => r!["default"]!.GetValue<bool>())!.ToJsonString());
        Assert.Equal("http://localhost/4/roles", all.Text("self"));
        Assert.Equal(all.Results().Count, all["metadata"]!["count"]!.GetValue<int>());
        Assert.Equal(byDefault.ToJsonString(), (await api.GetJsonAsync("/4/roles/1")).ToJsonString());
    }

    [Fact]
    public async Task A_role_is_created_read_renamed_and_deleted()
    {
        var api = await factory.ApiClientAsync("teams", "MANAGE");
        var name = Unique("Reviewer");

        var created = await api.PostJsonAsync("/4/roles", new { name });
        var id = created.IntOf();
        var renamed = await api.PutJsonAsync($"/4/roles/{id}", new { name = name + " 2" });
        var read = await api.GetJsonAsync($"/4/roles/{id}");
        var listed = await api.GetJsonAsync("/4/roles");
        var deleted = await api.DeleteAsync($"/4/roles/{id}");
        var gone = await api.GetAsync($"/4/roles/{id}");

        Assert.Equal($$"""{"self":"http://localhost/4/roles/{{id}}","id":{{id}},"name":"{{name}}","default":false}""", created.ToJsonString());
        Assert.Equal(name + " 2", renamed.Text("name"));
        Assert.Equal(renamed.ToJsonString(), read.ToJsonString());
        Assert.Contains(id, listed.Results().Select(r => r!.IntOf()));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal($"Role '{id}' not found", await gone.ErrorMessageAsync());
        Assert.DoesNotContain(id, (await api.GetJsonAsync("/4/roles")).Results().Select(r => r!.IntOf()));
    }

    [Fact]
    public async Task Role_names_are_unique_ignoring_case()
    {
        var api = await factory.ApiClientAsync("teams", "MANAGE");
        var name = Unique("Architect");
        await api.PostJsonAsync("/4/roles", new { name });
        var other = await api.NewRoleAsync();

        var duplicate = await api.PostAsJsonAsync("/4/roles", new { name = name.ToUpperInvariant() }).FailureAsync();
        var renamedOnto = await api.PutAsJsonAsync($"/4/roles/{other}", new { name }).FailureAsync();
        var ontoMember = await api.PostAsJsonAsync("/4/roles", new { name = "member" }).FailureAsync();

        Assert.Equal((HttpStatusCode.BadRequest, $"Role with name '{name.ToUpperInvariant()}' already exists"), duplicate);
        Assert.Equal((HttpStatusCode.BadRequest, $"Role with name '{name}' already exists"), renamedOnto);
        Assert.Equal((HttpStatusCode.BadRequest, "Role with name 'member' already exists"), ontoMember);
    }

    [Fact]
    public async Task The_default_role_cannot_be_deleted_and_stays_default_when_renamed()
    {
        var api = await factory.ApiClientAsync("teams", "MANAGE");

        var refused = await api.DeleteAsync("/4/roles/1").FailureAsync();
        var renamed = await api.PutJsonAsync("/4/roles/1", new { name = "Associate" });
        var byDefault = await api.GetJsonAsync("/4/roles/default");
        await api.PutJsonAsync("/4/roles/1", new { name = "Member" });

        Assert.Equal((HttpStatusCode.BadRequest, "Role '1' is the default role and can't be deleted"), refused);
        Assert.True(renamed["default"]!.GetValue<bool>());
        Assert.Equal("Associate", byDefault.Text("name"));
        Assert.Equal("Member", (await api.GetJsonAsync("/4/roles/default")).Text("name"));
    }

    [Fact]
    public async Task Deleting_a_role_moves_its_memberships_to_the_default_role()
    {
        var api = await factory.ApiClientAsync("teams", "MANAGE");
        var teamId = await api.NewTeamAsync();
        var roleId = await api.NewRoleAsync();
        var kept = await api.NewRoleAsync();
        var moved = await api.JoinAsync(teamId, TeamsTestData.NewPerson(), new DateOnly(2026, 1, 1), null, roleId);
        var untouched = await api.JoinAsync(teamId, TeamsTestData.NewPerson(), new DateOnly(2026, 1, 1), null, kept);

        var deleted = await api.DeleteAsync($"/4/roles/{roleId}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var after = await api.GetJsonAsync($"/4/team-memberships/{moved.IntOf()}");
        Assert.Equal("""{"self":"http://localhost/4/roles/1","id":1,"name":"Member"}""", after["role"]!.ToJsonString());
        Assert.Equal(kept, (await api.GetJsonAsync($"/4/team-memberships/{untouched.IntOf()}"))["role"]!.IntOf());
        var byOldRole = await api.PostJsonAsync("/4/team-memberships/search", new { roleIds = new[] { roleId } });
        Assert.Empty(byOldRole.Results());
    }

    [Fact]
    public async Task The_default_route_wins_over_the_id_route_and_other_ids_are_not_found()
    {
        var api = await factory.ApiClientAsync("teams", "MANAGE");

        var byDefault = await api.GetJsonAsync("/4/roles/default");
        var putDefault = await api.PutAsJsonAsync("/4/roles/default", new { name = "x" }).FailureAsync();
        var notNumeric = await api.GetAsync("/4/roles/abc").FailureAsync();
        var unknown = await api.GetAsync("/4/roles/999999").FailureAsync();
        var updateUnknown = await api.PutAsJsonAsync("/4/roles/999999", new { name = Unique("x") }).FailureAsync();
        var deleteUnknown = await api.DeleteAsync("/4/roles/999999").FailureAsync();

        Assert.True(byDefault["default"]!.GetValue<bool>());
        Assert.Equal((HttpStatusCode.NotFound, "Role 'default' not found"), putDefault);
        Assert.Equal((HttpStatusCode.NotFound, "Role 'abc' not found"), notNumeric);
        Assert.Equal((HttpStatusCode.NotFound, "Role '999999' not found"), unknown);
        Assert.Equal((HttpStatusCode.NotFound, "Role '999999' not found"), updateUnknown);
        Assert.Equal((HttpStatusCode.NotFound, "Role '999999' not found"), deleteUnknown);
    }

    [Theory]
    [InlineData("""{}""", "'name' is required.")]
    [InlineData("""{"name":"  "}""", "'name' is required.")]
    [InlineData("""{"name":7}""", "The request body is not valid: 'name' has the wrong type or format.")]
    public async Task Invalid_roles_get_400_naming_the_field(string body, string message)
    {
        var api = await factory.ApiClientAsync("teams", "MANAGE");

        var created = await api.PostAsync("/4/roles", new StringContent(body, System.Text.Encoding.UTF8, "application/json")).FailureAsync();
        var updated = await api.PutAsync("/4/roles/1", new StringContent(body, System.Text.Encoding.UTF8, "application/json")).FailureAsync();

        Assert.Equal((HttpStatusCode.BadRequest, message), created);
        Assert.Equal((HttpStatusCode.BadRequest, message), updated);
    }
}
