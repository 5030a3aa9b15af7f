using Tempo.Api.Tests.Infrastructure;
using Tempo.Api.Tests.Schemes;
using Tempo.Api.Tests.Teams;

namespace Tempo.Api.Tests.Plans;

public sealed class PlansScenarioTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    private static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_users_plan_follows_a_holiday_scheme_change_on_the_next_read()
    {
        var api = await factory.PlannerAsync();
        var user = TempoClient.NewAccountId();
        var plan = await api.CreatePlanAsync(PlansTestData.UserPlan(user, PlansTestData.NewItem(), "2026-06-01", "2026-06-07"));
        Assert.Equal(5 * 3_600, plan.Total()); // Mon-Fri of the default 8h week

        var holidays = await api.CreateHolidaySchemeAsync();
        await api.CreateHolidayAsync(holidays, "FLOATING", "2026-06-03");
        await api.AssignAsync("holiday", holidays, user);
        var reread = await api.GetJsonAsync($"/4/plans/{plan["id"]}");

        Assert.Equal(4 * 3_600, reread.Total());
        Assert.DoesNotContain(reread.Days(), d => d.Date == "2026-06-03");
    }

    [Fact]
    public async Task A_users_workload_scheme_decides_which_days_count()
    {
        var api = await factory.PlannerAsync();
        var user = TempoClient.NewAccountId();
        var workload = await api.CreateWorkloadAsync(0, 0, 28_800, 28_800, 28_800, 28_800, 0); // Wednesday to Saturday
        await api.AssignAsync("workload", workload, user);

        var plan = await api.CreatePlanAsync(new
        {
            assigneeId = user, assigneeType = "USER", planItemId = "42", planItemType = "ISSUE", startDate = "2026-06-01", endDate = "2026-06-07",
            effortPersistenceType = "TOTAL_SECONDS", plannedSeconds = 10_001,
        });

        Assert.Equal([("2026-06-03", 2_501L), ("2026-06-04", 2_500L), ("2026-06-05", 2_500L), ("2026-06-06", 2_500L)], plan.Days());
        Assert.Equal(10_001, plan.Total());
        Assert.Equal("TOTAL_SECONDS", plan["effortPersistenceType"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_generic_resource_plan_works_the_default_workload_and_is_listed_for_the_resource()
    {
        var api = await factory.PlannerAsync();
        var resource = await api.CreateResourceAsync();

        var plan = await api.CreatePlanAsync(new
        {
            assigneeId = Id(resource), assigneeType = "GENERIC", planItemId = "77", planItemType = "PROJECT",
            startDate = "2026-06-01", endDate = "2026-06-14", plannedSecondsPerDay = 14_400,
        });
        var listed = await api.GetJsonAsync($"/4/plans/generic-resource/{resource}");

        Assert.Equal(10 * 14_400, plan.Total());
        Assert.Equal("GENERIC", plan["assignee"]!["type"]!.GetValue<string>());
        Assert.Equal([plan["id"]!.GetValue<int>()], listed.Results().Select(p => p!["id"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_plan_for_a_generic_resource_that_does_not_exist_is_refused()
    {
        var api = await factory.PlannerAsync();

        var (status, message) = await api.PostAsJsonAsync("/4/plans", new
        {
            assigneeId = "999999", assigneeType = "GENERIC", planItemId = "1", planItemType = "ISSUE", startDate = "2026-06-01", endDate = "2026-06-01", plannedSecondsPerDay = 60,
        }).FailureAsync();

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("999999", message);
    }

    [Fact]
    public async Task Deleting_a_generic_resource_with_plans_is_refused_until_its_plans_are_gone()
    {
        var api = await factory.PlannerAsync();
        var resource = await api.CreateResourceAsync();
        var plan = await api.CreatePlanAsync(new
        {
            assigneeId = Id(resource), assigneeType = "GENERIC", planItemId = "5", planItemType = "ISSUE", startDate = "2026-06-01", endDate = "2026-06-02", plannedSecondsPerDay = 60,
        });

        var (status, message) = await api.DeleteAsync($"/4/generic-resources/{resource}").FailureAsync();
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("plan", message);

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/4/plans/{plan["id"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/4/generic-resources/{resource}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/4/generic-resources/{resource}")).StatusCode);
    }

    [Fact]
    public async Task Partial_edits_change_and_remove_one_day_and_leave_the_rest()
    {
        var api = await factory.PlannerAsync();
        var plan = await api.CreatePlanAsync(PlansTestData.UserPlan(TempoClient.NewAccountId(), PlansTestData.NewItem(), "2026-06-01", "2026-06-05"));
        var id = plan["id"]!.GetValue<int>();

        var edited = await api.PutJsonAsync($"/4/plans/{id}/partial/2026-06-02", new { plannedSecondsPerDay = 7_200 });
        Assert.Equal(HttpStatusCode.OK, (await api.DeleteAsync($"/4/plans/{id}/partial/2026-06-04")).StatusCode);
        var reread = await api.GetJsonAsync($"/4/plans/{id}");

        Assert.Equal(6 * 3_600, edited.Total());
        Assert.Equal([("2026-06-01", 3_600L), ("2026-06-02", 7_200L), ("2026-06-03", 3_600L), ("2026-06-05", 3_600L)], reread.Days());
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync($"/4/plans/{id}/partial/2026-06-09")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PutAsJsonAsync("/4/plans/999999999/partial/2026-06-02", new { plannedSecondsPerDay = 60 })).StatusCode);
    }

    [Fact]
    public async Task Filters_and_paging_walk_more_than_three_pages_once_each()
    {
        var api = await factory.PlannerAsync();
        var project = PlansTestData.NewItem();
        var users = Enumerable.Range(0, 13).Select(_ => TempoClient.NewAccountId()).ToList();
        var ids = new List<int>();
        foreach (var user in users)
        {
            ids.Add((await api.CreatePlanAsync(new
            {
                assigneeId = user, assigneeType = "USER", planItemId = Id(project), planItemType = "PROJECT",
                startDate = "2026-06-10", endDate = "2026-06-12", plannedSecondsPerDay = 600,
            }))["id"]!.GetValue<int>());
        }

        await api.CreatePlanAsync(PlansTestData.UserPlan(users[0], project, "2026-06-10", "2026-06-12")); // an issue with the project's id: not the project
        await api.CreatePlanAsync(new
        {
            assigneeId = users[1], assigneeType = "USER", planItemId = Id(project), planItemType = "PROJECT",
            startDate = "2026-08-03", endDate = "2026-08-04", plannedSecondsPerDay = 600, // outside the window
        });

        var seen = new List<int>();
        var pages = 0;
        string? next = $"/4/plans?from=2026-06-01&to=2026-06-30&projectIds={project}&limit=4";
        while (next is not null)
        {
            var page = await api.GetJsonAsync(next);
            pages++;
            seen.AddRange(page.Results().Select(p => p!["id"]!.GetValue<int>()));
            Assert.Null(page["results"]![0]!["plannedTime"]!["days"]);
            next = page["metadata"]!["next"]?.GetValue<string>();
        }

        Assert.Equal(4, pages);
        Assert.Equal(ids.Order(), seen);

        var byAccount = await api.GetJsonAsync($"/4/plans?from=2026-06-01&to=2026-06-30&projectIds={project}&accountIds={users[3]}&plannedTimeBreakdown=DAILY");
        Assert.Equal([ids[3]], byAccount.Results().Select(p => p!["id"]!.GetValue<int>()));
        Assert.Equal(3, byAccount.Results()[0]!["plannedTime"]!["days"]!["count"]!.GetValue<int>());
        Assert.Null(byAccount.Results()[0]!["plannedTime"]!["periods"]);

        var generic = await api.GetJsonAsync($"/4/plans?from=2026-06-01&to=2026-06-30&projectIds={project}&assigneeTypes=GENERIC");
        Assert.Empty(generic.Results());

        var issues = await api.GetJsonAsync($"/4/plans?from=2026-06-01&to=2026-06-30&issueIds={project}");
        Assert.Single(issues.Results());

        var byPlanIds = await api.GetJsonAsync($"/4/plans?from=2026-06-01&to=2026-06-30&planIds={ids[0]}&planIds={ids[5]}");
        Assert.Equal([ids[0], ids[5]], byPlanIds.Results().Select(p => p!["id"]!.GetValue<int>()));

        var search = await api.PostJsonAsync("/4/plans/search", new { from = "2026-06-01", to = "2026-06-30", projectIds = new[] { project }, offset = 12, limit = 4 });
        Assert.Equal([ids[12]], search.Results().Select(p => p!["id"]!.GetValue<int>()));
        Assert.Equal(12, search["metadata"]!["offset"]!.GetValue<int>());
    }

    [Fact]
    public async Task Updated_from_lists_only_plans_changed_since()
    {
        var api = await factory.PlannerAsync();
        var project = PlansTestData.NewItem();
        var user = TempoClient.NewAccountId();
        await api.CreatePlanAsync(PlansTestData.UserPlan(user, project, "2026-06-01", "2026-06-02"));
        factory.Time.Advance(TimeSpan.FromDays(2));
        var since = factory.Time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var later = await api.CreatePlanAsync(PlansTestData.UserPlan(user, project, "2026-06-03", "2026-06-04"));

        var listed = await api.GetJsonAsync($"/4/plans/user/{user}?updatedFrom={since}");

        Assert.Equal([later["id"]!.GetValue<int>()], listed.Results().Select(p => p!["id"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Moving_a_plan_to_another_assignee_and_item_moves_it_between_lists()
    {
        var api = await factory.PlannerAsync();
        var (first, second) = (TempoClient.NewAccountId(), TempoClient.NewAccountId());
        var (oldIssue, newIssue) = (PlansTestData.NewItem(), PlansTestData.NewItem());
        var plan = await api.CreatePlanAsync(PlansTestData.UserPlan(first, oldIssue, "2026-06-01", "2026-06-02"));

        await api.PutJsonAsync($"/4/plans/{plan["id"]}", PlansTestData.UserPlan(second, newIssue, "2026-07-01", "2026-07-02"));

        Assert.Empty((await api.GetJsonAsync($"/4/plans/user/{first}")).Results());
        Assert.Single((await api.GetJsonAsync($"/4/plans/user/{second}")).Results());
        Assert.Empty((await api.GetJsonAsync($"/4/plans?from=2026-06-01&to=2026-07-31&issueIds={oldIssue}")).Results());
        Assert.Single((await api.GetJsonAsync($"/4/plans?from=2026-07-01&to=2026-07-31&issueIds={newIssue}")).Results());
        Assert.Empty((await api.GetJsonAsync($"/4/plans?from=2026-06-01&to=2026-06-30&issueIds={newIssue}")).Results());
    }

    [Fact]
    public async Task Bad_plan_input_is_a_400_naming_the_field()
    {
        var api = await factory.PlannerAsync();

        var (status, message) = await api.PostAsJsonAsync("/4/plans", new
        {
            assigneeId = "x", assigneeType = "ROBOT", planItemId = "1", planItemType = "ISSUE", startDate = "2026-06-01", endDate = "2026-06-01", plannedSecondsPerDay = 60,
        }).FailureAsync();
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("assigneeType", message);

        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/4/plans?from=2026-06-01")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/4/plans?from=2026-06-01&to=2026-06-30&plannedTimeBreakdown=HOURLY")).StatusCode);
    }

    [Fact]
    public async Task Generic_resources_join_and_leave_teams()
    {
        var api = await factory.PlannerAsync();
        var team = await api.NewTeamAsync();
        var resource = await api.CreateResourceAsync("Tester (to hire) " + Guid.NewGuid().ToString("N")[..6]);

        var added = await api.PostJsonAsync($"/4/teams/{team}/generic-resources", new { genericResourceId = resource });
        var listed = await api.GetJsonAsync($"/4/teams/{team}/generic-resources");

        Assert.Equal(resource, added["member"]!["id"]!.GetValue<int>());
        Assert.Equal(1, listed["count"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsJsonAsync($"/4/teams/{team}/generic-resources", new { genericResourceId = resource })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/4/teams/987654/generic-resources")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/4/teams/{team}/generic-resources/{resource}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/4/teams/{team}/generic-resources/{resource}")).StatusCode);
    }

    [Fact]
    public async Task Another_tenant_sees_none_of_this_tenants_plans_or_resources()
    {
        var here = await factory.PlannerAsync();
        var project = PlansTestData.NewItem();
        var user = TempoClient.NewAccountId();
        var resource = await here.CreateResourceAsync();
        var plan = await here.CreatePlanAsync(PlansTestData.UserPlan(user, project, "2026-06-01", "2026-06-02"));
        var other = await factory.PlannerAsync(TempoClient.NewTenant());

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/4/plans/{plan["id"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/4/plans/{plan["id"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/4/generic-resources/{resource}")).StatusCode);
        Assert.Empty((await other.GetJsonAsync($"/4/plans?from=2026-06-01&to=2026-06-30&issueIds={project}")).Results());
        Assert.Empty((await other.GetJsonAsync($"/4/plans/user/{user}")).Results());
        Assert.Single((await here.GetJsonAsync($"/4/plans/user/{user}")).Results());
    }
}
