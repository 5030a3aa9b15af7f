using Tempo.Api.Tests.Infrastructure;
using Tempo.Api.Tests.Teams;
using static Tempo.Api.Tests.Infrastructure.ScopedClients;

namespace Tempo.Api.Tests.Plans;

public sealed class PlansConformanceTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    [Fact]
    public async Task Every_plans_and_generic_resources_operation_answers_as_the_contract_says()
    {
        var api = await factory.PlannerAsync();
        var alice = TempoClient.NewAccountId();
        var project = PlansTestData.NewItem();
        var resource = await api.CreateResourceAsync();
        var doomedResource = await api.CreateResourceAsync();
        var plan = (await api.CreatePlanAsync(PlansTestData.UserPlan(alice, project, "2026-06-01", "2026-06-05")))["id"]!.GetValue<int>();
        var doomed = (await api.CreatePlanAsync(PlansTestData.UserPlan(alice, project, "2026-06-08", "2026-06-09")))["id"]!.GetValue<int>();
        await api.CreatePlanAsync(new
        {
            assigneeId = resource.ToString(System.Globalization.CultureInfo.InvariantCulture), assigneeType = "GENERIC",
            planItemId = project.ToString(System.Globalization.CultureInfo.InvariantCulture), planItemType = "PROJECT",
            startDate = "2026-06-01", endDate = "2026-06-30", effortPersistenceType = "TOTAL_SECONDS", plannedSeconds = 100_000,
            rule = "NEVER", planApproval = new { reviewerId = alice },
        });

        ConformanceCase[] cases =
        [
            new("getPlans", "/4/plans?from=2026-06-01&to=2026-06-30&plannedTimeBreakdown=DAILY&plannedTimeBreakdown=PERIOD&limit=1"),
            new("createPlan", "/4/plans", new
            {
                assigneeId = alice, assigneeType = "USER", planItemId = "10001", planItemType = "ISSUE", startDate = "2026-06-01", endDate = "2026-06-02",
                plannedSecondsPerDay = 3_600, startTime = "09:30", description = "Weekly sync", rule = "WEEKLY", recurrenceEndDate = "2026-07-31",
                planApproval = new { reviewerId = TempoClient.NewAccountId(), status = "REQUESTED" },
            }),
            new("getPlansForGenericResource", $"/4/plans/generic-resource/{resource}?from=2026-06-01&to=2026-06-30&plannedTimeBreakdown=DAILY"),
            new("searchPlans", "/4/plans/search", new { from = "2026-06-01", to = "2026-06-30", projectIds = new[] { project }, offset = 0, limit = 10 }),
            new("getPlansForUser", $"/4/plans/user/{alice}?from=2026-06-01&to=2026-06-30"),
            new("getPlanById", $"/4/plans/{plan}?from=2026-06-01&to=2026-06-03"),
            new("updatePlan", $"/4/plans/{plan}", PlansTestData.UserPlan(alice, project, "2026-06-01", "2026-06-12", 7_200)),
            new("updatePartialPlan", $"/4/plans/{plan}/partial/2026-06-03", new { plannedSecondsPerDay = 1_800 }),
            new("deleteDayFromPlan", $"/4/plans/{plan}/partial/2026-06-04"),
            new("deletePlanById", $"/4/plans/{doomed}", Expected: HttpStatusCode.NoContent),
            new("createGenericResource", "/4/generic-resources", new { name = Unique("QA") }),
            new("searchGenericResources", "/4/generic-resources/search", new { ids = new[] { resource, doomedResource }, offset = 0, limit = 10 }),
            new("getGenericResource", $"/4/generic-resources/{resource}"),
            new("editGenericResource", $"/4/generic-resources/{resource}", new { name = Unique("Backend") }),
            new("deleteGenericResource", $"/4/generic-resources/{doomedResource}", Expected: HttpStatusCode.NoContent),
        ];

        await Conformance.RunAsync(api, "plans", ["Plans", "Generic Resources"], cases);
    }

    [Fact]
    public async Task Every_generic_resource_team_members_operation_answers_as_the_contract_says()
    {
        var api = await factory.PlannerAsync();
        var team = await api.NewTeamAsync();
        var kept = await api.CreateResourceAsync();
        var removed = await api.CreateResourceAsync();
        await api.PostJsonAsync($"/4/teams/{team}/generic-resources", new { genericResourceId = removed });

        ConformanceCase[] cases =
        [
            new("addResourceToTeam", $"/4/teams/{team}/generic-resources", new { genericResourceId = kept }),
            new("getResourcesInTeam", $"/4/teams/{team}/generic-resources"),
            new("getGenericResourceTeamMember", $"/4/teams/{team}/generic-resources/{kept}"),
            new("removeGenericResourceFromTeam", $"/4/teams/{team}/generic-resources/{removed}", Expected: HttpStatusCode.NoContent),
        ];

        await Conformance.RunAsync(api, "teams", ["Generic Resource Team Members"], cases);
    }
}
