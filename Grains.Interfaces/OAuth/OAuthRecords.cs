using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Grains.Interfaces.OAuth;

/// <summary>
/// Keys of the OAuth grains. Every key carries the tenant but the reference pointer (<see cref="Reference"/>), which is
/// found from an opaque token string alone, like the token grain (docs/design/oauth.md).
/// </summary>
public static class OAuthGrainKeys
{
    public const string ApplicationKind = "oauthapp";
    public const string ApplicationsKind = "oauthapps";
    public const string AuthorizationKind = "oauthauth";
    public const string UserAuthorizationsKind = "oauthuser";
    public const string ConsentKind = "oauthconsent";
    public const string ReferencePrefix = "oauthref_";

    public static string Application(TenantId tenant, string applicationId) => tenant.Key(ApplicationKind, applicationId);

    public static string Applications(TenantId tenant) => tenant.Key(ApplicationsKind);

    public static string Authorization(TenantId tenant, string authorizationId) => tenant.Key(AuthorizationKind, authorizationId);

    public static string UserAuthorizations(TenantId tenant, string accountId) => tenant.Key(UserAuthorizationsKind, accountId);

    public static string Consent(TenantId tenant, string ticketId) => tenant.Key(ConsentKind, ticketId);

    public static string Reference(string referenceId) => ReferencePrefix + referenceId;
}

/// <summary>
/// The public identifiers of the OAuth entities: <c>&lt;tenant&gt;.&lt;id&gt;</c> for a client id (= the application's
/// OpenIddict id) and an authorization id, <c>&lt;tenant&gt;.&lt;authorization&gt;.&lt;token&gt;</c> for a code or refresh
/// token entry: each names its grain with no lookup table.
/// </summary>
public static class OAuthIds
{
    public const int RandomLength = 16;

    public static string Compose(TenantId tenant, string id) => $"{tenant.Value}.{id}";

    /// <summary>Splits <c>tenant.id</c>; false for anything else (a foreign or invented identifier).</summary>
    public static bool TryParse(string? text, out TenantId tenant, out string id)
    {
        tenant = default;
        id = string.Empty;
        var dot = text?.IndexOf('.') ?? -1;
        if (dot <= 0 || !TenantId.TryParse(text![..dot], out tenant))
        {
            return false;
        }

        id = text[(dot + 1)..];
        return IsRandomId(id);
    }

    /// <summary>Splits a token entry id <c>tenant.authorization.token</c>.</summary>
    public static bool TryParseToken(string? text, out TenantId tenant, out string authorizationId, out string tokenId)
    {
        authorizationId = tokenId = string.Empty;
        tenant = default;
        var last = text?.LastIndexOf('.') ?? -1;
        if (last <= 0 || !TryParse(text![..last], out tenant, out authorizationId))
        {
            return false;
        }

        tokenId = text[(last + 1)..];
        return IsRandomId(tokenId);
    }

    public static bool IsRandomId(string id)
    {
        if (id.Length != RandomLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>The client types an application can have, as the API writes them.</summary>
public static class OAuthClientTypes
{
    public const string Confidential = "CONFIDENTIAL";
    public const string Public = "PUBLIC";
}

/// <summary>One OAuth application of a tenant. Never carries the client secret, only OpenIddict's hash of it.</summary>
[GenerateSerializer, Immutable, Alias("tempo.OAuthApplication")]
public sealed record OAuthApplication(
    [property: Id(0)] string Id,
    [property: Id(1)] TenantId Tenant,
    [property: Id(2)] string Name,
    [property: Id(3)] string ClientType,
    [property: Id(4)] ImmutableArray<string> RedirectUris,
    [property: Id(5)] ImmutableArray<string> Scopes,
    [property: Id(6)] string? SecretHash,
    [property: Id(7)] DateTimeOffset CreatedAt)
{
    public string ClientId => OAuthIds.Compose(Tenant, Id);
}

/// <summary>The changeable part of an application (PATCH): null leaves a field as it is.</summary>
[GenerateSerializer, Immutable, Alias("tempo.OAuthApplicationChange")]
public sealed record OAuthApplicationChange(
    [property: Id(0)] string? Name,
    [property: Id(1)] ImmutableArray<string>? RedirectUris,
    [property: Id(2)] ImmutableArray<string>? Scopes);

/// <summary>
/// A user's consent to an application (OpenIddict's authorization entry): the scopes frozen at consent, the status
/// (<c>valid</c>, <c>revoked</c>), and the ids of the project's access tokens issued under it.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.OAuthAuthorization")]
public sealed record OAuthAuthorization(
    [property: Id(0)] string Id,
    [property: Id(1)] string? ApplicationId,
    [property: Id(2)] string? Subject,
    [property: Id(3)] ImmutableArray<string> Scopes,
    [property: Id(4)] string? Status,
    [property: Id(5)] string? Type,
    [property: Id(6)] DateTimeOffset? CreatedAt)
{
    [Id(7)] public ImmutableArray<TokenId> AccessTokens { get; init; } = [];
}

/// <summary>An OpenIddict token entry (authorization code or refresh token) of an authorization. <see cref="Version"/> guards concurrent redemption.</summary>
[GenerateSerializer, Immutable, Alias("tempo.OAuthTokenEntry")]
public sealed record OAuthTokenEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] string? ApplicationId,
    [property: Id(2)] string? Subject,
    [property: Id(3)] string? Type,
    [property: Id(4)] string? Status,
    [property: Id(5)] DateTimeOffset? CreatedAt,
    [property: Id(6)] DateTimeOffset? ExpiresAt,
    [property: Id(7)] DateTimeOffset? RedeemedAt,
    [property: Id(8)] string? Payload,
    [property: Id(9)] string? ReferenceId,
    [property: Id(10)] long Version);

/// <summary>
/// A signed-in user's answer on the consent page, bound to exactly the authorize request it answers. Single use,
/// short-lived: the browser's navigation back to <c>/oauth/authorize</c> carries no bearer, so the ticket is what
/// names the user there.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.OAuthConsentTicket")]
public sealed record OAuthConsentTicket(
    [property: Id(0)] string AccountId,
    [property: Id(1)] bool Approved,
    [property: Id(2)] string ClientId,
    [property: Id(3)] string RedirectUri,
    [property: Id(4)] string Scope,
    [property: Id(5)] string? CodeChallenge,
    [property: Id(6)] string? State,
    [property: Id(7)] ImmutableArray<string> GrantedScopes,
    [property: Id(8)] DateTimeOffset ExpiresAt);
