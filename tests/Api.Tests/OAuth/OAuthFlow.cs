using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Duende.IdentityModel.Client;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Tempo.Api.Tests.Infrastructure;

namespace Tempo.Api.Tests.OAuth;

/// <summary>An OAuth application as the tests registered it.</summary>
public sealed record TestApp(string Id, string ClientId, string? Secret, string RedirectUri, string Tenant);

/// <summary>What the authorize step gave back: the redirect's code and state (or error).</summary>
public sealed record AuthorizeResult(Uri Location)
{
    public IDictionary<string, Microsoft.Extensions.Primitives.StringValues> Query { get; } = QueryHelpers.ParseQuery(Location.Query);

    public string? Code => Query.TryGetValue("code", out var code) ? code.ToString() : null;

    public string? State => Query.TryGetValue("state", out var state) ? state.ToString() : null;

    public string? Error => Query.TryGetValue("error", out var error) ? error.ToString() : null;
}

/// <summary>
/// The OAuth flow as a client and a browser drive it: the protocol calls through Duende.IdentityModel (a real client
/// library), the browser's part (authorize, consent, continue) with a client that does not follow redirects.
/// </summary>
public static class OAuthFlow
{
    public const string TokenEndpoint = "http://localhost/oauth/token/";
    public const string RevocationEndpoint = "http://localhost/oauth/revoke_token/";

    public static HttpClient Browser(this TempoApiFactory factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public static async Task<TestApp> CreateAppAsync(
        this TempoApiFactory factory, string tenant, string clientType = "CONFIDENTIAL", string[]? scopes = null, string? redirectUri = null)
    {
        var admin = await factory.SignedInAsync(TempoClient.NewAccountId(), tenant, admin: true);
        redirectUri ??= $"https://client.example/{Guid.NewGuid():N}/callback";
        var response = await admin.PostAsJsonAsync("/settings/oauth-applications", new
        {
            name = "Report builder",
            redirectUris = new[] { redirectUri },
            clientType,
            scopes = scopes ?? ["worklogs:manage", "accounts:view"],
        });
        var body = await response.ReadJsonAsync(HttpStatusCode.Created);
        return new TestApp(body["id"]!.GetValue<string>(), body["clientId"]!.GetValue<string>(), body["clientSecret"]?.GetValue<string>(), redirectUri, tenant);
    }

    public static string Query(TestApp app, string? scope = "worklogs:manage accounts:view", string state = "st-1", string? codeChallenge = null, string? redirectUri = null)
    {
        var parameters = new Dictionary<string, string?>
        {
            ["client_id"] = app.ClientId,
            ["redirect_uri"] = redirectUri ?? app.RedirectUri,
            ["response_type"] = "code",
            ["scope"] = scope,
            ["state"] = state,
        };
        if (codeChallenge is not null)
        {
            parameters["code_challenge"] = codeChallenge;
            parameters["code_challenge_method"] = "S256";
        }

        return QueryHelpers.AddQueryString(string.Empty, parameters.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value));
    }

    /// <summary>The consent page is served, the user answers, the browser follows <c>continue</c>: the redirect to the client.</summary>
    public static async Task<AuthorizeResult> AuthorizeAsync(this TempoApiFactory factory, HttpClient user, string query, bool approve = true)
    {
        var browser = factory.Browser();
        var page = await browser.GetAsync("/oauth/authorize" + query);
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"consent page: {(int)page.StatusCode} {await page.Content.ReadAsStringAsync()}");
        var next = await ConsentAsync(user, query, approve);
        var redirect = await browser.GetAsync(next);
        Assert.True(redirect.StatusCode == HttpStatusCode.Redirect, $"continue: {(int)redirect.StatusCode} {await redirect.Content.ReadAsStringAsync()}");
        return new AuthorizeResult(redirect.Headers.Location!);
    }

    public static async Task<string> ConsentAsync(HttpClient user, string query, bool approve = true)
    {
        var response = await user.PostAsJsonAsync("/oauth/consent", new { query, approve });
        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        return body["continue"]!.GetValue<string>();
    }

    public static Task<TokenResponse> RedeemAsync(this TempoApiFactory factory, TestApp app, string code, string? verifier = null, string? secret = null, ClientCredentialStyle style = ClientCredentialStyle.AuthorizationHeader) =>
        factory.CreateClient().RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
        {
            Address = TokenEndpoint,
            ClientId = app.ClientId,
            ClientSecret = secret ?? app.Secret,
            ClientCredentialStyle = style,
            Code = code,
            RedirectUri = app.RedirectUri,
            CodeVerifier = verifier,
        });

    public static Task<TokenResponse> RefreshAsync(this TempoApiFactory factory, TestApp app, string refreshToken) =>
        factory.CreateClient().RequestRefreshTokenAsync(new RefreshTokenRequest
        {
            Address = TokenEndpoint,
            ClientId = app.ClientId,
            ClientSecret = app.Secret,
            RefreshToken = refreshToken,
        });

    public static Task<TokenRevocationResponse> RevokeAsync(this TempoApiFactory factory, TestApp app, string token, string hint) =>
        factory.CreateClient().RevokeTokenAsync(new TokenRevocationRequest
        {
            Address = RevocationEndpoint,
            ClientId = app.ClientId,
            ClientSecret = app.Secret,
            Token = token,
            TokenTypeHint = hint,
        });

    /// <summary>The full flow for a confidential client: consent, code, tokens.</summary>
    public static async Task<TokenResponse> GrantAsync(this TempoApiFactory factory, TestApp app, HttpClient user, string? scope = "worklogs:manage accounts:view")
    {
        var authorized = await factory.AuthorizeAsync(user, Query(app, scope));
        var tokens = await factory.RedeemAsync(app, authorized.Code!);
        Assert.False(tokens.IsError, $"token: {tokens.Error} {tokens.ErrorDescription} {tokens.Raw}");
        return tokens;
    }

    public static HttpClient Bearer(this TempoApiFactory factory, string accessToken)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    public static (string Verifier, string Challenge) Pkce()
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
