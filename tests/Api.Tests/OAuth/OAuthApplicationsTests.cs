using Tempo.Api.Tests.Infrastructure;

namespace Tempo.Api.Tests.OAuth;

/// <summary>The applications API (tenant administrators), the user's authorized applications, and tenant isolation.</summary>
public sealed class OAuthApplicationsTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    [Fact]
    public async Task An_admin_creates_lists_reads_changes_and_deletes_an_application()
    {
        var tenant = TempoClient.NewTenant();
        var admin = await factory.SignedInAsync(TempoClient.NewAccountId(), tenant, admin: true);
        var created = await (await admin.PostAsJsonAsync("/settings/oauth-applications", new
        {
            name = "BI connector",
            redirectUris = new[] { "https://bi.example/cb", "http://127.0.0.1:8123/cb" },
            clientType = "CONFIDENTIAL",
            scopes = new[] { "worklogs:view" },
        })).ReadJsonAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();
        Assert.Equal($"{tenant}.{id}", created["clientId"]!.GetValue<string>());
        Assert.Equal(43, created["clientSecret"]!.GetValue<string>().Length);
        Assert.Equal($"http://localhost/settings/oauth-applications/{id}", created["self"]!.GetValue<string>());

        var read = await admin.GetJsonAsync($"/settings/oauth-applications/{id}");
        Assert.Null(read["clientSecret"]);
        Assert.Equal("CONFIDENTIAL", read["clientType"]!.GetValue<string>());

        var list = await admin.GetJsonAsync("/settings/oauth-applications");
        Assert.Equal(id, list["results"]!.AsArray().Single()!["id"]!.GetValue<string>());

        var patched = await (await admin.PatchAsJsonAsync($"/settings/oauth-applications/{id}", new { name = "BI", scopes = new[] { "worklogs:manage" } }))
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("BI", patched["name"]!.GetValue<string>());
        Assert.Equal("worklogs:manage", patched["scopes"]![0]!.GetValue<string>());
        Assert.Equal(2, patched["redirectUris"]!.AsArray().Count);

        var typeChange = await admin.PatchAsJsonAsync($"/settings/oauth-applications/{id}", new { clientType = "PUBLIC" });
        Assert.Equal(HttpStatusCode.BadRequest, typeChange.StatusCode);

        var secret = await (await admin.PostAsync($"/settings/oauth-applications/{id}/secret", null)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.NotEqual(created["clientSecret"]!.GetValue<string>(), secret["clientSecret"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/settings/oauth-applications/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/settings/oauth-applications/{id}")).StatusCode);
        Assert.Empty((await admin.GetJsonAsync("/settings/oauth-applications"))["results"]!.AsArray());
    }

    [Theory]
    [InlineData("http://client.example/cb")]
    [InlineData("https://client.example/cb#fragment")]
    [InlineData("/relative/cb")]
    [InlineData("ftp://client.example/cb")]
    public async Task A_redirect_uri_must_be_https_but_for_loopback(string uri)
    {
        var admin = await factory.SignedInAsync(TempoClient.NewAccountId(), TempoClient.NewTenant(), admin: true);
        var response = await admin.PostAsJsonAsync("/settings/oauth-applications", new { name = "x", redirectUris = new[] { uri }, clientType = "PUBLIC", scopes = new[] { "worklogs:view" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("redirectUris", await response.ErrorMessageAsync());
    }

    [Fact]
    public async Task Bad_scopes_too_many_uris_and_a_missing_type_are_refused()
    {
        var admin = await factory.SignedInAsync(TempoClient.NewAccountId(), TempoClient.NewTenant(), admin: true);
        async Task<HttpStatusCode> Post(object body) => (await admin.PostAsJsonAsync("/settings/oauth-applications", body)).StatusCode;
        Assert.Equal(HttpStatusCode.BadRequest, await Post(new { name = "x", redirectUris = new[] { "https://a.example/cb" }, clientType = "PUBLIC", scopes = Array.Empty<string>() }));
        Assert.Equal(HttpStatusCode.BadRequest, await Post(new { name = "x", redirectUris = new[] { "https://a.example/cb" }, clientType = "PUBLIC", scopes = new[] { "periods:manage" } }));
        Assert.Equal(HttpStatusCode.BadRequest, await Post(new { name = "x", redirectUris = new[] { "https://a.example/cb" }, clientType = "PUBLIC", scopes = new[] { "read" } }));
        Assert.Equal(HttpStatusCode.BadRequest, await Post(new { name = "x", redirectUris = Enumerable.Range(0, 11).Select(i => $"https://a.example/{i}").ToArray(), clientType = "PUBLIC", scopes = new[] { "worklogs:view" } }));
        Assert.Equal(HttpStatusCode.BadRequest, await Post(new { name = "x", redirectUris = new[] { "https://a.example/cb" }, scopes = new[] { "worklogs:view" } }));
        Assert.Equal(HttpStatusCode.Created, await Post(new { name = "x", redirectUris = new[] { "http://[::1]:9000/cb" }, clientType = "PUBLIC", scopes = new[] { "periods:view" } }));
    }

    [Fact]
    public async Task A_user_who_is_not_an_admin_cannot_manage_applications()
    {
        var tenant = TempoClient.NewTenant();
        var app = await factory.CreateAppAsync(tenant);
        var user = await factory.SignedInAsync(TempoClient.NewAccountId(), tenant);
        var list = await user.GetAsync("/settings/oauth-applications");
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal("Only tenant administrators may manage OAuth applications.", await list.ErrorMessageAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await user.PostAsJsonAsync("/settings/oauth-applications", new { name = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.DeleteAsync($"/settings/oauth-applications/{app.Id}")).StatusCode);
    }

    [Fact]
    public async Task Another_tenants_admin_sees_404_and_its_users_cannot_consent()
    {
        var tenantA = TempoClient.NewTenant();
        var app = await factory.CreateAppAsync(tenantA);
        var adminB = await factory.SignedInAsync(TempoClient.NewAccountId(), TempoClient.NewTenant(), admin: true);
        Assert.Equal(HttpStatusCode.NotFound, (await adminB.GetAsync($"/settings/oauth-applications/{app.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await adminB.PatchAsJsonAsync($"/settings/oauth-applications/{app.Id}", new { name = "mine" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await adminB.DeleteAsync($"/settings/oauth-applications/{app.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await adminB.PostAsync($"/settings/oauth-applications/{app.Id}/secret", null)).StatusCode);
        Assert.Empty((await adminB.GetJsonAsync("/settings/oauth-applications"))["results"]!.AsArray());

        var userB = await factory.SignedInAsync(TempoClient.NewAccountId(), TempoClient.NewTenant());
        var consent = await userB.PostAsJsonAsync("/oauth/consent", new { query = OAuthFlow.Query(app), approve = true });
        Assert.Equal(HttpStatusCode.Forbidden, consent.StatusCode);
        Assert.Contains("another tenant", await consent.ErrorMessageAsync());

        // Still fine for tenant A's own users.
        var userA = await factory.SignedInAsync(TempoClient.NewAccountId(), tenantA);
        Assert.NotNull((await factory.AuthorizeAsync(userA, OAuthFlow.Query(app))).Code);
    }

    [Fact]
    public async Task Deleting_an_application_revokes_its_tokens_at_once()
    {
        var tenant = TempoClient.NewTenant();
        var admin = await factory.SignedInAsync(TempoClient.NewAccountId(), tenant, admin: true);
        var app = await factory.CreateAppAsync(tenant);
        var alice = await factory.SignedInAsync(TempoClient.NewAccountId(), tenant);
        var bob = await factory.SignedInAsync(TempoClient.NewAccountId(), tenant);
        var aliceTokens = await factory.GrantAsync(app, alice);
        var bobTokens = await factory.GrantAsync(app, bob);
        var aliceApi = factory.Bearer(aliceTokens.AccessToken!);
        var bobApi = factory.Bearer(bobTokens.AccessToken!);
        Assert.Equal(HttpStatusCode.OK, (await aliceApi.GetAsync("/4/accounts")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bobApi.GetAsync("/4/accounts")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/settings/oauth-applications/{app.Id}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await aliceApi.GetAsync("/4/accounts")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bobApi.GetAsync("/4/accounts")).StatusCode);
        Assert.True((await factory.RefreshAsync(app, aliceTokens.RefreshToken!)).IsError);
        Assert.Equal(HttpStatusCode.BadRequest, (await factory.Browser().GetAsync("/oauth/authorize" + OAuthFlow.Query(app))).StatusCode);
    }

    [Fact]
    public async Task The_user_lists_and_revokes_authorized_applications_and_oauth_tokens_are_not_api_tokens()
    {
        var tenant = TempoClient.NewTenant();
        var app = await factory.CreateAppAsync(tenant);
        var user = await factory.SignedInAsync(TempoClient.NewAccountId(), tenant);
        var tokens = await factory.GrantAsync(app, user);
        var api = factory.Bearer(tokens.AccessToken!);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/4/accounts")).StatusCode);

        Assert.Empty((await user.GetJsonAsync("/api-integration/tokens"))["results"]!.AsArray());

        var listed = (await user.GetJsonAsync("/api-integration/oauth-authorizations"))["results"]!.AsArray().Single()!;
        Assert.Equal(app.ClientId, listed["applicationId"]!.GetValue<string>());
        Assert.Equal("Report builder", listed["applicationName"]!.GetValue<string>());
        Assert.Equal(["accounts:view", "worklogs:manage", "worklogs:view"], listed["scopes"]!.AsArray().Select(s => s!.GetValue<string>()).Order());
        Assert.NotNull(listed["createdAt"]);

        // Another user of the tenant neither sees nor revokes it.
        var other = await factory.SignedInAsync(TempoClient.NewAccountId(), tenant);
        Assert.Empty((await other.GetJsonAsync("/api-integration/oauth-authorizations"))["results"]!.AsArray());
        var id = listed["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/api-integration/oauth-authorizations/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await user.DeleteAsync($"/api-integration/oauth-authorizations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/4/accounts")).StatusCode);
        Assert.Equal("invalid_grant", (await factory.RefreshAsync(app, tokens.RefreshToken!)).Error);
        Assert.Empty((await user.GetJsonAsync("/api-integration/oauth-authorizations"))["results"]!.AsArray());
    }
}
