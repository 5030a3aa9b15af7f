using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Tempo.Browser.Tests.Infrastructure;

/// <summary>
/// A real OpenID Connect provider on a free loopback port, built with OpenIddict's server in degraded mode (no
/// stores): OpenIddict does the protocol (discovery, JWKS, PKCE, codes, signed JWTs, end session); this class only
/// says who may ask (one public client and its redirect URI), shows a consent page with Allow and Deny, and signs
/// in the user the test chose, with the claims the API reads: <c>sub</c>, <c>tenant</c> and <c>roles</c>.
/// </summary>
public sealed class OidcProvider : IAsyncDisposable
{
    public const string ClientId = "tempo-page";
    public const string Audience = "tempo-orleans";
    public const string ApiScope = "tempo-api";

    private readonly WebApplication _app;

    private OidcProvider(WebApplication app) => _app = app;

    /// <summary>The issuer, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Issuer { get; private set; } = null!;

    /// <summary>The one redirect URI the page's client may use (the page's own address), set once the page's server runs.</summary>
    public string? RedirectUri { get; set; }

    /// <summary>Who the next sign-in signs in as.</summary>
    public SignedInAs NextUser { get; set; } = new("557058:oidc-user", "acme", Admin: false);

    /// <summary>Every request the provider answered at its endpoints, by path, to check what the page asked.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<OidcProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddCors();
        OidcProvider? provider = null;
        builder.Services.AddOpenIddict().AddServer(options =>
        {
            options.SetAuthorizationEndpointUris("connect/authorize")
                .SetTokenEndpointUris("connect/token")
                .SetEndSessionEndpointUris("connect/endsession");
            options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            options.RegisterScopes(Scopes.OpenId, Scopes.Profile, ApiScope);
            options.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            options.DisableAccessTokenEncryption();
            options.SetAccessTokenLifetime(TimeSpan.FromHours(1));
            options.EnableDegradedMode();
            options.UseAspNetCore()
                .EnableAuthorizationEndpointPassthrough()
                .EnableTokenEndpointPassthrough()
                .EnableEndSessionEndpointPassthrough()
                .DisableTransportSecurityRequirement();

            // Degraded mode checks nothing about clients: these handlers know the one client and where it lives.
            options.AddEventHandler<OpenIddictServerEvents.ValidateAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId)
                {
                    context.Reject(Errors.InvalidClient, "Unknown client.");
                }
                else if (context.RedirectUri != provider!.RedirectUri)
                {
                    context.Reject(Errors.InvalidRequest, "The redirect_uri is not registered for this client.");
                }

                return default;
            }));
            options.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId)
                {
                    context.Reject(Errors.InvalidClient, "Unknown client.");
                }

                return default;
            }));
            options.AddEventHandler<OpenIddictServerEvents.ValidateEndSessionRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.PostLogoutRedirectUri is { } uri && uri != provider!.RedirectUri)
                {
                    context.Reject(Errors.InvalidRequest, "The post_logout_redirect_uri is not registered for this client.");
                }

                return default;
            }));
        });

        var app = builder.Build();
        provider = new OidcProvider(app);
        app.UseCors(cors => cors.AllowAnyOrigin().AllowAnyHeader().AllowAnyMethod());
        app.Use(async (context, next) =>
        {
            provider.Requests.Enqueue($"{context.Request.Method} {context.Request.Path}");
            await next(context);
        });
        app.UseAuthentication();
        app.MapMethods("/connect/authorize", ["GET", "POST"], (Func<HttpContext, Task<IResult>>)provider.AuthorizeAsync);
        app.MapPost("/connect/token", (Func<HttpContext, Task<IResult>>)provider.TokenAsync);
        app.MapGet("/connect/endsession", () => Results.SignOut(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]));
        await app.StartAsync();
        provider.Issuer = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/");

        // The first answers are slow (keys, JIT): have them before a browser waits on them.
        using var http = new HttpClient { BaseAddress = provider.Issuer };
        (await http.GetAsync(".well-known/openid-configuration")).EnsureSuccessStatusCode();
        (await http.GetAsync(".well-known/jwks")).EnsureSuccessStatusCode();
        return provider;
    }

    /// <summary>GET: the consent page. POST: the person's answer, Allow (sign in) or Deny (access_denied).</summary>
    private async Task<IResult> AuthorizeAsync(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (HttpMethods.IsGet(context.Request.Method))
        {
            return Results.Content(ConsentPage(request, NextUser), "text/html; charset=utf-8");
        }

        var form = await context.Request.ReadFormAsync();
        if (form["decision"] != "allow")
        {
            return Results.Forbid(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, NextUser.AccountId).SetClaim("tenant", NextUser.Tenant).SetClaim(Claims.Name, NextUser.AccountId);
        if (NextUser.Admin)
        {
            identity.AddClaim(new Claim("roles", "tempo-admin"));
        }

        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(request.GetScopes()).SetResources(Audience);
        return SignIn(principal);
    }

    /// <summary>The code (checked by OpenIddict, PKCE included) carries the principal: tokens are issued for it.</summary>
    private async Task<IResult> TokenAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        return result.Principal is { } principal
            ? SignIn(principal)
            : Results.Forbid(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static IResult SignIn(ClaimsPrincipal principal)
    {
        foreach (var claim in principal.Claims)
        {
            claim.SetDestinations(Destinations.AccessToken, Destinations.IdentityToken);
        }

        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static string ConsentPage(OpenIddictRequest request, SignedInAs user)
    {
        var html = HtmlEncoder.Default;
        var fields = new StringBuilder();
        foreach (var (name, value) in request.GetParameters())
        {
            fields.Append($"<input type=\"hidden\" name=\"{html.Encode(name)}\" value=\"{html.Encode((string?)value ?? "")}\">");
        }

        return $"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test provider: consent</title></head>
            <body><main><h1>Sign in to Tempo</h1><p>Sign in as {html.Encode(user.AccountId)} of {html.Encode(user.Tenant)}?</p>
            <form method="post" action="/connect/authorize">{fields}
            <button type="submit" name="decision" value="deny">Deny</button>
            <button type="submit" name="decision" value="allow">Allow</button></form></main></body></html>
            """;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>The user the provider signs in: an account of a tenant, an administrator of it or not.</summary>
public sealed record SignedInAs(string AccountId, string Tenant, bool Admin);

/// <summary>
/// The service as production runs it: development sign-in off, users signing in at a real OpenID Connect provider
/// (started first, on loopback) through the page's authorization code flow with PKCE.
/// </summary>
public class OidcServer : TempoServer
{
    public OidcProvider Provider { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Provider = await OidcProvider.StartAsync();
        await base.InitializeAsync();
        Provider.RedirectUri = PageUrl;
    }

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("DevSignIn:Enabled", "false");
        builder.UseSetting("Authentication:Authority", Provider.Issuer.ToString());
        builder.UseSetting("Authentication:Audience", OidcProvider.Audience);
        builder.UseSetting("Authentication:RequireHttpsMetadata", "false");
        builder.UseSetting("Authentication:PageClientId", OidcProvider.ClientId);
        builder.UseSetting("Authentication:PageScopes", $"openid profile {OidcProvider.ApiScope}");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Provider.DisposeAsync();
    }
}

/// <summary>A provider and server of their own, for the test that moves the server's clock past a session's end.</summary>
public sealed class ExpiringOidcServer : OidcServer;
