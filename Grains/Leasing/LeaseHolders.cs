namespace Tempo.Grains.Leasing;

/// <summary>
/// The grain side of a lease: who holds something this grain handed out (a copy, an admission right) and until
/// when, on this activation's clock. A change that invalidates it answers only after every holder acknowledged the
/// drop or its lease ended (a holder that can't be reached stops using it by then). A new activation can't name the
/// holders of an earlier one: when its stored state says a lease was ever granted, it waits out a whole lease.
/// </summary>
/// <remarks>Not thread-safe: used by one grain activation, on its scheduler.</remarks>
public sealed class LeaseHolders<THolder>(TimeProvider time, TimeSpan leaseLength)
    where THolder : notnull
{
    private readonly Dictionary<THolder, long> _holders = [];

    /// <summary>Until when an earlier activation's leases may be in use (0: none).</summary>
    private long _earlierLeasesEnd;

    /// <summary>The latest lease end this activation granted, dropped holders included (0: none).</summary>
    private long _latestEnd;

    /// <summary>How long a holder may use a lease, from before it asked.</summary>
    public TimeSpan Length => leaseLength;

    /// <summary>Beyond a holder's lease, what the grain waits for (clocks of two processes run at slightly different rates).</summary>
    public TimeSpan Margin { get; } = MarginFor(leaseLength);

    public static TimeSpan MarginFor(TimeSpan leaseLength) => TimeSpan.FromMilliseconds(500) + (leaseLength / 100);

    /// <summary>Call on activation with the persisted "a lease was ever granted" flag.</summary>
    public void Activated(bool everLeased) =>
        _earlierLeasesEnd = everLeased ? After(time.GetTimestamp(), Length + Margin) : 0;

    /// <summary>Records a lease granted now (the flag must be persisted before the lease is answered).</summary>
    public void Record(THolder holder)
    {
        var end = After(time.GetTimestamp(), Length + Margin);
        _holders[holder] = end;
        _latestEnd = Math.Max(_latestEnd, end);
    }

    /// <summary>
    /// Whether every lease this activation or an earlier one granted ended more than <paramref name="beyondLease"/>
    /// ago: then no holder uses one any more, and a grain may clear its persisted flag on deactivation, so that its
    /// next activation waits for nothing.
    /// </summary>
    public bool AllEnded(TimeSpan beyondLease = default)
    {
        var now = time.GetTimestamp();
        return After(Math.Max(_latestEnd, _earlierLeasesEnd), beyondLease) <= now;
    }

    /// <summary>
    /// On deactivation: when <paramref name="mayClear"/> and every lease ended more than <paramref name="beyondLease"/>
    /// ago (<see cref="AllEnded"/>), clears the grain's persisted flag with <paramref name="clear"/>, so its next
    /// activation waits for nothing. A failed write keeps the flag: the next activation waits out a whole lease, as
    /// after a crash.
    /// </summary>
    public async Task ClearFlagIfEndedAsync(bool mayClear, Func<Task> clear, TimeSpan beyondLease = default)
    {
        if (!mayClear || !AllEnded(beyondLease))
        {
            return;
        }

        try
        {
            await clear();
        }
        catch (Exception)
        {
            // The flag stays (see above).
        }
    }

    /// <summary>
    /// Forgets every holder and tells each to drop; completes when each acknowledged or its lease ended, plus
    /// <paramref name="beyondLease"/> (what a holder may still finish after its lease ended), and when the leases of
    /// an earlier activation ended (plus the same).
    /// </summary>
    public Task DropAllAsync(Func<THolder, Task> drop, TimeSpan beyondLease = default)
    {
        var holders = _holders.ToArray();
        _holders.Clear();
        var earlier = _earlierLeasesEnd == 0 ? Task.CompletedTask : UntilAsync(After(_earlierLeasesEnd, beyondLease));
        return Task.WhenAll(holders.Select(h => DropAsync(drop, h.Key, After(h.Value, beyondLease))).Append(earlier));
    }

    private async Task DropAsync(Func<THolder, Task> drop, THolder holder, long bound)
    {
        var lapse = UntilAsync(bound);
        try
        {
            var dropped = drop(holder);
            if (await Task.WhenAny(dropped, lapse) == dropped)
            {
                await dropped;
                return;
            }
        }
        catch (Exception)
        {
            // Unreachable or failed: its lease end is the bound.
        }

        await lapse;
    }

    private Task UntilAsync(long timestamp)
    {
        var left = time.GetElapsedTime(time.GetTimestamp(), timestamp);
        return left > TimeSpan.Zero ? Task.Delay(left, time) : Task.CompletedTask;
    }

    private long After(long timestamp, TimeSpan span) => timestamp + (long)(span.TotalSeconds * time.TimestampFrequency);
}
