namespace Tempo.Grains.Interfaces.Tokens;

/// <summary>A token as its owner may see it. Never carries the secret or its hash.</summary>
[GenerateSerializer, Immutable, Alias("tempo.TokenInfo")]
public sealed record TokenInfo(
    [property: Id(0)] TokenId Id,
    [property: Id(1)] TokenOwner Owner,
    [property: Id(2)] string Name,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset ExpiresAt,
    [property: Id(5)] DateTimeOffset? LastUsedAt,
    [property: Id(6)] TokenAccess Access,
    [property: Id(7)] bool CreatedByAdmin)
{
    [Id(8)] public ImmutableArray<string> AllowedIps { get; init; } = [];

    [Id(9)] public TokenRateLimit? RateLimit { get; init; }

    [Id(10)] public TokenUsage Usage { get; init; } = TokenUsage.Empty;

    /// <summary>Which expiry reminders were delivered: "7d", "1d", "expired".</summary>
    [Id(11)] public ImmutableArray<string> ExpiryWarningsSent { get; init; } = [];

    public bool IsExpiredAt(DateTimeOffset now) => now >= ExpiresAt;
}
