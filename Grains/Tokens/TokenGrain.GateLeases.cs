using Microsoft.Extensions.Logging;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Grains.Tokens;

/// <summary>
/// The token grain's side of the gate cache (docs/design/gate-cache.md): it hands API processes its gate entry
/// under a lease, remembers who holds one until when, and on regenerate and delete does not answer before every
/// holder acknowledged the drop or its lease surely ran out. Holders are kept in memory only: a new activation
/// that did not create the token cannot know who holds a lease from an earlier activation, so its first revokes
/// wait until any such lease has surely run out.
/// </summary>
public sealed partial class TokenGrain
{
    private readonly Dictionary<ITokenGateHolder, long> _leaseEnds = [];
    private long _activatedAt;
    private bool _createdInThisActivation;
    private TokenGateEntry? _gateEntry;

    public Task<TokenGateEntry?> LeaseGateEntryAsync(ITokenGateHolder holder, TimeSpan lease, TokenGateUse use)
    {
        var entry = GateEntry();
        if (entry is null)
        {
            DeactivateOnIdle();
            return Task.FromResult<TokenGateEntry?>(null);
        }

        var now = Now();
        if (use.SecretHash is { } hash && use.Scope is { } scope && TokenGateCheck.Check(entry, hash, scope, use.Required, now) == AuthorizeOutcome.Allowed)
        {
            RecordUse(now);
        }

        if (use.NewestCachedUseAgo is { } ago && ago >= TimeSpan.Zero && state.State.IsLive)
        {
            RecordUse(TokenRules.TruncateToMilliseconds(now - ago));
        }

        // Granted after the holder started its lease clock, so it ends (on any clock running at about the same
        // rate) before this instant plus the lease plus the margin.
        lease = TokenGateLeases.Clamp(lease);
        _leaseEnds[holder] = time.GetTimestamp() + Ticks(lease + TokenGateLeases.Margin(lease));
        return Task.FromResult<TokenGateEntry?>(entry);
    }

    /// <summary>The gate entry of the current state, built once per state; null when the token does not exist.</summary>
    private TokenGateEntry? GateEntry()
    {
        if (_gateEntry is not null || !state.State.Exists)
        {
            return _gateEntry;
        }

        var token = state.State;
        return _gateEntry = new TokenGateEntry(
            token.Owner!,
            token.CreatedByAdmin,
            token.SecretHash,
            TokenGateCheck.Pack(token.PreviousSecretHashes),
            token.ExpiresAt,
            token.Access!,
            token.DeletedAt is not null)
        {
            AllowedIps = token.AllowedIps,
            RateLimit = token.RateLimit,
        };
    }

    /// <summary>
    /// Called after a regenerate or delete was stored: every holder whose lease may still run drops the entry, or
    /// the grain waits until that lease has surely run out. Calls queue behind this one (the grain is not
    /// reentrant), so no holder can take a lease on the old state meanwhile.
    /// </summary>
    private async Task DropFromEveryGateAsync()
    {
        var now = time.GetTimestamp();
        var waits = new List<Task>();
        foreach (var (holder, endsAt) in _leaseEnds)
        {
            if (endsAt > now)
            {
                waits.Add(DropAtAsync(holder, endsAt));
            }
        }

        _leaseEnds.Clear();
        if (!_createdInThisActivation)
        {
            // Leases granted by an earlier activation (on a silo that died, say) are unknown here: wait them out.
            var earlierLeasesEnd = _activatedAt + Ticks(TokenGateLeases.Longest + TokenGateLeases.Margin(TokenGateLeases.Longest));
            if (earlierLeasesEnd > now)
            {
                waits.Add(Task.Delay(time.GetElapsedTime(now, earlierLeasesEnd), time));
            }
        }

        await Task.WhenAll(waits);
    }

    private async Task DropAtAsync(ITokenGateHolder holder, long leaseEndsAt)
    {
        var left = time.GetElapsedTime(time.GetTimestamp(), leaseEndsAt);
        if (left <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await holder.DropAsync(Id).WaitAsync(left, time);
            return;
        }
        catch (Exception exception)
        {
            // Paused, partitioned, killed or just slow: it may still serve the entry until its lease runs out.
            LogHolderUnreachable(logger, exception.GetType().Name, Id.Value);
        }

        var rest = time.GetElapsedTime(time.GetTimestamp(), leaseEndsAt);
        if (rest > TimeSpan.Zero)
        {
            await Task.Delay(rest, time);
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A gate holder of token {TokenId} did not acknowledge a drop ({Reason}); waiting out its lease")]
    private static partial void LogHolderUnreachable(ILogger logger, string reason, string tokenId);
}
