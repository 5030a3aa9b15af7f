using Tempo.Grains.Interfaces;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Grains.Tokens;

/// <summary>
/// The stored form of a token. Immutable: a command builds the next state with <c>with</c> and swaps it in only
/// after it was written. Never holds the secret, only its keyed hash (and the hashes of earlier secrets, so that
/// their use can be reported as revoked rather than unknown).
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.TokenState")]
public sealed record TokenState
{
    /// <summary>How many earlier secret hashes a token remembers.</summary>
    public const int RememberedPreviousSecrets = 5;

    [Id(0)] public string? OwnerAccountId { get; init; }
    [Id(1)] public string Name { get; init; } = string.Empty;
    [Id(2)] public byte[] SecretHash { get; init; } = [];
    [Id(3)] public ImmutableList<byte[]> PreviousSecretHashes { get; init; } = [];
    [Id(4)] public DateTimeOffset CreatedAt { get; init; }
    [Id(5)] public DateTimeOffset ExpiresAt { get; init; }
    [Id(6)] public DateTimeOffset? LastUsedAt { get; init; }
    [Id(7)] public TokenAccess? Access { get; init; }
    [Id(8)] public DateTimeOffset? DeletedAt { get; init; }
    [Id(9)] public TenantId Tenant { get; init; }
    [Id(10)] public bool CreatedByAdmin { get; init; }

    public bool Exists => OwnerAccountId is not null;

    public TokenOwner? Owner => Exists ? new TokenOwner(Tenant, OwnerAccountId!) : null;

    public bool IsLive => Exists && DeletedAt is null;
}
