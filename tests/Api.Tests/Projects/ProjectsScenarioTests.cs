using Microsoft.Extensions.DependencyInjection;
using Tempo.Api.Tests.Infrastructure;
using Tempo.Grains.Interfaces;
using Tempo.Grains.Interfaces.Projects;
using static Tempo.Api.Tests.Infrastructure.ScopedClients;

namespace Tempo.Api.Tests.Projects;

/// <summary>Projects through the API: creation defaults, the partial update, every dedicated PUT with a good and a bad value.</summary>
public sealed class ProjectsScenarioTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    private async Task<(HttpClient Api, string Id)> NewProjectAsync(object? body = null)
    {
        var api = await factory.ApiClientAsync("projects", "MANAGE");
        return (api, (await api.CreateProjectAsync(body)).Id());
    }

    private static async Task AssertBadRequestAsync(HttpResponseMessage response, string mentions)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected 400, got {(int)response.StatusCode} {text}");
        Assert.Contains(mentions, await response.ErrorMessageAsync());
    }

    /// <summary>The stored project, straight from its grain (collaborators are not part of Tempo's project JSON).</summary>
    private Task<Project?> StoredAsync(string id) =>
        factory.Services.GetRequiredService<IGrainFactory>()
            .GetGrain<IProjectGrain>(ProjectGrainKeys.Project(TenantId.Default, Guid.Parse(id))).GetRecordAsync();

    [Fact]
    public async Task A_new_project_starts_in_planning_restricted_monetary_in_the_tenant_default_currency()
    {
        var api = await factory.ApiClientAsync("projects", "MANAGE");
        var project = await api.CreateProjectAsync();

        Assert.Equal("IN_PLANNING", project["status"]!.GetValue<string>());
        Assert.Equal("RESTRICTED", project["generalAccess"]!.GetValue<string>());
        Assert.Equal("MONETARY_BASED", project["type"]!.GetValue<string>());
        Assert.Equal("OFF", project["autoSync"]!["schedule"]!.GetValue<string>());
        Assert.Equal("USD", project["defaultCostRate"]!["currencyCode"]!.GetValue<string>());
        Assert.Equal(0m, project["defaultBillingRate"]!["value"]!.GetValue<decimal>());
        Assert.True(Guid.TryParseExact(project.Id(), "D", out _), "project ids are UUIDs");
        Assert.Equal(project.Raw(), (await api.GetJsonAsync($"/4/projects/{project.Id()}")).Raw());
    }

    [Fact]
    public async Task The_owner_of_a_new_project_is_the_owner_of_the_token()
    {
        var owner = TempoClient.NewAccountId();
        var api = await factory.ProjectsClientAsync(owner);

        var project = await api.CreateProjectAsync();

        Assert.Equal(owner, project["owner"]!["userLink"]!["linked"]!["originId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_time_based_project_shows_no_default_rates_and_refuses_one()
    {
        var (api, id) = await NewProjectAsync(new { name = Unique("Hours"), type = "TIME_BASED", scope = new { type = "EPICS", reference = "10001,10002" } });
        var project = await api.GetJsonAsync($"/4/projects/{id}");

        Assert.Null(project["defaultCostRate"]);
        Assert.Equal("EPICS", project["scope"]!["source"]!["type"]!.GetValue<string>());
        Assert.Equal("10001,10002", project["scope"]!["source"]!["reference"]!.GetValue<string>());
        await AssertBadRequestAsync(await api.PutAsJsonAsync($"/4/projects/{id}/rate", new { category = "COST", value = 10 }), "TIME_BASED");
        await AssertBadRequestAsync(await api.PostAsJsonAsync("/4/projects", new { name = "x", type = "TIME_BASED", defaultCostRate = 1 }), "defaultCostRate");
    }

    [Theory]
    [InlineData("{}", "'name'")]
    [InlineData("""{"name":"  "}""", "'name'")]
    [InlineData("""{"name":"a","type":"FIXED"}""", "'type'")]
    [InlineData("""{"name":"a","currencyCode":"ABC"}""", "'currencyCode'")]
    [InlineData("""{"name":"a","currencyCode":"usd"}""", "'currencyCode'")]
    [InlineData("""{"name":"a","defaultCostRate":-1}""", "'defaultCostRate'")]
    [InlineData("""{"name":"a","defaultCostRate":9007199254740992}""", "'defaultCostRate'")]
    [InlineData("""{"name":"a","scope":{"type":"BOARD","reference":"1"}}""", "'scope.type'")]
    [InlineData("""{"name":"a","scope":{"type":"FILTER"}}""", "'scope.reference'")]
    public async Task Create_refuses_a_bad_field_naming_it(string body, string field)
    {
        var api = await factory.ApiClientAsync("projects", "MANAGE");

        var response = await api.PostAsync("/4/projects", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await AssertBadRequestAsync(response, field);
    }

    [Fact]
    public async Task Update_changes_only_the_fields_it_is_given()
    {
        var (api, id) = await NewProjectAsync();
        await api.PutJsonAsync($"/4/projects/{id}", new { name = "Apollo", tags = new[] { "moon", "nasa" }, trackingRevenue = true, usingApproval = true });

        var afterStatus = await api.PutJsonAsync($"/4/projects/{id}", new { status = "ON_HOLD" });
        var afterNothing = await api.PutJsonAsync($"/4/projects/{id}", new { name = (string?)null, tags = (string[]?)null });

        Assert.Equal("ON_HOLD", afterStatus["status"]!.GetValue<string>());
        Assert.Equal("Apollo", afterStatus["name"]!.GetValue<string>());
        Assert.Equal(["moon", "nasa"], afterStatus["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.True(afterStatus["isTrackingRevenue"]!.GetValue<bool>());
        Assert.True(afterStatus["isUsingApproval"]!.GetValue<bool>());
        Assert.Equal(afterStatus.Raw(), afterNothing.Raw());

        var cleared = await api.PutJsonAsync($"/4/projects/{id}", new { tags = Array.Empty<string>(), trackingRevenue = false });
        Assert.Empty(cleared["tags"]!.AsArray());
        Assert.False(cleared["isTrackingRevenue"]!.GetValue<bool>());
        Assert.Equal("Apollo", cleared["name"]!.GetValue<string>());

        await AssertBadRequestAsync(await api.PutAsJsonAsync($"/4/projects/{id}", new { status = "DONE" }), "'status'");
        await AssertBadRequestAsync(await api.PutAsJsonAsync($"/4/projects/{id}", new { name = "" }), "'name'");
        await AssertBadRequestAsync(await api.PutAsJsonAsync($"/4/projects/{id}", new { tags = new[] { "ok", " " } }), "'tags'");
    }

    [Fact]
    public async Task Auto_sync_runs_next_at_the_schedules_local_midnight_by_the_tenants_clock()
    {
        var (api, id) = await NewProjectAsync();
        var now = factory.Time.GetUtcNow();
        Assert.Equal(TempoApiFactory.Start, now); // a Monday, 08:00 UTC; nothing in this class moves the clock

        var daily = await api.PutJsonAsync($"/4/projects/{id}/auto-sync", new { schedule = "DAILY", timeZoneOffsetInHours = 2 });
        Assert.Equal("2026-06-01T22:00:00.000Z", daily["autoSync"]!["nextScheduledSyncAt"]!.GetValue<string>());
        Assert.Equal(2, daily["autoSync"]!["timeZoneOffsetInHours"]!.GetValue<int>());

        var weekly = await api.PutJsonAsync($"/4/projects/{id}/auto-sync", new { schedule = "WEEKLY", timeZoneOffsetInHours = -5 });
        Assert.Equal("2026-06-08T05:00:00.000Z", weekly["autoSync"]!["nextScheduledSyncAt"]!.GetValue<string>());

        var off = await api.PutJsonAsync($"/4/projects/{id}/auto-sync", new { schedule = "OFF" });
        Assert.Equal("OFF", off["autoSync"]!["schedule"]!.GetValue<string>());
        Assert.Null(off["autoSync"]!["nextScheduledSyncAt"]);

        await AssertBadRequestAsync(await api.PutAsJsonAsync($"/4/projects/{id}/auto-sync", new { schedule = "HOURLY" }), "'schedule'");
        await AssertBadRequestAsync(await api.PutAsJsonAsync($"/4/projects/{id}/auto-sync", new { schedule = "DAILY", timeZoneOffsetInHours = 15 }), "'timeZoneOffsetInHours'");
        await AssertBadRequestAsync(await api.PutAsJsonAsync($"/4/projects/{id}/auto-sync", new { }), "'schedule'");
    }

    [Fact]
    public async Task Auto_sync_is_refused_for_a_jira_projects_scope()
    {
        var (api, id) = await NewProjectAsync(new { name = Unique("Jira"), scope = new { type = "JIRA_PROJECTS", reference = "10000" } });

        await AssertBadRequestAsync(await api.PutAsJsonAsync($"/4/projects/{id}/auto-sync", new { schedule = "DAILY" }), "JIRA_PROJECTS");
        Assert.Equal("OFF", (await api.GetJsonAsync($"/4/projects/{id}"))["autoSync"]!["schedule"]!.GetValue<string>());
    }

    [Fact]
    public async Task Currency_takes_an_iso_4217_code_and_refuses_anything_else()
    {
        var (api, id) = await NewProjectAsync(new { name = Unique("Euro"), defaultCostRate = 40.5m });

        var euro = await api.PutJsonAsync($"/4/projects/{id}/currency/EUR", new { });

        Assert.Equal("""{"value":40.5,"currencyCode":"EUR"}""", euro["defaultCostRate"]!.Raw());
        await AssertBadRequestAsync(await api.PutAsync($"/4/projects/{id}/currency/XYZ", null), "'currencyCode'");
        await AssertBadRequestAsync(await api.PutAsync($"/4/projects/{id}/currency/eur", null), "'currencyCode'");
        await AssertBadRequestAsync(await api.PutAsync($"/4/projects/{id}/currency/EURO", null), "'currencyCode'");
    }

    [Fact]
    public async Task General_access_takes_one_of_two_values()
    {
        var (api, id) = await NewProjectAsync();

        var open = await api.PutJsonAsync($"/4/projects/{id}/generalAccess", new { generalAccess = "USERS_WITH_APP_ACCESS" });

        Assert.Equal("USERS_WITH_APP_ACCESS", open["generalAccess"]!.GetValue<string>());
        await AssertBadRequestAsync(await api.PutAsJsonAsync($"/4/projects/{id}/generalAccess", new { generalAccess = "PUBLIC" }), "'generalAccess'");
        await AssertBadRequestAsync(await api.PutAsJsonAsync($"/4/projects/{id}/generalAccess", new { }), "'generalAccess'");
    }

    [Fact]
    public async Task A_new_owner_takes_over_and_the_old_owner_becomes_a_collaborator()
    {
        var (api, id) = await NewProjectAsync();
        var oldOwner = (await api.GetJsonAsync($"/4/projects/{id}"))["owner"]!["id"]!.GetValue<string>();

        var handed = await api.PutJsonAsync($"/4/projects/{id}/owner/557058:successor", new { });

        Assert.Equal("557058:successor", handed["owner"]!["id"]!.GetValue<string>());
        Assert.Equal("557058:successor", handed["owner"]!["userLink"]!["linked"]!["originId"]!.GetValue<string>());
        Assert.Equal(new[] { oldOwner }, (await StoredAsync(id))!.Collaborators.ToArray());

        await api.PutJsonAsync($"/4/projects/{id}/owner/{Uri.EscapeDataString(oldOwner)}", new { });
        Assert.Equal(new[] { "557058:successor" }, (await StoredAsync(id))!.Collaborators.ToArray());

        await AssertBadRequestAsync(await api.PutAsync($"/4/projects/{id}/owner/not%20an%20id", null), "'newOwnerId'");
    }

    [Fact]
    public async Task Default_rates_are_set_per_category_and_refuse_bad_values()
    {
        var (api, id) = await NewProjectAsync();

        await api.PutJsonAsync($"/4/projects/{id}/rate", new { category = "BILLING", value = 150 });
        var project = await api.PutJsonAsync($"/4/projects/{id}/rate", new { category = "COST", value = 80.25m });

        Assert.Equal("""{"value":150,"currencyCode":"USD"}""", project["defaultBillingRate"]!.Raw());
        Assert.Equal("""{"value":80.25,"currencyCode":"USD"}""", project["defaultCostRate"]!.Raw());
        await AssertBadRequestAsync(await api.PutAsJsonAsync($"/4/projects/{id}/rate", new { category = "PRICE", value = 1 }), "'category'");
        await AssertBadRequestAsync(await api.PutAsJsonAsync($"/4/projects/{id}/rate", new { category = "COST", value = -0.01m }), "'value'");
        await AssertBadRequestAsync(await api.PutAsJsonAsync($"/4/projects/{id}/rate", new { category = "COST" }), "'value'");
    }

    [Fact]
    public async Task Money_is_read_back_with_exactly_the_digits_it_was_given()
    {
        var (api, id) = await NewProjectAsync(new { name = Unique("Exact"), defaultCostRate = 0.1m });
        await api.PutJsonAsync($"/4/projects/{id}/rate", new { category = "BILLING", value = 0.1m + 0.2m });

        var project = await api.GetAsync($"/4/projects/{id}");
        var text = await project.Content.ReadAsStringAsync();

        Assert.Contains("""
            "defaultBillingRate":{"value":0.3,"currencyCode":"USD"}
            """, text);
        Assert.Contains("""
            "defaultCostRate":{"value":0.1,"currencyCode":"USD"}
            """, text);

        // Beyond what a double holds exactly: 16 significant digits and two decimals.
        await api.PutJsonAsync($"/4/projects/{id}/rate", new { category = "COST", value = 9007199254740990.99m });
        var raw = await (await api.GetAsync($"/4/projects/{id}")).Content.ReadAsStringAsync();
        Assert.Contains("\"value\":9007199254740990.99,", raw);
        Assert.Equal(9007199254740990.99m, (await StoredAsync(id))!.DefaultCostRate);
    }

    [Fact]
    public async Task Account_rates_and_global_cost_rates_are_switched_on_and_off()
    {
        var (api, id) = await NewProjectAsync();

        var account = await api.PutJsonAsync($"/4/projects/{id}/usingAccountRates", new { usingAccountRates = true });
        var global = await api.PutJsonAsync($"/4/projects/{id}/usingGlobalCostRates", new { usingGlobalCostRates = true });
        var off = await api.PutJsonAsync($"/4/projects/{id}/usingAccountRates", new { usingAccountRates = false });

        Assert.True(account["isUsingAccountRates"]!.GetValue<bool>());
        Assert.True(global["isUsingGlobalCostRates"]!.GetValue<bool>());
        Assert.False(off["isUsingAccountRates"]!.GetValue<bool>());
        Assert.True(off["isUsingGlobalCostRates"]!.GetValue<bool>());
        await AssertBadRequestAsync(await api.PutAsJsonAsync($"/4/projects/{id}/usingAccountRates", new { }), "'usingAccountRates'");
        await AssertBadRequestAsync(await api.PutAsJsonAsync($"/4/projects/{id}/usingGlobalCostRates", new { usingAccountRates = true }), "'usingGlobalCostRates'");
    }

    [Fact]
    public async Task Unknown_or_malformed_project_ids_are_404_and_a_deleted_project_is_gone()
    {
        var (api, id) = await NewProjectAsync();
        var unknown = Guid.NewGuid();

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/4/projects/not-a-uuid")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/4/projects/{unknown}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PutAsJsonAsync($"/4/projects/{unknown}", new { name = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PutAsJsonAsync($"/4/projects/{unknown}/generalAccess", new { generalAccess = "RESTRICTED" })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/4/projects/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/4/projects/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync($"/4/projects/{id}")).StatusCode);
        var listed = await api.GetJsonAsync("/4/projects?limit=5000");
        Assert.DoesNotContain(id, listed["results"]!.AsArray().Select(p => p!.Id()));
    }

    [Fact]
    public async Task Sub_resources_that_are_not_built_answer_404_when_followed()
    {
        var (api, id) = await NewProjectAsync(new { name = Unique("Links"), scope = new { type = "FILTER", reference = "10200" } });
        var project = await api.GetJsonAsync($"/4/projects/{id}");
        string[] links =
        [
            .. new[] { "budgetMilestones", "expenses", "expenseActuals", "laborActuals", "rates", "roles", "timeframe" }
                .Select(name => project[name]!["self"]!.GetValue<string>()),
            project["scope"]!["self"]!.GetValue<string>(),
            project["scope"]!["tasks"]!["self"]!.GetValue<string>(),
        ];

        foreach (var link in links)
        {
            Assert.StartsWith($"http://localhost/4/projects/{id}/", link);
            var response = await api.GetAsync(link);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{link}: expected 404, got {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Projects_are_paged_in_creation_order()
    {
        var api = await factory.ApiClientAsync("projects", "MANAGE");
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await api.CreateProjectAsync()).Id());
        }

        var all = (await api.GetJsonAsync("/4/projects?limit=5000"))["results"]!.AsArray().Select(p => p!.Id()).ToList();
        var first = all.IndexOf(ids[0]);
        Assert.Equal(ids, all.Skip(first).Take(3));

        var page = await api.GetJsonAsync($"/4/projects?offset={first + 1}&limit=1");
        Assert.Equal(ids[1], page["results"]![0]!.Id());
        Assert.Equal(1, page["metadata"]!["count"]!.GetValue<int>());
        Assert.NotNull(page["metadata"]!["next"]);
        Assert.NotNull(page["metadata"]!["previous"]);
        await AssertBadRequestAsync(await api.GetAsync("/4/projects?limit=0"), "'limit'");
    }
}
