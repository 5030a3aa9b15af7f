using Microsoft.Extensions.DependencyInjection;
using Tempo.Api.Tests.Infrastructure;
using Tempo.Grains.Interfaces;
using Tempo.Grains.Interfaces.Projects;
using static Tempo.Api.Tests.Infrastructure.ScopedClients;

namespace Tempo.Api.Tests.Projects;

/// <summary>Attribute definitions, and their values on projects checked by type.</summary>
public sealed class ProjectAttributesTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    private static async Task AssertBadRequestAsync(HttpResponseMessage response, string mentions)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected 400, got {(int)response.StatusCode} {text}");
        Assert.Contains(mentions, await response.ErrorMessageAsync());
    }

    private static Task<HttpResponseMessage> SetAsync(HttpClient api, string projectId, string attributeId, string value) =>
        api.PutAsJsonAsync($"/4/projects/{projectId}/project-attributes/{attributeId}", new { value });

    private static JsonNode? ValueOf(JsonNode project, string attributeId) =>
        project["attributeValues"]!.AsArray().SingleOrDefault(v => v!["id"]!.GetValue<string>() == attributeId);

    public static TheoryData<string, string, string, string> Values => new()
    {
        { "TEXT", new string('a', 256), new string('a', 257), "at most 256" },
        { "NUMBER", "9007199254740991", "9007199254740992", "'value'" },
        { "NUMBER", "-12.5", "twelve", "'value'" },
        { "AMOUNT", "1234.56", "-9007199254740992", "'value'" },
        { "DATE_PICKER", "2026-06-01", "2026-6-1", "yyyy-MM-dd" },
        { "DATE_PICKER", "2024-02-29", "2026-02-30", "yyyy-MM-dd" },
        { "USER_PICKER", "557058:f58131cb-b67d-43c7-b30d-6b58d40bd077", "not an account", "account id" },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public async Task A_value_is_checked_by_the_type_of_its_attribute(string type, string good, string bad, string mentions)
    {
        var api = await factory.ApiClientAsync("projects", "MANAGE");
        var attribute = (await api.CreateAttributeAsync(type)).Id();
        var project = (await api.CreateProjectAsync()).Id();

        var set = await (await SetAsync(api, project, attribute, good)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(good, ValueOf(set, attribute)!["input"]!["value"]!.GetValue<string>());
        Assert.Equal(type, ValueOf(set, attribute)!["type"]!.GetValue<string>());
        await AssertBadRequestAsync(await SetAsync(api, project, attribute, bad), mentions);
        Assert.Equal(good, ValueOf(await api.GetJsonAsync($"/4/projects/{project}"), attribute)!["input"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_select_list_value_is_the_id_of_one_of_its_own_options()
    {
        var api = await factory.ApiClientAsync("projects", "MANAGE");
        var tier = await api.CreateAttributeAsync("SELECT_LIST", "Gold", "Silver");
        var other = await api.CreateAttributeAsync("SELECT_LIST", "Elsewhere");
        var silver = tier["selectListOptions"]![1]!["id"]!.GetValue<string>();
        var project = (await api.CreateProjectAsync()).Id();

        var set = await (await SetAsync(api, project, tier.Id(), silver)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(silver, ValueOf(set, tier.Id())!["input"]!["option"]!["id"]!.GetValue<string>());
        Assert.Equal("Silver", ValueOf(set, tier.Id())!["input"]!["option"]!["name"]!.GetValue<string>());
        await AssertBadRequestAsync(await SetAsync(api, project, tier.Id(), "Gold"), "option");
        await AssertBadRequestAsync(await SetAsync(api, project, tier.Id(), other["selectListOptions"]![0]!["id"]!.GetValue<string>()), "option");
        await AssertBadRequestAsync(await SetAsync(api, project, tier.Id(), Guid.NewGuid().ToString()), "option");
    }

    [Fact]
    public async Task A_user_picker_value_shows_the_user_and_an_empty_value_clears_it()
    {
        var api = await factory.ApiClientAsync("projects", "MANAGE");
        var sponsor = (await api.CreateAttributeAsync("USER_PICKER")).Id();
        var project = (await api.CreateProjectAsync()).Id();

        var set = await (await SetAsync(api, project, sponsor, "557058:sponsor")).ReadJsonAsync(HttpStatusCode.OK);
        var cleared = await (await SetAsync(api, project, sponsor, "")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("557058:sponsor", ValueOf(set, sponsor)!["input"]!["user"]!["userLink"]!["linked"]!["originId"]!.GetValue<string>());
        Assert.Null(ValueOf(cleared, sponsor));
        await AssertBadRequestAsync(await api.PutAsJsonAsync($"/4/projects/{project}/project-attributes/{sponsor}", new { }), "'value'");
    }

    [Fact]
    public async Task An_unknown_attribute_or_project_is_404()
    {
        var api = await factory.ApiClientAsync("projects", "MANAGE");
        var attribute = (await api.CreateAttributeAsync("TEXT")).Id();
        var project = (await api.CreateProjectAsync()).Id();

        Assert.Equal(HttpStatusCode.NotFound, (await SetAsync(api, project, Guid.NewGuid().ToString(), "x")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SetAsync(api, project, "not-a-uuid", "x")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SetAsync(api, Guid.NewGuid().ToString(), attribute, "x")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PutAsJsonAsync($"/4/project-attributes/{Guid.NewGuid()}", new { name = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync($"/4/project-attributes/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task Deleting_an_attribute_removes_its_values_from_every_project()
    {
        var api = await factory.ApiClientAsync("projects", "MANAGE");
        var doomed = (await api.CreateAttributeAsync("TEXT")).Id();
        var kept = (await api.CreateAttributeAsync("NUMBER")).Id();
        var projects = new[] { (await api.CreateProjectAsync()).Id(), (await api.CreateProjectAsync()).Id() };
        foreach (var project in projects)
        {
            await (await SetAsync(api, project, doomed, "to be forgotten")).ReadJsonAsync(HttpStatusCode.OK);
            await (await SetAsync(api, project, kept, "42")).ReadJsonAsync(HttpStatusCode.OK);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/4/project-attributes/{doomed}")).StatusCode);

        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        foreach (var project in projects)
        {
            var json = await api.GetJsonAsync($"/4/projects/{project}");
            Assert.Null(ValueOf(json, doomed));
            Assert.Equal("42", ValueOf(json, kept)!["input"]!["value"]!.GetValue<string>());
            var stored = await grains.GetGrain<IProjectGrain>(ProjectGrainKeys.Project(TenantId.Default, Guid.Parse(project))).GetRecordAsync();
            Assert.False(stored!.AttributeValues.ContainsKey(Guid.Parse(doomed)), "the value is removed from storage, not only hidden");
        }

        Assert.DoesNotContain(doomed, (await api.GetJsonAsync("/4/project-attributes"))["projectAttributes"]!.AsArray().Select(a => a!.Id()));
        Assert.Equal(HttpStatusCode.NotFound, (await SetAsync(api, projects[0], doomed, "back?")).StatusCode);
    }

    [Fact]
    public async Task An_update_renames_the_attribute_renames_options_by_id_and_adds_the_others()
    {
        var api = await factory.ApiClientAsync("projects", "MANAGE");
        var tier = await api.CreateAttributeAsync("SELECT_LIST", "Gold", "Silver");
        var gold = tier["selectListOptions"]![0]!["id"]!.GetValue<string>();
        var name = Unique("Tier");

        var updated = await api.PutJsonAsync($"/4/project-attributes/{tier.Id()}", new
        {
            name,
            selectListOptions = new object[] { new { id = gold, value = "Platinum" }, new { value = "Bronze" } },
        });

        Assert.Equal(name, updated["name"]!.GetValue<string>());
        Assert.Equal(["Platinum", "Silver", "Bronze"], updated["selectListOptions"]!.AsArray().Select(o => o!["value"]!.GetValue<string>()));
        Assert.Equal(gold, updated["selectListOptions"]![0]!["id"]!.GetValue<string>());
        await AssertBadRequestAsync(
            await api.PutAsJsonAsync($"/4/project-attributes/{tier.Id()}", new { name, selectListOptions = new[] { new { id = Guid.NewGuid().ToString(), value = "x" } } }),
            "option");
        await AssertBadRequestAsync(await api.PutAsJsonAsync($"/4/project-attributes/{tier.Id()}", new { selectListOptions = Array.Empty<object>() }), "'name'");
    }

    [Theory]
    [InlineData("""{"type":"TEXT"}""", "'name'")]
    [InlineData("""{"name":"x"}""", "'type'")]
    [InlineData("""{"name":"x","type":"CHECKBOX"}""", "'type'")]
    [InlineData("""{"name":"x","type":"SELECT_LIST"}""", "selectListOptions")]
    [InlineData("""{"name":"x","type":"TEXT","selectListOptions":[{"value":"a"}]}""", "selectListOptions")]
    [InlineData("""{"name":"x","type":"SELECT_LIST","selectListOptions":[{"value":"a"},{"value":"A"}]}""", "more than once")]
    [InlineData("""{"name":"x","type":"SELECT_LIST","selectListOptions":[{"value":""}]}""", "selectListOptions[0].value")]
    public async Task Create_refuses_a_bad_attribute(string body, string mentions)
    {
        var api = await factory.ApiClientAsync("projects", "MANAGE");

        await AssertBadRequestAsync(await api.PostAsync("/4/project-attributes", new StringContent(body, System.Text.Encoding.UTF8, "application/json")), mentions);
    }

    [Fact]
    public async Task Attribute_names_are_unique_ignoring_case()
    {
        var api = await factory.ApiClientAsync("projects", "MANAGE");
        var name = Unique("Cost centre");
        await api.PostJsonAsync("/4/project-attributes", new { name, type = "TEXT" });

        await AssertBadRequestAsync(await api.PostAsJsonAsync("/4/project-attributes", new { name = name.ToUpperInvariant(), type = "NUMBER" }), "already exists");
    }
}
