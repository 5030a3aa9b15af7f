namespace Tempo.Grains.Interfaces.Tokens;

/// <summary>The gate's answer for one request. Every value but <see cref="Allowed"/> refuses it.</summary>
[GenerateSerializer, Alias("tempo.AuthorizeOutcome")]
public enum AuthorizeOutcome : byte
{
    Allowed = 0,

    /// <summary>No token with this id and secret exists (as far as the caller can be told).</summary>
    Unknown = 1,

    /// <summary>The secret was real but is no longer: the token was regenerated or deleted.</summary>
    Revoked = 2,

    Expired = 3,

    /// <summary>A valid token without the level this request needs on this scope.</summary>
    InsufficientScope = 4,
}

/// <summary>
/// The token grain's answer to the gate: the outcome and, when allowed, whose request it is (the token's tenant and
/// owner, and whether the owner was a tenant administrator when the token was created). The gate takes the tenant
/// from here, never from the request.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.AuthorizeAnswer")]
public sealed record AuthorizeAnswer(
    [property: Id(0)] AuthorizeOutcome Outcome,
    [property: Id(1)] TokenOwner? Owner,
    [property: Id(2)] bool CreatedByAdmin)
{
    [NonSerialized]
    private System.Net.IPNetwork[]? _networks;

    /// <summary>When the token expires (set when allowed): the API's expiry-warning header.</summary>
    [Id(3)] public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The token's IP allowlist as canonical CIDRs (empty: any address), checked by the API after the gate.</summary>
    [Id(4)] public ImmutableArray<string> AllowedIps { get; init; } = [];

    /// <summary>The token's own rate limit; null means the tenant default.</summary>
    [Id(5)] public TokenRateLimit? RateLimit { get; init; }

    /// <summary>
    /// <see cref="AllowedIps"/> parsed once per answer object: the grain hands the same allowed answer to every request
    /// (and a gate cache keeps it), so the parse is paid once, not per request.
    /// </summary>
    public System.Net.IPNetwork[] AllowedNetworks => _networks ??= [.. AllowedIps.Select(ip => System.Net.IPNetwork.Parse(ip))];

    public static AuthorizeAnswer Unknown { get; } = new(AuthorizeOutcome.Unknown, null, false);

    public static AuthorizeAnswer Revoked { get; } = new(AuthorizeOutcome.Revoked, null, false);

    public static AuthorizeAnswer Expired { get; } = new(AuthorizeOutcome.Expired, null, false);

    public static AuthorizeAnswer InsufficientScope { get; } = new(AuthorizeOutcome.InsufficientScope, null, false);
}
