using Orleans.Runtime;

namespace Tempo.Grains.Interfaces.Tokens;

/// <summary>
/// A request to create a token, as the user sent it, addressed to the user's own <see cref="IUserTokensGrain"/> (whose
/// key names the owner: the command does not). The API generates the secret and sends only its keyed hash: the secret
/// never enters the cluster. <see cref="CreatedByAdmin"/> is what the user's sign-in said at this moment.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.CreateTokenCommand")]
public sealed record CreateTokenCommand(
    [property: Id(1)] string? Name,
    [property: Id(2)] int? ExpiresInDays,
    [property: Id(3)] DateTimeOffset? ExpiresAt,
    [property: Id(4)] string? AccessType,
    [property: Id(5)] ImmutableDictionary<string, string>? Scopes,
    [property: Id(6)] byte[] SecretHash,
    [property: Id(7)] bool CreatedByAdmin)
{
    /// <summary>The requested IP allowlist (CIDRs), or null for any address.</summary>
    [Id(8)] public ImmutableArray<string>? AllowedIps { get; init; }

    /// <summary>The requested rate limit (already checked against the tenant maximum by the API), or null for the default.</summary>
    [Id(9)] public TokenRateLimit? RateLimit { get; init; }
}

/// <summary>
/// A token as the user's index grain hands it to the new token's grain: already checked against
/// <see cref="TokenRules"/>, with its owner, tenant, creation instant and expiry resolved (expiry from that same instant).
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.NewToken")]
public sealed record NewToken(
    [property: Id(0)] TokenOwner Owner,
    [property: Id(1)] bool CreatedByAdmin,
    [property: Id(2)] string Name,
    [property: Id(3)] DateTimeOffset ExpiresAt,
    [property: Id(4)] TokenAccess Access,
    [property: Id(5)] byte[] SecretHash,
    [property: Id(6)] DateTimeOffset CreatedAt)
{
    [Id(8)] public ImmutableArray<string> AllowedIps { get; init; } = [];

    [Id(9)] public TokenRateLimit? RateLimit { get; init; }

    /// <summary>Set when an OAuth grant issued the token (not the user's API-integration page); docs/design/oauth.md.</summary>
    [Id(10)] public TokenOrigin? Origin { get; init; }
}

/// <summary>Where an OAuth-issued token came from: the application (its client id) and the authorization (consent) it was issued under.</summary>
[GenerateSerializer, Immutable, Alias("tempo.TokenOrigin")]
public sealed record TokenOrigin([property: Id(0)] string ApplicationId, [property: Id(1)] string AuthorizationId);

/// <summary>
/// The source address and user agent of the request behind a lifecycle change, for the audit trail. The API puts them
/// in Orleans' <c>RequestContext</c> (they flow with the call), so no command signature carries them.
/// </summary>
public static class RequestOrigin
{
    private const string IpKey = "tempo.ip";
    private const string UserAgentKey = "tempo.ua";

    public static void Set(string? sourceIp, string? userAgent)
    {
        RequestContext.Set(IpKey, sourceIp ?? string.Empty);
        RequestContext.Set(UserAgentKey, TextSafety.ForLog(userAgent ?? string.Empty, 256));
    }

    public static string? SourceIp => RequestContext.Get(IpKey) is string { Length: > 0 } ip ? ip : null;

    public static string? UserAgent => RequestContext.Get(UserAgentKey) is string { Length: > 0 } ua ? ua : null;
}

/// <summary>Who a token belongs to, and who a management call comes from: an account of a tenant.</summary>
[GenerateSerializer, Immutable, Alias("tempo.TokenOwner")]
public sealed record TokenOwner([property: Id(0)] TenantId Tenant, [property: Id(1)] string AccountId);
