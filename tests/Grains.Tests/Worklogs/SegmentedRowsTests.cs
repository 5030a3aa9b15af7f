using Orleans.Runtime;
using Orleans.Storage;
using Tempo.Grains.Interfaces.Worklogs;
using Tempo.Grains.Worklogs;

namespace Tempo.Grains.Tests.Worklogs;

/// <summary>
/// <see cref="SegmentedRows{T}"/> on its own, over a storage the test holds: a slot is found through the segment that
/// holds it, a lookup answers what is committed while a write is on its way (the directory answers lookups between its
/// writes) and after a write that failed, replaced and removed rows are found where they are after a reload, and each
/// segment keeps its stored name.
/// </summary>
public sealed class SegmentedRowsTests
{
    private const int Capacity = 4;
    private static readonly TenantId Tenant = new("segments");
    private readonly HeldStorage _storage = new();
    private readonly GrainId _grain = GrainId.Create("test-partition", Guid.NewGuid().ToString("N"));
    private int _head;

    private static WorklogLocation At(long id, string author) => new(id, new OwnerPartition(Tenant, author, 202601));

    private SegmentedRows<WorklogLocation> NewRows() =>
        new(_storage, _grain, "testSeg", Capacity, l => (l.Id, 0), l => new SortKey(default, default, l.Id, 0));

    private Task GrowHeadAsync(int count)
    {
        _head = count;
        return Task.CompletedTask;
    }

    private Task WriteAsync(SegmentedRows<WorklogLocation> rows, WorklogLocation[] upserts, params long[] removals) =>
        rows.WriteAsync(upserts, [.. removals.Select(id => (id, 0))], GrowHeadAsync);

    private static WorklogLocation? Find(SegmentedRows<WorklogLocation> rows, long id) => rows.TryFind((id, 0), out var found) ? found : null;

    [Fact]
    public async Task A_lookup_answers_the_committed_row_while_its_replacement_is_being_written()
    {
        var rows = NewRows();
        await rows.LoadAsync(0, []);
        await WriteAsync(rows, [At(1, "a"), At(2, "a")]);

        var held = _storage.HoldNextWrite();
        var replacing = WriteAsync(rows, [At(1, "b")]);
        await held.Reached;

        Assert.Equal(At(1, "a"), Find(rows, 1));
        Assert.Equal([At(1, "a"), At(2, "a")], rows.Rows.ToArray());

        held.Release();
        await replacing;
        Assert.Equal(At(1, "b"), Find(rows, 1));
        Assert.Equal([At(1, "b"), At(2, "a")], rows.Rows.ToArray());
    }

    [Fact]
    public async Task A_failed_write_leaves_the_committed_rows_and_a_new_row_unknown()
    {
        var rows = NewRows();
        await rows.LoadAsync(0, []);
        await WriteAsync(rows, [At(1, "a")]);

        _storage.FailNextWrite();
        await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(rows, [At(1, "b"), At(3, "b")]));

        Assert.Equal(At(1, "a"), Find(rows, 1));
        Assert.Null(Find(rows, 3));
        Assert.False(rows.Contains((3, 0)));
        Assert.Equal([At(1, "a")], rows.Rows.ToArray());
    }

    [Fact]
    public async Task Rows_replaced_and_removed_across_many_segments_are_found_where_they_are_also_after_a_reload()
    {
        var rows = NewRows();
        await rows.LoadAsync(0, []);
        var expected = new Dictionary<long, WorklogLocation>();
        for (var id = 1L; id <= Capacity * 5; id++)
        {
            await WriteAsync(rows, [At(id, "a")]);
            expected[id] = At(id, "a");
        }

        // A batch that replaces rows of three segments, removes rows of two others, and adds a row to the open segment.
        await WriteAsync(rows, [At(2, "b"), At(7, "b"), At(19, "b"), At(100, "b")], 5, 13, 14);
        foreach (var id in new[] { 2L, 7, 19, 100 })
        {
            expected[id] = At(id, "b");
        }

        foreach (var id in new[] { 5L, 13, 14 })
        {
            expected.Remove(id);
        }

        Assert.Equal(6, _head);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"testSeg{i}"), _storage.StateNames(_grain).Order());
        var reloaded = NewRows();
        await reloaded.LoadAsync(_head, []);
        foreach (var view in new[] { rows, reloaded })
        {
            Assert.Equal(expected.Values.OrderBy(l => l.Id), view.Rows.ToArray());
            foreach (var id in Enumerable.Range(0, 102).Select(i => (long)i))
            {
                Assert.Equal(expected.TryGetValue(id, out var location) ? location : null, Find(view, id));
                Assert.Equal(expected.ContainsKey(id), view.Contains((id, 0)));
            }

            Assert.Equal([At(19, "c"), At(5, "c")], view.Missing([At(19, "b"), At(19, "c"), At(5, "c"), At(5, "d")]));
        }
    }

    /// <summary>Keeps the records it is given (as the in-process storage does); a write can be held or made to fail.</summary>
    private sealed class HeldStorage : IGrainStorage
    {
        private readonly Dictionary<(string, GrainId), (object State, string ETag)> _records = [];
        private int _version;
        private Hold? _hold;
        private bool _fail;

        public Hold HoldNextWrite() => _hold = new Hold();

        public void FailNextWrite() => _fail = true;

        /// <summary>The state names written for <paramref name="grain"/> (a segment's is its kind's name and its number, as stored before).</summary>
        public IEnumerable<string> StateNames(GrainId grain) => _records.Keys.Where(k => k.Item2 == grain).Select(k => k.Item1);

        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            if (_records.TryGetValue((stateName, grainId), out var record))
            {
                grainState.State = (T)record.State;
                grainState.ETag = record.ETag;
                grainState.RecordExists = true;
            }

            return Task.CompletedTask;
        }

        public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            if (Interlocked.Exchange(ref _hold, null) is { } hold)
            {
                hold.Arrive();
                await hold.Released;
            }

            if (_fail)
            {
                _fail = false;
                throw new InconsistentStateException("the test made this write fail", null, grainState.ETag);
            }

            _records.TryGetValue((stateName, grainId), out var stored);
            Assert.Equal(stored.ETag, grainState.ETag);
            var etag = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _records[(stateName, grainId)] = (grainState.State!, etag);
            grainState.ETag = etag;
            grainState.RecordExists = true;
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => throw new NotSupportedException();
    }

    private sealed class Hold
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reached => _reached.Task;

        public Task Released => _released.Task;

        public void Arrive() => _reached.SetResult();

        public void Release() => _released.SetResult();
    }
}
