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

    /// <summary>The IP allowlist as canonical CIDRs; empty means any address. Fixed at creation.</summary>
    [Id(11)] public ImmutableArray<string> AllowedIps { get; init; } = [];

    /// <summary>The token's own rate limit; null means the tenant default. Fixed at creation.</summary>
    [Id(12)] public TokenRateLimit? RateLimit { get; init; }

    [Id(13)] public TokenUsage Usage { get; init; } = TokenUsage.Empty;

    /// <summary>
    /// Audit events and webhooks written in the same state write as the change they describe, then forwarded
    /// (idempotently, by id) and removed: no acknowledged change is ever without its event.
    /// </summary>
    [Id(14)] public ImmutableList<TokenOutboxItem> Outbox { get; init; } = [];

    /// <summary>The expiry reminders already handed to the tenant's webhook queue ("7d", "1d", "expired").</summary>
    [Id(15)] public ImmutableArray<string> ExpiryWarningsSent { get; init; } = [];

    /// <summary>Numbers this token's events: their ids are the token id and this sequence.</summary>
    [Id(16)] public long EventSequence { get; init; }

    /// <summary>Set for a token an OAuth grant issued: its application and authorization. Fixed at creation.</summary>
    [Id(17)] public TokenOrigin? Origin { get; init; }

    public bool Exists => OwnerAccountId is not null;

    public TokenOwner? Owner => Exists ? new TokenOwner(Tenant, OwnerAccountId!) : null;

    public bool IsLive => Exists && DeletedAt is null;
}

/// <summary>One entry of a token's outbox: an audit event or a webhook for the tenant.</summary>
[GenerateSerializer, Immutable, Alias("tempo.TokenOutboxItem")]
public sealed record TokenOutboxItem(
    [property: Id(0)] Tempo.Grains.Interfaces.Audit.AuditEvent? Event,
    [property: Id(1)] Tempo.Grains.Interfaces.Notifications.WebhookMessage? Webhook)
{
    public static implicit operator TokenOutboxItem(Tempo.Grains.Interfaces.Audit.AuditEvent auditEvent) => new(auditEvent, null);

    public static implicit operator TokenOutboxItem(Tempo.Grains.Interfaces.Notifications.WebhookMessage webhook) => new(null, webhook);
}
