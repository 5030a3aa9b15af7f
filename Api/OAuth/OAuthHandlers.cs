using OpenIddict.Abstractions;
using OpenIddict.Server;
using Tempo.Api.Tokens;
using Tempo.Grains.Interfaces.Tokens;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Tempo.Api.OAuth;

/// <summary>The project's hooks into OpenIddict's pipeline (docs/design/oauth.md).</summary>
public static class OAuthHandlers
{
    /// <summary>The claim the consent puts the tenant in (the subject is the account id).</summary>
    public const string TenantClaim = "tenant";

    /// <summary>
    /// In place of OpenIddict's access token: the project's own token, a token grain with custom access = the
    /// granted scopes, the consenting user as owner, the tenant, expiry = the access token lifetime and its origin
    /// (application, authorization). The gate, its cache, revocation, policies and audit treat it like any other.
    /// The authorization records the id before the grain exists, so a revocation always reaches it; a refresh
    /// replaces (deletes) the earlier access tokens of the authorization: a new pair invalidates the old one.
    /// </summary>
    public sealed class MintAccessToken(OAuthGrains grains, OAuthScopes scopes, TokenSecretHasher hasher, TimeProvider time, OAuthOptions options)
        : IOpenIddictServerHandler<ProcessSignInContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
                .AddFilter<OpenIddictServerHandlerFilters.RequireAccessTokenGenerated>()
                .UseScopedHandler<MintAccessToken>()
                .SetOrder(OpenIddictServerHandlers.GenerateAccessToken.Descriptor.Order)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public async ValueTask HandleAsync(ProcessSignInContext context)
        {
            var principal = context.Principal!;
            var subject = principal.GetClaim(Claims.Subject);
            var clientId = context.ClientId ?? context.Request.ClientId;
            var authorizationId = principal.GetAuthorizationId();
            if (!TenantId.TryParse(principal.GetClaim(TenantClaim), out var tenant) || !AccountId.IsValid(subject)
                || grains.Authorization(authorizationId) is not { } authorization || grains.ApplicationByClientId(clientId) is not { } applicationGrain
                || await applicationGrain.GetAsync() is not { } application || application.Tenant != tenant)
            {
                context.Reject(OpenIddictConstants.Errors.InvalidGrant, "The grant is no longer valid.");
                return;
            }

            var now = TokenRules.TruncateToMilliseconds(time.GetUtcNow());
            var expiresAt = TokenRules.TruncateToMilliseconds(context.AccessTokenPrincipal?.GetExpirationDate() ?? now + options.AccessTokenLifetime);
            var id = ApiTokenFormat.NewId();
            var secret = hasher.NewToken(id, out var hash);
            if (!await authorization.AddAccessTokenAsync(id, replacePrevious: context.Request.IsRefreshTokenGrantType()))
            {
                context.Reject(OpenIddictConstants.Errors.InvalidGrant, "The authorization was revoked.");
                return;
            }

            var name = Tempo.Grains.Interfaces.TextSafety.ForLog($"OAuth: {application.Name}", 255);
            var created = await grains.Factory.Reference<ITokenGrain>(id.GrainKey).CreateAsync(
                new NewToken(new TokenOwner(tenant, subject!), false, name, expiresAt, scopes.ToAccess(principal.GetScopes()), hash, now)
                {
                    Origin = new TokenOrigin(application.ClientId, authorizationId!),
                });
            if (!created.IsOk)
            {
                context.Reject(OpenIddictConstants.Errors.ServerError, "The access token could not be issued; try again.");
                return;
            }

            context.AccessToken = secret;
        }
    }

    /// <summary>Every token response names the granted scopes (Tempo's response always carries <c>scope</c>).</summary>
    public sealed class AlwaysReturnScope : IOpenIddictServerHandler<ProcessSignInContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
                .UseSingletonHandler<AlwaysReturnScope>()
                .SetOrder(OpenIddictServerHandlers.AttachSignInParameters.Descriptor.Order + 500)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ProcessSignInContext context)
        {
            if (context.IncludeAccessToken && context.AccessTokenPrincipal is { } principal)
            {
                context.Response.Scope = string.Join(' ', principal.GetScopes().Where(s => s != Scopes.OfflineAccess));
            }

            return default;
        }
    }

    /// <summary>
    /// The revocation endpoint for the project's access tokens (OpenIddict knows only its own tokens): once the client
    /// is authenticated, a token of ours issued to this client is deleted through its authorization (the gate drops it
    /// before the call returns). Anything else goes on to OpenIddict, which answers 200 for tokens it does not know.
    /// </summary>
    public sealed class RevokeProjectAccessToken(OAuthGrains grains, TokenSecretHasher hasher) : IOpenIddictServerHandler<ProcessAuthenticationContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
                .UseScopedHandler<RevokeProjectAccessToken>()
                .SetOrder(OpenIddictServerHandlers.ValidateClientSecret.Descriptor.Order + 500)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public async ValueTask HandleAsync(ProcessAuthenticationContext context)
        {
            if (context.EndpointType != OpenIddictServerEndpointType.Revocation || context.Request.Token is not { } token
                || !ApiTokenFormat.TryParse(token, out var idChars) || !hasher.TryHash(token, out var hash))
            {
                return;
            }

            var id = new TokenId(idChars.ToString());
            var origin = await grains.Factory.Reference<ITokenGrain>(id.GrainKey).OriginAsync(hash);
            if (origin is not null && origin.ApplicationId == context.ClientId && grains.Authorization(origin.AuthorizationId) is { } authorization)
            {
                await authorization.RevokeAccessTokenAsync(id);
            }
        }
    }
}
