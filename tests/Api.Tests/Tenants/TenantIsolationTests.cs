using Tempo.Api.Tests.Infrastructure;
using static Tempo.Api.Tests.Infrastructure.ScopedClients;

namespace Tempo.Api.Tests.Tenants;

/// <summary>
/// One deployment, many tenants: the token decides the tenant, and nothing of one tenant (tokens, accounts, teams,
/// worklogs; lists, searches, id lookups) can be read, written or counted with another tenant's token or sign-in.
/// </summary>
public sealed class TenantIsolationTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    [Fact]
    public async Task The_same_account_id_in_two_tenants_has_two_token_lists()
    {
        var accountId = TempoClient.NewAccountId();
        var inA = await factory.SignedInAsync(accountId, TempoClient.NewTenant());
        var inB = await factory.SignedInAsync(accountId, TempoClient.NewTenant());

        var token = await inA.CreateFullTokenAsync("only in A");

        Assert.Single((await inA.GetFromJsonAsync<JsonObject>("/api-integration/tokens"))!["results"]!.AsArray());
        Assert.Empty((await inB.GetFromJsonAsync<JsonObject>("/api-integration/tokens"))!["results"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await inB.GetAsync($"/api-integration/tokens/{token.Id()}")).StatusCode);
    }

    [Fact]
    public async Task A_user_of_another_tenant_cannot_manage_a_token()
    {
        var accountId = TempoClient.NewAccountId();
        var owner = await factory.SignedInAsync(accountId, TempoClient.NewTenant());
        var twin = await factory.SignedInAsync(accountId, TempoClient.NewTenant());
        var token = await owner.CreateFullTokenAsync();
        var path = $"/api-integration/tokens/{token.Id()}";

        Assert.Equal(HttpStatusCode.NotFound, (await twin.PatchAsJsonAsync(path, new { name = "stolen" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await twin.PostAsync(path + "/regenerate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await twin.DeleteAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.WithApiToken(token.Secret()).GetAsync("/4/accounts")).StatusCode);
        Assert.Equal("full", (await owner.GetFromJsonAsync<JsonObject>(path))!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Accounts_of_another_tenant_are_invisible_and_ids_repeat_without_clashing()
    {
        var a = await factory.ApiClientAsync("accounts", "MANAGE", TempoClient.NewTenant());
        var b = await factory.ApiClientAsync("accounts", "MANAGE", TempoClient.NewTenant());
        var inB = await b.PostJsonAsync("/4/accounts", new { key = "SHARED", name = "B's account", status = "OPEN", leadAccountId = "557058:lead" });
        await b.PostJsonAsync("/4/accounts", new { key = "ONLYB", name = "B only", status = "OPEN", leadAccountId = "557058:lead" });
        await b.PostJsonAsync("/4/customers", new { key = "CUSTB", name = "B's customer" });

        Assert.Equal(0, (await a.GetJsonAsync("/4/accounts"))["metadata"]!["count"]!.GetValue<int>());
        Assert.Empty((await a.PostJsonAsync("/4/accounts/search", new { keys = new[] { "SHARED", "ONLYB" } }))["results"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/4/accounts/{inB["id"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync("/4/accounts/ONLYB")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.DeleteAsync("/4/accounts/ONLYB")).StatusCode);
        Assert.Empty((await a.GetJsonAsync("/4/customers"))["results"]!.AsArray());

        var inA = await a.PostJsonAsync("/4/accounts", new { key = "SHARED", name = "A's account", status = "OPEN", leadAccountId = "557058:lead" });

        Assert.Equal(inB["id"]!.GetValue<int>(), inA["id"]!.GetValue<int>());
        Assert.Equal("A's account", (await a.GetJsonAsync("/4/accounts/SHARED"))["name"]!.GetValue<string>());
        Assert.Equal("B's account", (await b.GetJsonAsync("/4/accounts/SHARED"))["name"]!.GetValue<string>());
        Assert.Equal(2, (await b.GetJsonAsync("/4/accounts"))["metadata"]!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Teams_of_another_tenant_are_invisible()
    {
        var a = await factory.ApiClientAsync("teams", "MANAGE", TempoClient.NewTenant());
        var b = await factory.ApiClientAsync("teams", "MANAGE", TempoClient.NewTenant());
        var team = await b.PostJsonAsync("/4/teams", new { name = "B's team" });

        Assert.Empty((await a.GetJsonAsync("/4/teams"))["results"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/4/teams/{team["id"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.PutAsJsonAsync($"/4/teams/{team["id"]}", new { name = "taken over" })).StatusCode);
        Assert.Equal("B's team", (await b.GetJsonAsync($"/4/teams/{team["id"]}"))["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Worklogs_of_another_tenant_are_invisible_and_ids_repeat_without_clashing()
    {
        var a = await factory.ApiClientAsync("worklogs", "MANAGE", TempoClient.NewTenant());
        var b = await factory.ApiClientAsync("worklogs", "MANAGE", TempoClient.NewTenant());
        var inB = await b.PostJsonAsync("/4/worklogs", new { authorAccountId = "557058:author", issueId = 4711, startDate = "2026-05-04", timeSpentSeconds = 3600, description = "B's work" });
        var id = inB["tempoWorklogId"]!.GetValue<long>();

        Assert.Equal(0, (await a.GetJsonAsync("/4/worklogs"))["metadata"]!["count"]!.GetValue<int>());
        Assert.Equal(0, (await a.GetJsonAsync("/4/worklogs/user/557058:author"))["metadata"]!["count"]!.GetValue<int>());
        Assert.Equal(0, (await a.GetJsonAsync("/4/worklogs/issue/4711"))["metadata"]!["count"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/4/worklogs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.DeleteAsync($"/4/worklogs/{id}")).StatusCode);

        var inA = await a.PostJsonAsync("/4/worklogs", new { authorAccountId = "557058:author", issueId = 4711, startDate = "2026-05-04", timeSpentSeconds = 60, description = "A's work" });

        Assert.Equal(id, inA["tempoWorklogId"]!.GetValue<long>());
        Assert.Equal("A's work", (await a.GetJsonAsync($"/4/worklogs/{id}"))["description"]!.GetValue<string>());
        Assert.Equal("B's work", (await b.GetJsonAsync($"/4/worklogs/{id}"))["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task Me_names_the_account_the_tenant_and_whether_the_user_administers_it()
    {
        var tenant = TempoClient.NewTenant();
        var accountId = TempoClient.NewAccountId();
        var admin = await factory.SignedInAsync(accountId, tenant, admin: true);
        var user = await factory.SignedInAsync(TempoClient.NewAccountId(), tenant);

        var me = await admin.GetFromJsonAsync<JsonObject>("/api-integration/me");

        Assert.Equal(accountId, me!["accountId"]!.GetValue<string>());
        Assert.Equal(tenant, me["tenant"]!.GetValue<string>());
        Assert.True(me["admin"]!.GetValue<bool>());
        Assert.False((await user.GetFromJsonAsync<JsonObject>("/api-integration/me"))!["admin"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_token_records_whether_its_owner_was_an_administrator_when_it_was_created()
    {
        var tenant = TempoClient.NewTenant();
        var byAdmin = await (await factory.SignedInAsync(TempoClient.NewAccountId(), tenant, admin: true)).CreateFullTokenAsync();
        var byUser = await (await factory.SignedInAsync(TempoClient.NewAccountId(), tenant)).CreateFullTokenAsync();

        Assert.True(byAdmin["createdByAdmin"]!.GetValue<bool>());
        Assert.False(byUser["createdByAdmin"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("Acme")]
    [InlineData("acme_corp")]
    [InlineData("")]
    public async Task Development_sign_in_refuses_a_tenant_that_is_not_an_id(string tenant)
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/dev/sign-in", new { accountId = "557058:x", tenant });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'tenant'", await response.ErrorMessageAsync());
    }
}
