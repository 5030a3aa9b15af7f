using Tempo.Api.Tests.Infrastructure;

namespace Tempo.Api.Tests.Projects;

/// <summary>A tenant's projects and attributes are invisible to another tenant's tokens.</summary>
public sealed class ProjectsTenancyTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    [Fact]
    public async Task Another_tenants_token_gets_404_on_this_tenants_project_and_an_empty_list()
    {
        var here = await factory.ProjectsClientAsync(TempoClient.NewAccountId());
        var there = await factory.ProjectsClientAsync(TempoClient.NewAccountId(), tenant: "other");
        var id = (await here.CreateProjectAsync()).Id();
        var attribute = (await here.CreateAttributeAsync("TEXT")).Id();

        Assert.Equal(HttpStatusCode.NotFound, (await there.GetAsync($"/4/projects/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await there.PutAsJsonAsync($"/4/projects/{id}", new { name = "taken over" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await there.DeleteAsync($"/4/projects/{id}")).StatusCode);
        Assert.Empty((await there.GetJsonAsync("/4/projects"))["results"]!.AsArray());
        Assert.Empty((await there.GetJsonAsync("/4/project-attributes"))["projectAttributes"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await there.DeleteAsync($"/4/project-attributes/{attribute}")).StatusCode);
        Assert.NotEqual("taken over", (await here.GetJsonAsync($"/4/projects/{id}"))["name"]!.GetValue<string>());
    }
}
