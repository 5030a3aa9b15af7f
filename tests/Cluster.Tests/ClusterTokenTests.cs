using Tempo.Cluster.Tests.Infrastructure;

namespace Tempo.Cluster.Tests;

/// <summary>Three silo processes and two API processes on one PostgreSQL database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterTokenTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Tokens_work_across_api_nodes_and_everything_survives_a_full_restart()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        await TestCluster.MigrateAsync(database);
        await using var cluster = new TestCluster(database);
        await cluster.StartAsync(silos: 3, apis: 2);
        try
        {
            var (api1, api2) = (cluster.Apis[0], cluster.Apis[1]);
            var user1 = await api1.SignInAsync("557058:cluster-user");
            var user2 = await api2.SignInAsync("557058:cluster-user");

            // Created through API 1, works through API 2.
            var (deletedId, deletedSecret) = await user1.CreateTokenAsync(new { type = "FULL" });
            var (regeneratedId, oldSecret) = await user1.CreateTokenAsync(new { type = "CUSTOM", scopes = new { accounts = "MANAGE" } });
            Assert.Equal(HttpStatusCode.OK, (await api2.WithToken(deletedSecret).GetAsync("/4/account-category-types")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await api1.WithToken(oldSecret).GetAsync("/4/account-category-types")).StatusCode);

            // Renamed, deleted and regenerated through API 2: refused at API 1 on the very next request.
            await ReadAsync(await user2.PatchAsJsonAsync($"/api-integration/tokens/{regeneratedId}", new { name = "renamed before restart" }));
            Assert.Equal(HttpStatusCode.NoContent, (await user2.DeleteAsync($"/api-integration/tokens/{deletedId}")).StatusCode);
            var regenerated = await (await user2.PostAsync($"/api-integration/tokens/{regeneratedId}/regenerate", null)).Content.ReadFromJsonAsync<JsonObject>();
            var newSecret = regenerated!["token"]!.GetValue<string>();
            Assert.Equal(HttpStatusCode.Unauthorized, (await api1.WithToken(deletedSecret).GetAsync("/4/account-category-types")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await api1.WithToken(oldSecret).GetAsync("/4/account-category-types")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await api1.WithToken(newSecret).GetAsync("/4/account-category-types")).StatusCode);

            // Data of the domain too.
            var writer = api1.WithToken(newSecret);
            var created = await writer.PostAsJsonAsync("/4/customers", new { key = "SURVIVOR", name = "Survives restarts" });
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
            var customerId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>();
            var (teamsId, teamsSecret) = await user1.CreateTokenAsync(new { type = "CUSTOM", scopes = new { teams = "MANAGE" } });
            var team = await api2.WithToken(teamsSecret).PostAsJsonAsync("/4/teams", new { name = "Survivors", summary = "Kept across restarts" });
            Assert.Equal(HttpStatusCode.OK, team.StatusCode);
            var teamId = (await team.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>();
            var (worklogsId, worklogsSecret) = await user1.CreateTokenAsync(new { type = "CUSTOM", scopes = new { worklogs = "MANAGE" } });
            var worklog = await api1.WithToken(worklogsSecret).PostAsJsonAsync("/4/worklogs", new
            {
                authorAccountId = "557058:cluster-user", issueId = 10001, startDate = "2026-11-02", startTime = "09:00:00", timeSpentSeconds = 3600, description = "Survives restarts",
            });
            var worklogBody = await worklog.Content.ReadAsStringAsync();
            Assert.True(worklog.StatusCode == HttpStatusCode.OK, worklogBody);
            var worklogId = JsonNode.Parse(worklogBody)!["tempoWorklogId"]!.GetValue<long>();

            // The later scopes' state too: a submitted timesheet and its log, a plan, a project with an attribute value.
            var (fullId, fullSecret) = await user1.CreateTokenAsync(new { type = "FULL" });
            var full = api2.WithToken(fullSecret);
            var lead = "557058:cluster-lead";
            var reviewTeam = await ReadAsync(await full.PostAsJsonAsync("/4/teams", new { name = "Reviewers", leadAccountId = lead }));
            await ReadAsync(await full.PostAsJsonAsync("/4/team-memberships", new { teamId = reviewTeam["id"]!.GetValue<int>(), accountId = "557058:cluster-user", from = "2026-10-01" }));
            var submitted = await ReadAsync(await full.PostAsJsonAsync(
                "/4/timesheet-approvals/user/557058:cluster-user/submit?from=2026-11-01", new { comment = "November", reviewerAccountId = lead }));
            Assert.Equal("IN_REVIEW", submitted["status"]!["key"]!.GetValue<string>());
            var plan = await ReadAsync(await full.PostAsJsonAsync("/4/plans", new
            {
                assigneeId = "557058:cluster-user", assigneeType = "USER", planItemId = "10001", planItemType = "ISSUE",
                startDate = "2026-11-02", endDate = "2026-11-06", effortPersistenceType = "SECONDS_PER_DAY", plannedSecondsPerDay = 3600, rule = "NEVER",
            }));
            var project = await ReadAsync(await full.PostAsJsonAsync("/4/projects", new { name = "Survivor project" }));
            var attribute = await ReadAsync(await full.PostAsJsonAsync("/4/project-attributes", new { name = "Cost code", type = "TEXT" }));
            var projectId = project["id"]!.GetValue<string>();
            var attributeId = attribute["id"]!.GetValue<string>();
            await ReadAsync(await full.PutAsJsonAsync($"/4/projects/{projectId}/project-attributes/{attributeId}", new { value = "PX-1" }));

            // Each tenant's accounts grain is its own activation, placed like any other grain. Which silo takes it is
            // Orleans' resource-optimized placement's choice: it may put all twelve light activations on the least loaded
            // silo (CI saw exactly that once), so the test asserts one activation per tenant on a live silo, not a spread.
            var tenants = Enumerable.Range(0, 12).Select(i => $"spread-{i}").ToArray();
            foreach (var tenant in tenants)
            {
                var api = cluster.Apis[Array.IndexOf(tenants, tenant) % 2];
                var (_, secret) = await (await api.SignInAsync("557058:cluster-user", tenant)).CreateTokenAsync(new { type = "CUSTOM", scopes = new { accounts = "MANAGE" } });
                var customer = await api.WithToken(secret).PostAsJsonAsync("/4/customers", new { key = "SAME-KEY", name = tenant });
                Assert.Equal(HttpStatusCode.OK, customer.StatusCode);
            }

            var placed = await cluster.SiloPortsOfAsync("accounts");
            var silos = cluster.Silos.Select(s => s.SiloPort).ToHashSet();
            foreach (var tenant in tenants)
            {
                Assert.True(placed.TryGetValue($"accounts_{tenant}", out var port) && silos.Contains(port),
                    $"tenant {tenant} has no accounts activation of its own on a live silo: {string.Join(", ", placed)}");
            }

            // The audit trail of this user's tokens, newest first, as PostgreSQL must keep it across the restart.
            const string Owner = "557058:cluster-user";
            (string Type, string TokenId, string Name, string Actor)[] auditBefore =
            [
                ("token.created", fullId, "cluster", Owner),
                ("token.created", worklogsId, "cluster", Owner),
                ("token.created", teamsId, "cluster", Owner),
                ("token.regenerated", regeneratedId, "renamed before restart", Owner),
                ("token.deleted", deletedId, "cluster", Owner),
                ("token.renamed", regeneratedId, "renamed before restart", Owner),
                ("token.created", regeneratedId, "cluster", Owner),
                ("token.created", deletedId, "cluster", Owner),
            ];
            Assert.Equal(auditBefore, await LifecycleAuditAsync(user1));

            await cluster.StopAllAsync();
            Assert.Empty(cluster.Silos);
            await cluster.StartAsync(silos: 3, apis: 2);
            {
                var api = cluster.Apis[1];
                Assert.Equal(HttpStatusCode.OK, (await api.WithToken(newSecret).GetAsync("/4/account-category-types")).StatusCode);
                Assert.Equal(HttpStatusCode.Unauthorized, (await api.WithToken(deletedSecret).GetAsync("/4/account-category-types")).StatusCode);
                var customer = await api.WithToken(newSecret).GetFromJsonAsync<JsonObject>($"/4/customers/{customerId}");
                Assert.Equal("SURVIVOR", customer!["key"]!.GetValue<string>());
                var survivingWorklog = await api.WithToken(worklogsSecret).GetFromJsonAsync<JsonObject>($"/4/worklogs/{worklogId}");
                Assert.Equal("Survives restarts", survivingWorklog!["description"]!.GetValue<string>());
                var authorsMonth = await api.WithToken(worklogsSecret).GetFromJsonAsync<JsonObject>("/4/worklogs/user/557058:cluster-user?from=2026-11-01&to=2026-11-30");
                Assert.Equal(worklogId, authorsMonth!["results"]![0]!["tempoWorklogId"]!.GetValue<long>());
                var survivingTeam = await api.WithToken(teamsSecret).GetFromJsonAsync<JsonObject>($"/4/teams/{teamId}");
                Assert.Equal("Survivors", survivingTeam!["name"]!.GetValue<string>());
                var user = await api.SignInAsync("557058:cluster-user");
                var list = await user.GetFromJsonAsync<JsonObject>("/api-integration/tokens");
                Assert.Contains(regeneratedId, list!["results"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()));
                Assert.DoesNotContain(deletedId, list["results"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()));

                var fullAfter = api.WithToken(fullSecret);
                var sheet = await fullAfter.GetFromJsonAsync<JsonObject>("/4/timesheet-approvals/user/557058:cluster-user?from=2026-11-01");
                Assert.Equal("IN_REVIEW", sheet!["status"]!["key"]!.GetValue<string>());
                var logs = await ReadAsync(await fullAfter.PostAsJsonAsync("/4/timesheet-approvals/logs/search", new { userAccountIds = new[] { "557058:cluster-user" } }));
                Assert.Single(logs["results"]!.AsArray());
                var survivingPlan = await fullAfter.GetFromJsonAsync<JsonObject>($"/4/plans/{plan["id"]}");
                Assert.Equal(5 * 3600, survivingPlan!["totalPlannedSeconds"]!.GetValue<long>());
                var survivingProject = await fullAfter.GetFromJsonAsync<JsonObject>($"/4/projects/{projectId}");
                Assert.Equal("PX-1", survivingProject!["attributeValues"]!.AsArray().Single(v => v!["id"]!.GetValue<string>() == attributeId)!["input"]!["value"]!.GetValue<string>());

                // Every audit event written before the restart is still there, in order, and new ones follow them.
                Assert.Equal(auditBefore, await LifecycleAuditAsync(user));
                await ReadAsync(await user.PatchAsJsonAsync($"/api-integration/tokens/{regeneratedId}", new { name = "renamed after restart" }));
                Assert.Equal(HttpStatusCode.NoContent, (await user.DeleteAsync($"/api-integration/tokens/{teamsId}")).StatusCode);
                (string, string, string, string)[] auditAfter =
                    [("token.deleted", teamsId, "cluster", Owner), ("token.renamed", regeneratedId, "renamed after restart", Owner), .. auditBefore];
                Assert.Equal(auditAfter, await LifecycleAuditAsync(await cluster.Apis[0].SignInAsync(Owner)));

                // The same account id in another tenant kept its own single token.
                var spread = await api.SignInAsync("557058:cluster-user", tenants[5]);
                Assert.Single((await spread.GetFromJsonAsync<JsonObject>("/api-integration/tokens"))!["results"]!.AsArray());
            }
        }
        catch (Exception exception)
        {
            throw new Xunit.Sdk.XunitException(exception.Message + "\n" + cluster.Diagnostics());
        }
    }

    /// <summary>The user's lifecycle events, newest first (refusals are aggregated per minute, so their timing varies: left out).</summary>
    private static async Task<(string Type, string TokenId, string Name, string Actor)[]> LifecycleAuditAsync(HttpClient user)
    {
        var page = await ReadAsync(await user.GetAsync("/api-integration/audit?limit=200"));
        Assert.Null(page["metadata"]!["next"]);
        return
        [
            .. page["results"]!.AsArray()
                .Where(e => e!["type"]!.GetValue<string>() is "token.created" or "token.renamed" or "token.regenerated" or "token.deleted")
                .Select(e => (e!["type"]!.GetValue<string>(), e["tokenId"]!.GetValue<string>(), e["tokenName"]!.GetValue<string>(), e["actor"]!.GetValue<string>())),
        ];
    }

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }
}
