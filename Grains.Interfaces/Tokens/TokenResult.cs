namespace Tempo.Grains.Interfaces.Tokens;

[GenerateSerializer, Alias("tempo.TokenResultStatus")]
public enum TokenResultStatus : byte
{
    Ok = 0,

    /// <summary>The request breaks a rule; <see cref="TokenResult.Error"/> says which.</summary>
    Invalid = 1,

    /// <summary>No such token for this caller (unknown, deleted, or somebody else's).</summary>
    NotFound = 2,

    /// <summary>The token has expired, so it can't be regenerated.</summary>
    Expired = 3,

    /// <summary>The id is already taken; the caller should pick another id.</summary>
    IdTaken = 4,
}

/// <summary>The outcome of a token command: the token as it now is, or why nothing changed.</summary>
[GenerateSerializer, Immutable, Alias("tempo.TokenResult")]
public sealed record TokenResult(
    [property: Id(0)] TokenResultStatus Status,
    [property: Id(1)] TokenInfo? Token,
    [property: Id(2)] string? Error)
{
    public static TokenResult Ok(TokenInfo token) => new(TokenResultStatus.Ok, token, null);

    public static TokenResult Invalid(string error) => new(TokenResultStatus.Invalid, null, error);

    public static TokenResult NotFound { get; } = new(TokenResultStatus.NotFound, null, null);

    public static TokenResult Expired { get; } = new(TokenResultStatus.Expired, null, "The token has expired and can't be regenerated; create a new token.");

    public static TokenResult IdTaken { get; } = new(TokenResultStatus.IdTaken, null, null);
}
