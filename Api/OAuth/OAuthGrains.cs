using Tempo.Grains.Interfaces.OAuth;

namespace Tempo.Api.OAuth;

/// <summary>The OAuth grains, found from the public identifiers (which carry the tenant): no lookup table.</summary>
public sealed class OAuthGrains(IGrainFactory factory)
{
    public IGrainFactory Factory => factory;

    public IOAuthApplicationGrain? ApplicationByClientId(string? clientId) =>
        OAuthIds.TryParse(clientId, out var tenant, out var id) ? Application(tenant, id) : null;

    public IOAuthApplicationGrain Application(TenantId tenant, string id) =>
        factory.Reference<IOAuthApplicationGrain>(OAuthGrainKeys.Application(tenant, id));

    public IOAuthApplicationsGrain Applications(TenantId tenant) =>
        factory.Reference<IOAuthApplicationsGrain>(OAuthGrainKeys.Applications(tenant));

    public IOAuthAuthorizationGrain? Authorization(string? authorizationId) =>
        OAuthIds.TryParse(authorizationId, out var tenant, out var id)
            ? factory.Reference<IOAuthAuthorizationGrain>(OAuthGrainKeys.Authorization(tenant, id))
            : null;

    public IOAuthUserAuthorizationsGrain UserAuthorizations(TenantId tenant, string accountId) =>
        factory.Reference<IOAuthUserAuthorizationsGrain>(OAuthGrainKeys.UserAuthorizations(tenant, accountId));

    public IOAuthConsentTicketGrain Consent(TenantId tenant, string ticketId) =>
        factory.Reference<IOAuthConsentTicketGrain>(OAuthGrainKeys.Consent(tenant, ticketId));

    public IOAuthReferenceGrain Reference(string referenceId) =>
        factory.Reference<IOAuthReferenceGrain>(OAuthGrainKeys.Reference(referenceId));

    /// <summary>A new random id (16 base62 characters, about 95 bits).</summary>
    public static string NewId() =>
        System.Security.Cryptography.RandomNumberGenerator.GetString(Tempo.Api.Tokens.Base62.Alphabet, OAuthIds.RandomLength);
}
