using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using OpenIddict.Server;
using Tempo.Api.Tokens;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Tempo.Api.OAuth;

/// <summary>The OAuth settings: <c>OAuth:AccessTokenLifetime</c> (default 60 days) and <c>OAuth:RefreshTokenLifetime</c> (default 90 days).</summary>
public sealed record OAuthOptions(TimeSpan AccessTokenLifetime, TimeSpan RefreshTokenLifetime)
{
    public static readonly TimeSpan AuthorizationCodeLifetime = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan ConsentTicketLifetime = TimeSpan.FromMinutes(2);

    public static OAuthOptions From(IConfiguration configuration) => new(
        configuration.GetValue("OAuth:AccessTokenLifetime", TimeSpan.FromDays(60)),
        configuration.GetValue("OAuth:RefreshTokenLifetime", TimeSpan.FromDays(90)));
}

/// <summary>OpenIddict's application manager, with its secret hashing open to the applications API.</summary>
public sealed class OAuthApplicationManager(
    IOpenIddictApplicationCache<OAuthApplicationModel> cache,
    ILogger<OpenIddictApplicationManager<OAuthApplicationModel>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<OAuthApplicationModel> store)
    : OpenIddictApplicationManager<OAuthApplicationModel>(cache, logger, options, store)
{
    /// <summary>OpenIddict's own hash of a client secret (what <c>ValidateClientSecretAsync</c> checks against).</summary>
    public ValueTask<string> HashSecretAsync(string secret) => ObfuscateClientSecretAsync(secret, CancellationToken.None);
}

public static class OAuthServer
{
    /// <summary>The paths of the protocol endpoints, Tempo's (trailing slash) and without.</summary>
    public const string AuthorizePath = "/oauth/authorize";
    public const string AuthorizeRedirectPath = "/oauth/authorize/redirect";

    public static IServiceCollection AddTempoOAuth(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var settings = OAuthOptions.From(configuration);
        services.AddSingleton(settings);
        services.AddSingleton<OAuthGrains>();
        services.AddSingleton<OAuthScopes>();
        services.AddScoped(provider => (OAuthApplicationManager)provider.GetRequiredService<OpenIddictApplicationManager<OAuthApplicationModel>>());
        var scopes = new OAuthScopes(Tempo.Grains.Interfaces.Scopes.ScopeCatalogue.Seed);
        var keys = KeysFrom(configuration, environment);

        services.AddOpenIddict()
            .AddCore(core =>
            {
                core.SetDefaultApplicationEntity<OAuthApplicationModel>()
                    .SetDefaultAuthorizationEntity<OAuthAuthorizationModel>()
                    .SetDefaultTokenEntity<OAuthTokenModel>()
                    .SetDefaultScopeEntity<OAuthScopeModel>();
                core.ReplaceApplicationStore<OAuthApplicationModel, OAuthApplicationStore>(ServiceLifetime.Singleton)
                    .ReplaceAuthorizationStore<OAuthAuthorizationModel, OAuthAuthorizationStore>(ServiceLifetime.Singleton)
                    .ReplaceTokenStore<OAuthTokenModel, OAuthTokenStore>(ServiceLifetime.Singleton)
                    .ReplaceScopeStore<OAuthScopeModel, OAuthScopeStore>(ServiceLifetime.Singleton);
                core.ReplaceApplicationManager<OAuthApplicationModel, OAuthApplicationManager>();
            })
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris(AuthorizePath[1..], AuthorizeRedirectPath[1..])
                    .SetTokenEndpointUris("oauth/token/", "oauth/token")
                    .SetRevocationEndpointUris("oauth/revoke_token/", "oauth/revoke_token");
                server.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow();
                server.RegisterScopes([.. scopes.All, OpenIddictConstants.Scopes.OfflineAccess]);
                server.SetAuthorizationCodeLifetime(OAuthOptions.AuthorizationCodeLifetime)
                    .SetAccessTokenLifetime(settings.AccessTokenLifetime)
                    .SetRefreshTokenLifetime(settings.RefreshTokenLifetime)
                    .SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                server.UseReferenceRefreshTokens();
                if (keys is { } k)
                {
                    server.AddEncryptionKey(k.Encryption).AddSigningKey(k.Signing);
                }
                else
                {
                    server.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                }

                // The access token is the project's own token (a token grain), minted instead of OpenIddict's.
                server.RemoveEventHandler(OpenIddictServerHandlers.GenerateAccessToken.Descriptor);
                server.AddEventHandler(OAuthHandlers.MintAccessToken.Descriptor);
                server.AddEventHandler(OAuthHandlers.AlwaysReturnScope.Descriptor);
                server.AddEventHandler(OAuthHandlers.RevokeProjectAccessToken.Descriptor);

                // TLS ends at the proxy in front of the API (ForwardedHeaders), as for every other endpoint.
                server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .DisableTransportSecurityRequirement();
            });
        return services;
    }

    /// <summary>
    /// The keys OpenIddict protects codes and refresh tokens with (their payloads are stored encrypted in the grains),
    /// derived from <c>Tokens:HashKey</c>, which every API process of a cluster already shares: a code issued by one
    /// process is redeemed by another. Without a hash key (Development only) they are ephemeral, like the hash key.
    /// </summary>
    private static (SecurityKey Encryption, SecurityKey Signing)? KeysFrom(IConfiguration configuration, IHostEnvironment environment)
    {
        var key = configuration.GetSection(TokenHashingOptions.SectionName).Get<TokenHashingOptions>()?.HashKey;
        if (string.IsNullOrWhiteSpace(key))
        {
            return null;
        }

        byte[] master;
        try
        {
            master = Convert.FromBase64String(key);
        }
        catch (FormatException)
        {
            return null; // The token hasher refuses it at startup with the message.
        }

        var encryption = new SymmetricSecurityKey(HMACSHA256.HashData(master, "tempo-oauth-encryption"u8)) { KeyId = "tempo-oauth-enc" };

        // OpenIddict signs with an asymmetric key: a P-256 key whose private scalar is derived from the hash key,
        // so every process derives the same one (.NET computes the public point from the scalar).
        var scalar = HMACSHA256.HashData(master, "tempo-oauth-signing"u8);
        var ecdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = scalar });
        var signing = new ECDsaSecurityKey(ecdsa) { KeyId = "tempo-oauth-sig" };
        return (encryption, signing);
    }
}
