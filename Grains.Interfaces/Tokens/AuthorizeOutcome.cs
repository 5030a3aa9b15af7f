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
    public static AuthorizeAnswer Unknown { get; } = new(AuthorizeOutcome.Unknown, null, false);

    public static AuthorizeAnswer Revoked { get; } = new(AuthorizeOutcome.Revoked, null, false);

    public static AuthorizeAnswer Expired { get; } = new(AuthorizeOutcome.Expired, null, false);

    public static AuthorizeAnswer InsufficientScope { get; } = new(AuthorizeOutcome.InsufficientScope, null, false);
}
