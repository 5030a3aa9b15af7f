using Tempo.Grains.Interfaces.Scopes;

namespace Tempo.Grains.Interfaces.Tokens;

/// <summary>
/// Everything the gate needs to decide a request for one token without asking its grain: the hash of the current
/// secret, the hashes of earlier secrets (so their use is answered "revoked", not "unknown"), the owner, whether the
/// owner was an administrator at creation, the frozen access, the expiry, and whether the token was deleted.
/// Handed to an API process under a lease by <see cref="ITokenGrain.LeaseGateEntryAsync"/>; docs/design/gate-cache.md.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.TokenGateEntry")]
public sealed record TokenGateEntry(
    [property: Id(0)] TokenOwner Owner,
    [property: Id(1)] bool CreatedByAdmin,
    [property: Id(2)] byte[] SecretHash,
    [property: Id(3)] byte[] EarlierSecretHashes,
    [property: Id(4)] DateTimeOffset ExpiresAt,
    [property: Id(5)] TokenAccess Access,
    [property: Id(6)] bool Deleted)
{
    public const int HashLength = 32;

    /// <summary>The token's IP allowlist as CIDRs (empty: any address); the API's policy checks it with no grain call.</summary>
    [Id(7)] public ImmutableArray<string> AllowedIps { get; init; } = [];

    /// <summary>The token's own rate limit, or null for the tenant default.</summary>
    [Id(8)] public TokenRateLimit? RateLimit { get; init; }
}

/// <summary>
/// The one check of a request against a token, shared by the token grain and the API's gate cache so that the two
/// can never disagree. Pure: a function of the entry, the request's secret hash, scope and level, and the instant.
/// </summary>
public static class TokenGateCheck
{
    /// <summary>The outcome for a request; a null entry is a token that does not exist.</summary>
    public static AuthorizeOutcome Check(TokenGateEntry? entry, ReadOnlySpan<byte> secretHash, string scope, AccessLevel required, DateTimeOffset now)
    {
        if (entry is null)
        {
            return AuthorizeOutcome.Unknown;
        }

        var matchesCurrent = ConstantTime.AreEqual(entry.SecretHash, secretHash);
        if (!matchesCurrent || entry.Deleted)
        {
            // Only someone who held a real secret of this token learns that it was revoked.
            return matchesCurrent || MatchesAny(entry.EarlierSecretHashes, secretHash) ? AuthorizeOutcome.Revoked : AuthorizeOutcome.Unknown;
        }

        if (now >= entry.ExpiresAt)
        {
            return AuthorizeOutcome.Expired;
        }

        return entry.Access.Allows(scope, required) ? AuthorizeOutcome.Allowed : AuthorizeOutcome.InsufficientScope;
    }

    /// <summary>The earlier hashes packed into one array (<see cref="TokenGateEntry.HashLength"/> bytes each).</summary>
    public static byte[] Pack(IReadOnlyCollection<byte[]> hashes)
    {
        var packed = new byte[hashes.Count * TokenGateEntry.HashLength];
        var offset = 0;
        foreach (var hash in hashes)
        {
            hash.CopyTo(packed, offset);
            offset += TokenGateEntry.HashLength;
        }

        return packed;
    }

    private static bool MatchesAny(byte[] packed, ReadOnlySpan<byte> candidate)
    {
        var any = false;
        for (var offset = 0; offset + TokenGateEntry.HashLength <= packed.Length; offset += TokenGateEntry.HashLength)
        {
            any |= ConstantTime.AreEqual(packed.AsSpan(offset, TokenGateEntry.HashLength), candidate);
        }

        return any;
    }
}

/// <summary>
/// What a lease request tells the token grain about use, so that lastUsedAt stays within a minute of the truth
/// without a call per request: the request that missed the cache (checked by the grain exactly as before), and how
/// long ago the newest request allowed from the cache was (a duration, so the two processes' clocks never meet).
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.TokenGateUse")]
public sealed record TokenGateUse(
    [property: Id(0)] byte[]? SecretHash,
    [property: Id(1)] string? Scope,
    [property: Id(2)] AccessLevel Required,
    [property: Id(3)] TimeSpan? NewestCachedUseAgo)
{
    public static TokenGateUse None { get; } = new(null, null, AccessLevel.None, null);
}

/// <summary>
/// An API process that holds gate entries: the token grain tells it to drop one on regenerate and delete, and the
/// revoke does not answer until it acknowledged (or its lease surely ran out).
/// </summary>
[Alias("tempo.ITokenGateHolder")]
public interface ITokenGateHolder : IGrainObserver
{
    /// <summary>Drops the entry of <paramref name="id"/>; the returned task completes once it can no longer be served.</summary>
    [Alias("Drop")]
    Task DropAsync(TokenId id);
}

/// <summary>
/// The lease rules both sides share. A holder serves an entry for at most the lease it asked for, counted from
/// before it sent the request; the grain, which granted it after receiving that request, treats it as live for the
/// lease plus <see cref="Margin"/> from the grant, which covers clocks that run at slightly different rates.
/// </summary>
public static class TokenGateLeases
{
    /// <summary>The longest lease a grain grants (and waits out): under <see cref="RevokeResponseTimeout"/>.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The response timeout of every call that may wait out leases (regenerate, delete, a leak report, and the calls
    /// that make them: the user's index, OAuth revocations). The deployment's response timeout (10 s by default,
    /// <c>Tempo:Membership:ResponseTimeout</c>) is shorter than a lease: a token grain activated less than a lease ago
    /// (after a restart, say) cannot know the leases its earlier activation granted and waits out the longest, so
    /// such a call may take up to 20.7 s and must not be answered 503 by a caller that gave up at 10 s.
    /// </summary>
    public const string RevokeResponseTimeout = "00:00:45";

    public static readonly TimeSpan Shortest = TimeSpan.FromSeconds(1);

    public static TimeSpan Clamp(TimeSpan lease) => lease < Shortest ? Shortest : lease > Longest ? Longest : lease;

    /// <summary>Half a second plus 1 % of the lease: far above any clock-rate difference (parts per million).</summary>
    public static TimeSpan Margin(TimeSpan lease) => TimeSpan.FromMilliseconds(500) + (lease / 100);
}
