using Orleans.Runtime;

namespace Tempo.Grains.Tests.Restarts;

/// <summary>
/// A reminder table kept by the test process and shared by every silo of the test cluster, so reminders outlive a
/// killed silo as they do in PostgreSQL (Orleans' in-memory table lives in a grain on one silo). Ranges follow the
/// ADO.NET provider: (begin, end] on the ring of uniform grain hashes, wrapping when begin >= end.
/// </summary>
public sealed class SharedReminderTable : IReminderTable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(GrainId Grain, string Name), ReminderEntry> _rows = [];
    private readonly List<(GrainId Grain, string Name, TaskCompletionSource Signal)> _waiters = [];
    private long _version;

    /// <summary>Completes at the next write of the reminder (a grain re-arms its expiry reminder at the end of each tick).</summary>
    public Task NextUpsertAsync(GrainId grainId, string reminderName)
    {
        lock (_lock)
        {
            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((grainId, reminderName, signal));
            return signal.Task;
        }
    }

    public Task<ReminderTableData> ReadRows(GrainId grainId) => Task.FromResult(Select(e => e.GrainId == grainId));

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => Task.FromResult(Select(e =>
    {
        var hash = e.GrainId.GetUniformHashCode();
        return begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;
    }));

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        lock (_lock)
        {
            return Task.FromResult(_rows.TryGetValue((grainId, reminderName), out var entry) ? Copy(entry) : null);
        }
    }

    public Task<string?> UpsertRow(ReminderEntry entry)
    {
        lock (_lock)
        {
            var stored = Copy(entry);
            stored.ETag = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _rows[(entry.GrainId, entry.ReminderName)] = stored;
            foreach (var waiter in _waiters.Where(w => w.Grain == entry.GrainId && w.Name == entry.ReminderName).ToArray())
            {
                _waiters.Remove(waiter);
                waiter.Signal.TrySetResult();
            }

            return Task.FromResult<string?>(stored.ETag);
        }
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        lock (_lock)
        {
            var key = (grainId, reminderName);
            return Task.FromResult(_rows.TryGetValue(key, out var entry) && entry.ETag == eTag && _rows.Remove(key));
        }
    }

    public Task TestOnlyClearTable()
    {
        lock (_lock)
        {
            _rows.Clear();
        }

        return Task.CompletedTask;
    }

    private ReminderTableData Select(Func<ReminderEntry, bool> predicate)
    {
        lock (_lock)
        {
            return new ReminderTableData(_rows.Values.Where(predicate).Select(Copy).ToList());
        }
    }

    private static ReminderEntry Copy(ReminderEntry e) =>
        new() { GrainId = e.GrainId, ReminderName = e.ReminderName, StartAt = e.StartAt, Period = e.Period, ETag = e.ETag };
}
