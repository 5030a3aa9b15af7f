using Tempo.Grains.Interfaces.Approvals;
using Tempo.Grains.Leasing;

namespace Tempo.Grains.Approvals;

/// <summary>
/// This silo's admissions into timesheets. Per timesheet it writes into, the silo holds an admission lease from the
/// timesheet grain (granted while the timesheet is open and not being submitted); while the lease is valid and not
/// withdrawn, admitting a write is a local increment of the silo's in-flight count for that timesheet and releasing
/// it a local decrement: no grain call. A submit withdraws every lease and waits for each silo's in-flight writes
/// (or, for a silo it can't reach, its lease end plus the drain timeout) before it sums the time spent.
/// Without a valid lease a write asks the grain: for a lease, or (refused, or when the lease answer raced a
/// withdraw) for a direct admission, exactly as before leases existed.
/// </summary>
public sealed class TimesheetAdmissions : ITimesheetAdmissionHolder
{
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;
    private readonly LeaseTable<Slot> _table;
    private readonly Lazy<Task<ITimesheetAdmissionHolder>> _self;
    private long _lastSweep;

    public TimesheetAdmissions(IGrainFactory grains, TimeProvider time)
    {
        _grains = grains;
        _time = time;
        _table = new(time);
        _lastSweep = time.GetTimestamp();
        // Made off the grain scheduler: a silo hands out observer references only outside a grain's context.
        _self = new(() => Task.Run(() => grains.CreateObjectReference<ITimesheetAdmissionHolder>(this)));
    }

    /// <summary>Admits one write into the author's timesheet of the period: its release, or null when refused.</summary>
    public async ValueTask<Func<ValueTask>?> AdmitAsync(TenantId tenant, string author, DateOnly periodFrom)
    {
        var key = ApprovalsGrainKeys.Timesheet(tenant, author, periodFrom);
        if (_table.TryGet(key, out var held) && held.TryEnter(_table.Now))
        {
            return held.ExitAsync;
        }

        var timesheet = _grains.GetTimesheetGrain(tenant, author, periodFrom);
        var request = _table.Begin();
        var answer = await timesheet.LeaseAdmissionAsync(await _self.Value);
        switch (answer.Kind)
        {
            case TimesheetAdmissionKind.Refused:
                return null;
            case TimesheetAdmissionKind.AdmittedOnce:
                return () => new ValueTask(timesheet.ReleaseWriteAsync());
        }

        SweepNowAndThen(answer.LeaseLength);
        var validUntil = _table.ValidUntil(request, answer.LeaseLength);
        Slot? kept = null;
        _table.TryKeep(request, key, current => kept = current switch
        {
            // Renewal extends the same slot: a withdraw must find every write admitted under this silo's leases.
            { Withdrawn: false } => current.Extend(validUntil),
            null or { InFlight: 0 } => new Slot(validUntil),
            _ => null, // a retired slot with a write still in it: the grain admits until it drained
        });
        if (kept is not null && kept.TryEnter(_table.Now))
        {
            return kept.ExitAsync;
        }

        // The answer raced a withdraw (a submit may already have acknowledged this silo's writes) or ran out on its
        // way: it must not admit even once. The grain decides, as without leases.
        return await timesheet.AdmitWriteAsync() ? () => new ValueTask(timesheet.ReleaseWriteAsync()) : null;
    }

    /// <summary>Whether this silo holds a valid admission lease for the timesheet (for tests).</summary>
    public bool Holds(TenantId tenant, string author, DateOnly periodFrom) =>
        _table.TryGet(ApprovalsGrainKeys.Timesheet(tenant, author, periodFrom), out var slot) && !slot.Withdrawn && _table.Now < slot.ValidUntil;

    public async Task WithdrawAsync(string timesheetKey)
    {
        if (_table.Drop(timesheetKey) is { } slot)
        {
            await Task.WhenAny(slot.WithdrawAsync(), Task.Delay(TimesheetGrain.DrainTimeout, _time));
        }
    }

    /// <summary>At most once a lease length, forgets timesheets whose lease ended a lease length ago and that hold no write.</summary>
    private void SweepNowAndThen(TimeSpan leaseLength)
    {
        var now = _table.Now;
        var last = Interlocked.Read(ref _lastSweep);
        if (_time.GetElapsedTime(last, now) < leaseLength || Interlocked.CompareExchange(ref _lastSweep, now, last) != last)
        {
            return;
        }

        var before = now - (long)(leaseLength.TotalSeconds * _time.TimestampFrequency);
        _table.Sweep(slot => slot.TryRetire(before));
    }

    /// <summary>
    /// One timesheet's lease on this silo and the writes it admitted that are still in flight.
    /// <para>
    /// Why admit and withdraw can't miss each other without a lock: an admission increments <c>_inFlight</c>, then
    /// reads <c>_withdrawn</c>; a withdraw sets <c>_withdrawn</c>, then reads <c>_inFlight</c>. Both first steps are
    /// interlocked (full fences), so the four steps fall in one order in which each read sees every earlier write.
    /// If the admission's read comes first, the withdraw's set comes after the increment, so the withdraw's read
    /// sees the write in flight and waits for its exit. Otherwise the admission sees <c>_withdrawn</c> and backs out
    /// (exits and asks the grain, which refuses while submitting). Either way no admitted write escapes the count
    /// a withdraw waits for. An exit that brings the count to zero after the withdraw was set completes the wait;
    /// one before it leaves zero for the withdraw's own read: both may complete it, which is harmless.
    /// </para>
    /// </summary>
    private sealed class Slot(long validUntil)
    {
        private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _validUntil = validUntil;
        private long _inFlight;
        private int _withdrawn;

        public long ValidUntil => Volatile.Read(ref _validUntil);

        public long InFlight => Interlocked.Read(ref _inFlight);

        public bool Withdrawn => Volatile.Read(ref _withdrawn) != 0;

        /// <summary>Under the table's gate (no withdraw runs concurrently): a renewed lease never shortens it.</summary>
        public Slot Extend(long until)
        {
            if (until > ValidUntil)
            {
                Volatile.Write(ref _validUntil, until);
            }

            return this;
        }

        public bool TryEnter(long now)
        {
            if (Withdrawn || now >= ValidUntil)
            {
                return false;
            }

            Interlocked.Increment(ref _inFlight);
            if (Withdrawn)
            {
                Exit();
                return false;
            }

            return true;
        }

        public ValueTask ExitAsync()
        {
            Exit();
            return ValueTask.CompletedTask;
        }

        /// <summary>Stops admitting at once; completes when no admitted write is in flight any more.</summary>
        public Task WithdrawAsync()
        {
            Interlocked.Exchange(ref _withdrawn, 1);
            if (InFlight == 0)
            {
                _drained.TrySetResult();
            }

            return _drained.Task;
        }

        /// <summary>Under the table's gate: retires a lease that ended before <paramref name="endedBefore"/> when no write is in it.</summary>
        public bool TryRetire(long endedBefore)
        {
            if (ValidUntil >= endedBefore || InFlight != 0)
            {
                return false;
            }

            // The same protocol as a withdraw: a write that got in after all is waited for by the next withdraw
            // (the slot stays, retired, until it drained and a new lease replaces it).
            return WithdrawAsync().IsCompleted;
        }

        private void Exit()
        {
            if (Interlocked.Decrement(ref _inFlight) == 0 && Withdrawn)
            {
                _drained.TrySetResult();
            }
        }
    }
}
