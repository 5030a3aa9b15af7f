using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Tempo.Grains.Leasing;

/// <summary>
/// The silo side of a lease: what this silo holds per grain key, and the two rules every holder follows. A lease is
/// valid for its length <b>measured from before the request was sent</b> (the grain counts from when it answered,
/// plus a margin, so the silo stops first). A lease answer that was on its way while a drop arrived may predate the
/// change the drop announces: it is not kept (<see cref="TryKeep"/> says so, and the caller may use it for the one
/// operation that asked, when that is safe for a concurrent operation).
/// </summary>
public sealed class LeaseTable<TSlot>(TimeProvider time)
    where TSlot : class
{
    private readonly ConcurrentDictionary<string, TSlot> _slots = new(StringComparer.Ordinal);

    /// <summary>Keeping a lease and dropping one exclude each other, so a drop can't slip between the check and the keep.</summary>
    private readonly Lock _gate = new();

    private long _drops;

    public long Now => time.GetTimestamp();

    public bool TryGet(string key, [MaybeNullWhen(false)] out TSlot slot) => _slots.TryGetValue(key, out slot);

    /// <summary>Call right before sending a lease request.</summary>
    public LeaseRequest Begin() => new(Interlocked.Read(ref _drops), time.GetTimestamp());

    /// <summary>Until when a lease of <paramref name="length"/> asked for by <paramref name="request"/> may be used.</summary>
    public long ValidUntil(LeaseRequest request, TimeSpan length) =>
        request.SentAt + (long)(length.TotalSeconds * time.TimestampFrequency);

    /// <summary>
    /// Keeps the slot <paramref name="slotFor"/> makes from the one held now (or none), unless a drop arrived since
    /// <paramref name="request"/> began or <paramref name="slotFor"/> declines (null). False when nothing was kept.
    /// </summary>
    public bool TryKeep(LeaseRequest request, string key, Func<TSlot?, TSlot?> slotFor)
    {
        lock (_gate)
        {
            if (Interlocked.Read(ref _drops) != request.Drops)
            {
                return false;
            }

            _slots.TryGetValue(key, out var held);
            if (slotFor(held) is not { } next)
            {
                return false;
            }

            _slots[key] = next;
            return true;
        }
    }

    /// <summary>Forgets the slot of <paramref name="key"/>, and makes every lease answer in flight not kept; returns what was held.</summary>
    public TSlot? Drop(string key)
    {
        lock (_gate)
        {
            Interlocked.Increment(ref _drops);
            return _slots.TryRemove(key, out var slot) ? slot : null;
        }
    }

    /// <summary>Forgets every slot <paramref name="retire"/> agrees to let go (it runs under the same exclusion as a keep).</summary>
    public void Sweep(Func<TSlot, bool> retire)
    {
        lock (_gate)
        {
            foreach (var (key, slot) in _slots)
            {
                if (retire(slot))
                {
                    _slots.TryRemove(new KeyValuePair<string, TSlot>(key, slot));
                }
            }
        }
    }
}

/// <summary>A lease request as sent: the drops seen before it, and when it was sent (<see cref="TimeProvider.GetTimestamp"/>).</summary>
public readonly record struct LeaseRequest(long Drops, long SentAt);

/// <summary>
/// Leased copies of a value per grain key (a tenant's work attributes, its periods): a copy is used while its lease
/// is valid, then leased again; a lease answer that raced a drop is used for the read that asked (which is
/// concurrent with the change) but not kept.
/// </summary>
public sealed class LeasedCopies<T>(TimeProvider time)
{
    private readonly LeaseTable<Copy> _table = new(time);

    /// <summary>
    /// The copy of <paramref name="key"/>, or a new lease from <paramref name="lease"/> (called with
    /// <paramref name="state"/>, so the hit path, once per worklog write, allocates no closure).
    /// </summary>
    public Task<T> GetAsync<TState>(string key, TState state, Func<TState, Task<(T Value, TimeSpan Length)>> lease) =>
        _table.TryGet(key, out var copy) && _table.Now < copy.ValidUntil ? Task.FromResult(copy.Value) : LeaseAsync(key, state, lease);

    private async Task<T> LeaseAsync<TState>(string key, TState state, Func<TState, Task<(T Value, TimeSpan Length)>> lease)
    {
        var request = _table.Begin();
        var (value, length) = await lease(state);
        _table.TryKeep(request, key, _ => new Copy(value, _table.ValidUntil(request, length)));
        return value;
    }

    /// <summary>Whether a valid copy of <paramref name="key"/> is held.</summary>
    public bool Holds(string key) => _table.TryGet(key, out var copy) && _table.Now < copy.ValidUntil;

    public void Drop(string key) => _table.Drop(key);

    private sealed record Copy(T Value, long ValidUntil);
}
