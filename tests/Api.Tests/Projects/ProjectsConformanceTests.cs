using Tempo.Api.Tests.Infrastructure;
using static Tempo.Api.Tests.Infrastructure.ScopedClients;

namespace Tempo.Api.Tests.Projects;

public sealed class ProjectsConformanceTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    [Fact]
    public async Task Every_projects_and_project_attributes_operation_answers_as_the_contract_says()
    {
        var api = await factory.ApiClientAsync("projects", "MANAGE");
        var select = await api.CreateAttributeAsync("SELECT_LIST", "Gold", "Silver");
        var doomedAttribute = await api.CreateAttributeAsync("TEXT");
        var project = await api.CreateProjectAsync();
        var doomed = await api.CreateProjectAsync();
        var id = project.Id();
        var optionId = select["selectListOptions"]![0]!["id"]!.GetValue<string>();

        ConformanceCase[] cases =
        [
            new("getProjects", "/4/projects?offset=0&limit=10"),
            new("createProject", "/4/projects", new
            {
                name = Unique("New"), type = "MONETARY_BASED", currencyCode = "EUR", defaultCostRate = 12.5m, trackingRevenue = true,
                scope = new { type = "FILTER", reference = "10200" },
            }),
            new("getProjectById", $"/4/projects/{id}"),
            new("updateProjectBasicInformation", $"/4/projects/{id}", new { name = "Renamed", status = "IN_PROGRESS", tags = new[] { "finance" } }),
            new("updateAutoSyncValue", $"/4/projects/{id}/auto-sync", new { schedule = "DAILY", timeZoneOffsetInHours = 2 }),
            new("updateProjectCurrency", $"/4/projects/{id}/currency/EUR"),
            new("updateGeneralAccess", $"/4/projects/{id}/generalAccess", new { generalAccess = "USERS_WITH_APP_ACCESS" }),
            new("updateProjectOwner", $"/4/projects/{id}/owner/557058:new-owner"),
            new("updateProjectAttributeValue", $"/4/projects/{id}/project-attributes/{select.Id()}", new { value = optionId }),
            new("updateProjectDefaultRates", $"/4/projects/{id}/rate", new { category = "BILLING", value = 99.95m }),
            new("updateUsingAccountRates", $"/4/projects/{id}/usingAccountRates", new { usingAccountRates = true }),
            new("updateUsingGlobalCostRates", $"/4/projects/{id}/usingGlobalCostRates", new { usingGlobalCostRates = true }),
            new("deleteProject", $"/4/projects/{doomed.Id()}", Expected: HttpStatusCode.NoContent),
            new("getProjectAttributes", "/4/project-attributes"),
            new("createProjectAttribute", "/4/project-attributes", new { name = Unique("Region"), type = "SELECT_LIST", selectListOptions = new[] { new { value = "EMEA" } } }),
            new("updateProjectAttribute", $"/4/project-attributes/{select.Id()}", new { name = Unique("Tier"), selectListOptions = new object[] { new { id = optionId, value = "Platinum" }, new { value = "Bronze" } } }),
            new("deleteProjectAttribute", $"/4/project-attributes/{doomedAttribute.Id()}", Expected: HttpStatusCode.NoContent),
        ];

        await Conformance.RunAsync(api, "projects", ["Projects", "Project Attributes"], cases);
    }
}
