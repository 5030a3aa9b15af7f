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
