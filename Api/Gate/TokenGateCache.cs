using System.Collections.Concurrent;
using Orleans.Runtime;
using Tempo.Grains.Interfaces.Scopes;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Api.Gate;

/// <summary>
/// This API process's gate entries, one per token, so that a warm token is checked with no grain call. Each entry
/// is served only under a lease from its token grain, counted on this process's clock from before the lease was
/// asked for; regenerate and delete make the grain call <see cref="DropAsync"/> here and wait for it. A lease past
/// half its length is renewed in the background by the next request, which also reports the newest use for
/// lastUsedAt. Ids the grain called unknown are remembered briefly. Bounded: least recently used go first.
/// The protocol and why no old secret passes after a revoke answered: docs/design/gate-cache.md.
/// </summary>
public sealed partial class TokenGateCache : ITokenGateHolder
{
    private const int MaxInternedAccesses = 4096;
    private readonly object _lock = new();
    private readonly Dictionary<string, LinkedListNode<Slot>> _slots;
    private readonly Dictionary<string, LinkedListNode<Slot>>.AlternateLookup<ReadOnlySpan<char>> _slotsByChars;
    private readonly LinkedList<Slot> _recency = new();
    private readonly ConcurrentDictionary<TokenAccess, TokenAccess> _accesses = new();
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;
    private readonly TokenGateMetrics _metrics;
    private readonly ILogger<TokenGateCache> _logger;
    private readonly int _capacity;
    private readonly long _leaseTicks;
    private readonly long _unknownTicks;
    private ITokenGateHolder? _reference;
    private long _drops;
    private int _renewing;

    public TokenGateCache(IGrainFactory grains, TimeProvider time, TokenGateCacheOptions options, TokenGateMetrics metrics, ILogger<TokenGateCache> logger)
    {
        _grains = grains;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        // Keyed by the id's string, and looked up by the characters of the request's token: no string per request.
        _slots = new Dictionary<string, LinkedListNode<Slot>>(StringComparer.Ordinal);
        _slotsByChars = _slots.GetAlternateLookup<ReadOnlySpan<char>>();
        _capacity = options.Capacity;
        Lease = options.Lease;
        _leaseTicks = Ticks(options.Lease);
        _unknownTicks = Ticks(options.Unknown);
        metrics.ObserveCacheSize(() => Count);
    }

    /// <summary>The lease this process asks for.</summary>
    public TimeSpan Lease { get; }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _slots.Count;
            }
        }
    }

    /// <summary>Background renewals still running (tests wait for them through <see cref="WhenRenewedAsync"/>).</summary>
    public int RenewalsInFlight => Volatile.Read(ref _renewing);

    /// <summary>The entry of <paramref name="id"/> while its lease runs, else null (a miss).</summary>
    public Slot? TryGet(TokenId id) => TryGet(id.Value.AsSpan());

    /// <summary>The entry of the token whose id is <paramref name="id"/> while its lease runs, else null (a miss).</summary>
    public Slot? TryGet(ReadOnlySpan<char> id)
    {
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            if (!_slotsByChars.TryGetValue(id, out var node))
            {
                return null;
            }

            if (now >= node.Value.ValidUntil)
            {
                Remove(node);
                return null;
            }

            if (node != _recency.First)
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
            }

            return node.Value;
        }
    }

    /// <summary>
    /// Asks the token grain for the entry under a new lease (reporting this request's use) and keeps it, unless a
    /// drop arrived meanwhile: then the answer may predate the revoke, so it is asked for again.
    /// </summary>
    public async Task<Slot> FillAsync(ITokenGrain grain, TokenId id, TokenGateUse use)
    {
        for (var attempt = 1; ; attempt++)
        {
            var epoch = Volatile.Read(ref _drops);
            var start = _time.GetTimestamp();
            var entry = await LeaseAnsweredAsync(grain, use);
            use = TokenGateUse.None;
            if (TryStore(id, entry, start, epoch, out var slot) || attempt == 3)
            {
                return slot;
            }
        }
    }

    /// <summary>
    /// Notes an allowed request served from <paramref name="slot"/>; past half the lease, renews it in the background
    /// through the grain <paramref name="grain"/> gives for the slot's id (a delegate the caller keeps, so a hit
    /// allocates no closure).
    /// </summary>
    public void RecordUse(Slot slot, DateTimeOffset usedAt, Func<TokenId, ITokenGrain> grain)
    {
        slot.NewestUseTicks = usedAt.UtcTicks;
        if (_time.GetTimestamp() >= slot.RenewFrom && Interlocked.CompareExchange(ref slot.Renewing, 1, 0) == 0)
        {
            Interlocked.Increment(ref _renewing);
            _ = RenewAsync(slot, grain(slot.Id));
        }
    }

    public Task DropAsync(TokenId id)
    {
        lock (_lock)
        {
            _drops++;
            if (_slots.TryGetValue(id.Value, out var node))
            {
                Remove(node);
            }
        }

        _metrics.CacheInvalidated();
        return Task.CompletedTask;
    }

    /// <summary>Waits (bounded by the caller) until no background renewal runs; for tests.</summary>
    public async Task WhenRenewedAsync()
    {
        while (RenewalsInFlight > 0)
        {
            await Task.Yield();
        }
    }

    private async Task RenewAsync(Slot slot, ITokenGrain grain)
    {
        try
        {
            var epoch = Volatile.Read(ref _drops);
            var start = _time.GetTimestamp();
            var ago = _time.GetUtcNow() - new DateTimeOffset(slot.NewestUseTicks, TimeSpan.Zero);
            var entry = await LeaseAnsweredAsync(grain, new TokenGateUse(null, null, AccessLevel.None, ago < TimeSpan.Zero ? TimeSpan.Zero : ago));
            TryStore(slot.Id, entry, start, epoch, out _);
        }
        catch (Exception exception)
        {
            // The lease still runs; when it runs out, requests ask the grain themselves.
            LogRenewalFailed(_logger, exception, slot.Id.Value);
            Volatile.Write(ref slot.Renewing, 0);
        }
        finally
        {
            Interlocked.Decrement(ref _renewing);
        }
    }

    private async Task<TokenGateEntry?> LeaseAnsweredAsync(ITokenGrain grain, TokenGateUse use)
    {
        var holder = Reference;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await grain.LeaseGateEntryAsync(holder, Lease, use);
            }
            catch (Exception exception) when (attempt < 3 && exception is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException)
            {
                // Only reads on the grain's side (and re-registers this holder): asking again is safe.
            }
        }
    }

    private bool TryStore(TokenId id, TokenGateEntry? entry, long start, long epoch, out Slot slot)
    {
        if (entry is not null && _accesses.Count < MaxInternedAccesses)
        {
            entry = entry with { Access = _accesses.GetOrAdd(entry.Access, entry.Access) };
        }
        else if (entry is not null && _accesses.TryGetValue(entry.Access, out var interned))
        {
            entry = entry with { Access = interned };
        }

        slot = new Slot(id, entry, start + (entry is null ? _unknownTicks : _leaseTicks), start + (_leaseTicks / 2));
        lock (_lock)
        {
            if (_drops != epoch)
            {
                return false;
            }

            if (_slots.TryGetValue(id.Value, out var old))
            {
                // A renewal of the same secret keeps the verified token; anything else starts without one.
                if (old.Value.Entry is { Deleted: false } before && entry is { Deleted: false } after && before.SecretHash.AsSpan().SequenceEqual(after.SecretHash))
                {
                    slot.TakeVerifiedFrom(old.Value);
                }

                Remove(old);
            }

            _slots[id.Value] = _recency.AddFirst(slot);
            while (_slots.Count > _capacity)
            {
                Remove(_recency.Last!);
            }
        }

        return true;
    }

    private void Remove(LinkedListNode<Slot> node)
    {
        _recency.Remove(node);
        _slots.Remove(node.Value.Id.Value);
        node.Value.Forget();
    }

    /// <summary>This process as an Orleans observer, made once (the cache is a singleton, so it stays reachable).</summary>
    private ITokenGateHolder Reference
    {
        get
        {
            if (_reference is { } reference)
            {
                return reference;
            }

            lock (_lock)
            {
                return _reference ??= _grains.CreateObjectReference<ITokenGateHolder>(this);
            }
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    /// <summary>One token's entry (null: the grain said the token does not exist) and its lease, on this process's clock.</summary>
    public sealed class Slot(TokenId id, TokenGateEntry? entry, long validUntil, long renewFrom)
    {
        private AuthenticatedToken? _authenticated;

        public TokenId Id { get; } = id;

        public TokenGateEntry? Entry { get; } = entry;

        public long ValidUntil { get; } = validUntil;

        public long RenewFrom { get; } = renewFrom;

        internal long NewestUseTicks;
        internal int Renewing;

        // The one token string whose keyed hash this process found equal to the entry's current secret hash, kept so
        // that its next requests skip the parse and the keyed hash (docs/design/gate-cache.md, "The verified token").
        private char[]? _verified;

        /// <summary>
        /// Whether <paramref name="token"/> is, character for character, the token already verified against this
        /// entry (compared in constant time). Then its hash is the entry's current secret hash, and its shape,
        /// checksum and tag were checked when it was verified.
        /// </summary>
        public bool IsVerified(ReadOnlySpan<char> token) =>
            Volatile.Read(ref _verified) is { } verified
            && verified.Length == token.Length
            && ConstantTime.AreEqual(verified, token);

        /// <summary>Remembers <paramref name="token"/>, whose keyed hash the gate just found equal to the entry's current secret hash.</summary>
        public void Verified(ReadOnlySpan<char> token)
        {
            if (Entry is { Deleted: false } && Volatile.Read(ref _verified) is null)
            {
                Volatile.Write(ref _verified, token.ToArray());
            }
        }

        internal void TakeVerifiedFrom(Slot earlier) => Volatile.Write(ref _verified, Interlocked.Exchange(ref earlier._verified, null));

        /// <summary>Clears the verified token when the slot leaves the cache (drop, lease end, eviction, replacement).</summary>
        internal void Forget()
        {
            if (Interlocked.Exchange(ref _verified, null) is { } verified)
            {
                Array.Clear(verified);
            }
        }

        /// <summary>The request feature for an allowed request, made once per entry.</summary>
        public AuthenticatedToken Authenticated =>
            _authenticated ??= AuthenticatedToken.From(Id, Entry!);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Renewing the gate lease of token {TokenId} failed")]
    private static partial void LogRenewalFailed(ILogger logger, Exception exception, string tokenId);
}
