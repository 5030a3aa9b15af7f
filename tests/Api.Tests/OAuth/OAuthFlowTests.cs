using Duende.IdentityModel.Client;
using Tempo.Api.Tests.Infrastructure;

namespace Tempo.Api.Tests.OAuth;

/// <summary>The authorization code flow end to end through OpenIddict and the gate, with a real OAuth client library.</summary>
public sealed class OAuthFlowTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    [Fact]
    public async Task A_confidential_client_gets_a_token_that_works_on_a_4_route()
    {
        var tenant = TempoClient.NewTenant();
        var app = await factory.CreateAppAsync(tenant);
        var user = await factory.SignedInAsync(TempoClient.NewAccountId(), tenant);

        var authorized = await factory.AuthorizeAsync(user, OAuthFlow.Query(app, state: "xyz-42"));
        Assert.StartsWith(app.RedirectUri, authorized.Location.ToString());
        Assert.Equal("xyz-42", authorized.State);

        var tokens = await factory.RedeemAsync(app, authorized.Code!);
        Assert.False(tokens.IsError, tokens.Raw);
        Assert.Equal("Bearer", tokens.TokenType);
        Assert.Equal(5_184_000, tokens.ExpiresIn);
        Assert.StartsWith("tempo_", tokens.AccessToken);
        Assert.False(string.IsNullOrEmpty(tokens.RefreshToken));
        Assert.Equal(["accounts:view", "worklogs:manage", "worklogs:view"], tokens.Scope!.Split(' ').Order());

        var api = factory.Bearer(tokens.AccessToken!);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/4/accounts")).StatusCode);
        var refused = await api.PostAsJsonAsync("/4/accounts", new { });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("Bearer error=\"insufficient_scope\", scope=\"accounts:manage\"", refused.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/4/teams")).StatusCode);
    }

    [Fact]
    public async Task Client_secret_in_the_body_works_too_and_a_wrong_secret_is_refused()
    {
        var tenant = TempoClient.NewTenant();
        var app = await factory.CreateAppAsync(tenant);
        var user = await factory.SignedInAsync(TempoClient.NewAccountId(), tenant);

        var wrong = await factory.RedeemAsync(app, (await factory.AuthorizeAsync(user, OAuthFlow.Query(app))).Code!, secret: "not-the-secret");
        Assert.True(wrong.IsError);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.HttpStatusCode);
        Assert.Contains("invalid_client", wrong.Raw);

        var posted = await factory.RedeemAsync(app, (await factory.AuthorizeAsync(user, OAuthFlow.Query(app))).Code!, style: ClientCredentialStyle.PostBody);
        Assert.False(posted.IsError, posted.Raw);
    }

    [Fact]
    public async Task A_public_client_needs_PKCE_and_the_right_verifier()
    {
        var tenant = TempoClient.NewTenant();
        var app = await factory.CreateAppAsync(tenant, clientType: "PUBLIC");
        Assert.Null(app.Secret);
        var user = await factory.SignedInAsync(TempoClient.NewAccountId(), tenant);

        // Without a code challenge OpenIddict refuses the request: no consent page, no code.
        var browser = factory.Browser();
        var noChallenge = await browser.GetAsync("/oauth/authorize" + OAuthFlow.Query(app));
        Assert.Equal(HttpStatusCode.BadRequest, noChallenge.StatusCode);
        Assert.Contains("invalid_request", await noChallenge.Content.ReadAsStringAsync());

        var (verifier, challenge) = OAuthFlow.Pkce();
        var missing = await factory.RedeemAsync(app, (await factory.AuthorizeAsync(user, OAuthFlow.Query(app, codeChallenge: challenge))).Code!);
        Assert.Equal("invalid_request", missing.Error);

        var wrongVerifier = OAuthFlow.Pkce().Verifier;
        var wrong = await factory.RedeemAsync(app, (await factory.AuthorizeAsync(user, OAuthFlow.Query(app, codeChallenge: challenge))).Code!, verifier: wrongVerifier);
        Assert.Equal("invalid_grant", wrong.Error);

        var tokens = await factory.RedeemAsync(app, (await factory.AuthorizeAsync(user, OAuthFlow.Query(app, codeChallenge: challenge))).Code!, verifier: verifier);
        Assert.False(tokens.IsError, tokens.Raw);
        Assert.Equal(HttpStatusCode.OK, (await factory.Bearer(tokens.AccessToken!).GetAsync("/4/accounts")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_redirect_uri_is_never_redirected_to()
    {
        var tenant = TempoClient.NewTenant();
        var app = await factory.CreateAppAsync(tenant);
        var response = await factory.Browser().GetAsync("/oauth/authorize" + OAuthFlow.Query(app, redirectUri: "https://evil.example/callback"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);

        var unknownClient = await factory.Browser().GetAsync("/oauth/authorize" + OAuthFlow.Query(app with { ClientId = tenant + ".AAAAAAAAAAAAAAAA" }));
        Assert.Equal(HttpStatusCode.BadRequest, unknownClient.StatusCode);
        Assert.Null(unknownClient.Headers.Location);
    }

    [Fact]
    public async Task Denying_redirects_with_access_denied()
    {
        var tenant = TempoClient.NewTenant();
        var app = await factory.CreateAppAsync(tenant);
        var user = await factory.SignedInAsync(TempoClient.NewAccountId(), tenant);
        var denied = await factory.AuthorizeAsync(user, OAuthFlow.Query(app, state: "s-9"), approve: false);
        Assert.Equal("access_denied", denied.Error);
        Assert.Equal("s-9", denied.State);
        Assert.Null(denied.Code);
    }

    [Fact]
    public async Task A_code_expires_after_60_seconds()
    {
        var tenant = TempoClient.NewTenant();
        var app = await factory.CreateAppAsync(tenant);
        var user = await factory.SignedInAsync(TempoClient.NewAccountId(), tenant);
        var code = (await factory.AuthorizeAsync(user, OAuthFlow.Query(app))).Code!;
        factory.Time.Advance(TimeSpan.FromSeconds(61));
        var expired = await factory.RedeemAsync(app, code);
        Assert.Equal("invalid_grant", expired.Error);
    }

    [Fact]
    public async Task A_reused_code_is_refused_and_revokes_what_it_produced()
    {
        var tenant = TempoClient.NewTenant();
        var app = await factory.CreateAppAsync(tenant);
        var user = await factory.SignedInAsync(TempoClient.NewAccountId(), tenant);
        var code = (await factory.AuthorizeAsync(user, OAuthFlow.Query(app))).Code!;
        var first = await factory.RedeemAsync(app, code);
        Assert.False(first.IsError, first.Raw);
        var api = factory.Bearer(first.AccessToken!);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/4/accounts")).StatusCode);

        var second = await factory.RedeemAsync(app, code);
        Assert.Equal("invalid_grant", second.Error);

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/4/accounts")).StatusCode);
        Assert.True((await factory.RefreshAsync(app, first.RefreshToken!)).IsError);
    }

    [Fact]
    public async Task Refresh_rotates_the_pair_and_a_reused_refresh_token_revokes_the_family()
    {
        var tenant = TempoClient.NewTenant();
        var app = await factory.CreateAppAsync(tenant);
        var user = await factory.SignedInAsync(TempoClient.NewAccountId(), tenant);
        var first = await factory.GrantAsync(app, user);

        var second = await factory.RefreshAsync(app, first.RefreshToken!);
        Assert.False(second.IsError, second.Raw);
        Assert.NotEqual(first.AccessToken, second.AccessToken);
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.Equal(["accounts:view", "worklogs:manage", "worklogs:view"], second.Scope!.Split(' ').Order());

        // The old access token is replaced by the new one.
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.Bearer(first.AccessToken!).GetAsync("/4/accounts")).StatusCode);
        var current = factory.Bearer(second.AccessToken!);
        Assert.Equal(HttpStatusCode.OK, (await current.GetAsync("/4/accounts")).StatusCode);

        // The old refresh token again: refused, and everything of the family is revoked at once.
        var reused = await factory.RefreshAsync(app, first.RefreshToken!);
        Assert.Equal("invalid_grant", reused.Error);
        Assert.Equal(HttpStatusCode.Unauthorized, (await current.GetAsync("/4/accounts")).StatusCode);
        Assert.True((await factory.RefreshAsync(app, second.RefreshToken!)).IsError);
    }

    [Fact]
    public async Task Revoking_the_access_token_refuses_it_on_the_next_request()
    {
        var tenant = TempoClient.NewTenant();
        var app = await factory.CreateAppAsync(tenant);
        var user = await factory.SignedInAsync(TempoClient.NewAccountId(), tenant);
        var tokens = await factory.GrantAsync(app, user);
        var api = factory.Bearer(tokens.AccessToken!);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/4/accounts")).StatusCode);

        var revoked = await factory.RevokeAsync(app, tokens.AccessToken!, "access_token");
        Assert.False(revoked.IsError, revoked.Raw);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/4/accounts")).StatusCode);

        // The refresh token still works: it gives a new access token.
        var refreshed = await factory.RefreshAsync(app, tokens.RefreshToken!);
        Assert.False(refreshed.IsError, refreshed.Raw);
    }

    [Fact]
    public async Task Revoking_the_refresh_token_refuses_its_use()
    {
        var tenant = TempoClient.NewTenant();
        var app = await factory.CreateAppAsync(tenant);
        var user = await factory.SignedInAsync(TempoClient.NewAccountId(), tenant);
        var tokens = await factory.GrantAsync(app, user);

        var revoked = await factory.RevokeAsync(app, tokens.RefreshToken!, "refresh_token");
        Assert.False(revoked.IsError, revoked.Raw);
        Assert.Equal("invalid_grant", (await factory.RefreshAsync(app, tokens.RefreshToken!)).Error);
    }

    [Fact]
    public async Task Another_clients_token_is_not_revoked_by_it()
    {
        var tenant = TempoClient.NewTenant();
        var app = await factory.CreateAppAsync(tenant);
        var other = await factory.CreateAppAsync(tenant);
        var user = await factory.SignedInAsync(TempoClient.NewAccountId(), tenant);
        var tokens = await factory.GrantAsync(app, user);

        await factory.RevokeAsync(other, tokens.AccessToken!, "access_token");
        Assert.Equal(HttpStatusCode.OK, (await factory.Bearer(tokens.AccessToken!).GetAsync("/4/accounts")).StatusCode);
    }

    [Fact]
    public async Task A_consent_ticket_is_single_use_and_bound_to_its_request()
    {
        var tenant = TempoClient.NewTenant();
        var app = await factory.CreateAppAsync(tenant);
        var user = await factory.SignedInAsync(TempoClient.NewAccountId(), tenant);
        var query = OAuthFlow.Query(app, state: "one");
        var next = await OAuthFlow.ConsentAsync(user, query);
        var browser = factory.Browser();

        // Moved onto another request (another state): not honoured, the person is asked again.
        var ticket = next[(next.IndexOf("consent_ticket=", StringComparison.Ordinal) + "consent_ticket=".Length)..];
        var moved = await browser.GetAsync("/oauth/authorize" + OAuthFlow.Query(app, state: "two") + "&consent_ticket=" + ticket);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.StartsWith("text/html", moved.Content.Headers.ContentType!.ToString());

        // The misuse spent it: the real request is asked again too.
        var spent = await browser.GetAsync(next);
        Assert.Equal(HttpStatusCode.OK, spent.StatusCode);

        var fresh = await OAuthFlow.ConsentAsync(user, query);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync(fresh)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(fresh)).StatusCode);
    }

    [Fact]
    public async Task Consent_page_names_the_application_the_tenant_and_each_scope()
    {
        var tenant = TempoClient.NewTenant();
        var app = await factory.CreateAppAsync(tenant);
        var page = await factory.Browser().GetAsync("/oauth/authorize" + OAuthFlow.Query(app));
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Report builder", html);
        Assert.Contains(tenant, html);
        Assert.Contains("worklogs:manage", html);
        Assert.Contains("accounts:view", html);
        Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
    }
}
