namespace Tempo.Api.Tokens;

/// <summary>Configuration section <c>Tokens</c>.</summary>
public sealed class TokenHashingOptions
{
    public const string SectionName = "Tokens";

    /// <summary>
    /// Base64 of at least 32 random bytes: the server secret of the keyed hash (HMAC-SHA256) stored for every
    /// token. Every API process of one deployment needs the same value. Required outside Development.
    /// </summary>
    public string? HashKey { get; set; }
}
