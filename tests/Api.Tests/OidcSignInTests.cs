using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tempo.Api.Tests.Infrastructure;

namespace Tempo.Api.Tests;

/// <summary>
/// Production sign-in: the management API accepts JWTs of the configured OpenID Connect authority and audience, and
/// takes the account id from <c>sub</c>. The authority here is a real HTTP server on loopback serving discovery and keys.
/// </summary>
public sealed class OidcSignInTests : IAsyncLifetime
{
    private const string Audience = "tempo-production";
    private readonly RSA _key = RSA.Create(2048);
    private WebApplication _provider = null!;
    private string _issuer = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _provider = builder.Build();
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_key.ExportParameters(false)) { KeyId = "k1" });
        _provider.MapGet("/.well-known/openid-configuration", (HttpRequest request) => Results.Json(new Dictionary<string, string>
        {
            ["issuer"] = _issuer,
            ["jwks_uri"] = _issuer + ".well-known/jwks.json",
        }));
        _provider.MapGet("/.well-known/jwks.json", () => Results.Json(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } } }));
        await _provider.StartAsync();
        _issuer = _provider.Urls.First() + "/";
    }

    public async Task DisposeAsync()
    {
        await _provider.DisposeAsync();
        _key.Dispose();
    }

    private string Jwt(string subject, string audience, RSA? signer = null, string? issuer = null, params Claim[] claims) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? _issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", subject), .. claims.Length > 0 ? claims : [new Claim("tenant", "acme")]]),
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(signer ?? _key) { KeyId = "k1" }, SecurityAlgorithms.RsaSha256),
        });

    private sealed class ProductionFactory(string authority, params (string Key, string Value)[] settings) : TempoApiFactory
    {
        protected override string EnvironmentName => "Production";

        protected override void ConfigureSettings(IWebHostBuilder builder)
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.UseSetting("Authentication:Authority", authority);
            builder.UseSetting("Authentication:Audience", Audience);
            builder.UseSetting("Authentication:RequireHttpsMetadata", "false");
        }
    }

    [Fact]
    public async Task A_provider_token_signs_the_user_in_as_its_subject()
    {
        await using var factory = new ProductionFactory(_issuer);
        // The embedded server keeps real time for JWT lifetimes here; the provider's token is for real now.
        factory.Time.SetUtcNow(DateTimeOffset.UtcNow);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Jwt("557058:oidc-user", Audience));

        var created = await client.PostAsJsonAsync("/api-integration/tokens", new { name = "prod", access = new { type = "FULL" } });
        var list = await client.GetFromJsonAsync<JsonObject>("/api-integration/tokens");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Single(list!["results"]!.AsArray());
    }

    [Fact]
    public async Task Tokens_of_another_audience_issuer_or_key_are_refused()
    {
        await using var factory = new ProductionFactory(_issuer);
        factory.Time.SetUtcNow(DateTimeOffset.UtcNow);
        using var stranger = RSA.Create(2048);

        foreach (var jwt in new[] { Jwt("u1", "someone-else"), Jwt("u1", Audience, signer: stranger), Jwt("u1", Audience, issuer: "https://evil.example/") })
        {
            var client = factory.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", jwt);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api-integration/tokens")).StatusCode);
        }
    }

    [Fact]
    public async Task A_provider_token_without_the_tenant_claim_is_refused_with_the_claim_named()
    {
        await using var factory = new ProductionFactory(_issuer);
        factory.Time.SetUtcNow(DateTimeOffset.UtcNow);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Jwt("557058:oidc-user", Audience, claims: new Claim("name", "No Tenant")));

        var response = await client.GetAsync("/api-integration/tokens");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("'tenant' claim", await response.ErrorMessageAsync());
    }

    [Fact]
    public async Task The_tenant_and_admin_role_come_from_the_configured_claims()
    {
        await using var factory = new ProductionFactory(
            _issuer, ("Authentication:TenantClaim", "jira_site"), ("Authentication:AdminRoleClaim", "groups"), ("Authentication:AdminRole", "site-admins"));
        factory.Time.SetUtcNow(DateTimeOffset.UtcNow);
        var admin = factory.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", Jwt("557058:boss", Audience, claims: [new Claim("jira_site", "globex"), new Claim("groups", "staff site-admins")]));
        var member = factory.CreateClient();
        member.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", Jwt("557058:member", Audience, claims: [new Claim("jira_site", "globex"), new Claim("roles", "site-admins")]));

        var me = await admin.GetFromJsonAsync<JsonObject>("/api-integration/me");
        var them = await member.GetFromJsonAsync<JsonObject>("/api-integration/me");

        Assert.Equal("""{"accountId":"557058:boss","tenant":"globex","admin":true}""", me!.ToJsonString());
        Assert.Equal("""{"accountId":"557058:member","tenant":"globex","admin":false}""", them!.ToJsonString());
    }
}
