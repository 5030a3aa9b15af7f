using Orleans.Storage;

namespace Tempo.Grains.Worklogs;

/// <summary>One stored segment of a partition's rows (a row of its own in the grain storage).</summary>
[GenerateSerializer, Immutable, Alias("tempo.RowSegment`1")]
public sealed record RowSegment<T>
{
    [Id(0)] public ImmutableArray<T> Rows { get; init; } = [];
}

/// <summary>
/// The rows of one partition grain, stored in segments of at most <c>capacity</c> rows, each segment its own record
/// in the grain storage (the grain's id, state name <c>&lt;name&gt;&lt;n&gt;</c>), so a write rewrites the one segment it
/// touches and never the whole partition: what a write costs is bounded by the capacity, not by the partition's size.
/// New rows go into the last segment while it has room, else into a new one; a replaced or removed row is rewritten
/// where it lives. The grain's own state (its head) holds how many segments exist, and is written before a new
/// segment is (a crash in between leaves an empty segment, which reads as no rows).
/// <para>
/// A write's segments are written in parallel; a batch of new rows always goes into one segment (it may overfill it),
/// so a create or a bulk create commits each owner partition with one segment write. After a failed write the grain
/// must deactivate (its in-memory view and ETags may no longer match storage); the next activation reloads.
/// </para>
/// </summary>
internal sealed class SegmentedRows<T>
    where T : notnull
{
    private readonly IGrainStorage _storage;
    private readonly GrainId _grain;
    private readonly int _capacity;
    private readonly Func<T, (long Id, int Version)> _slotOf;
    private readonly Func<T, SortKey> _sortKeyOf;
    private readonly NameTable _names;

    /// <summary>
    /// Each segment's committed content and ETag, as values: a record object a segment (made only for a storage call)
    /// was 250,000 of the heap's objects at a million worklogs (bench/README.md "Session 12").
    /// </summary>
    private readonly List<Segment> _segments = [];

    /// <summary>
    /// Which segment holds each slot, and nothing else: the row itself is found in that segment (at most its capacity, or
    /// one write's batch, to compare). Holding the row here too made each entry carry a reference (40-64 bytes instead
    /// of 32): at a million stored worklogs five such maps a worklog were about a quarter of the references a full
    /// collection had to trace, and each insert dirtied a card of a large gen2 array that every gen0 collection then
    /// scanned. Entries without references are neither traced nor carded (bench/README.md "Session 12").
    /// </summary>
    private readonly Dictionary<(long, int), int> _where = [];

    /// <summary>
    /// Every row in the natural order, changed in place: a write moves the rows after its position (a memmove) but
    /// allocates nothing that grows with the partition. It used to rebuild an immutable array of every row on each
    /// write, which at the write benchmark's partition sizes was 57 % of the API process's allocations and most of
    /// its garbage collections (bench/README.md "Session 6").
    /// </summary>
    private readonly List<T> _rows = [];

    public SegmentedRows(IGrainStorage storage, GrainId grain, string name, int capacity, Func<T, (long Id, int Version)> slotOf, Func<T, SortKey> sortKeyOf)
    {
        _storage = storage;
        _grain = grain;
        _capacity = capacity;
        _slotOf = slotOf;
        _sortKeyOf = sortKeyOf;
        _names = NameTable.Of(name);
    }

    /// <summary>
    /// Every row, in the natural order (start date, time, id, version): what reads slice. A view of the grain's own
    /// list, valid until its next write: read it within one turn and copy what leaves the grain.
    /// </summary>
    public ReadOnlySpan<T> Rows => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_rows);

    /// <summary>How many segments the grain's head must record.</summary>
    public int SegmentCount => _segments.Count;

    public bool Contains((long Id, int Version) slot) => _where.ContainsKey(slot);

    public bool TryFind((long Id, int Version) slot, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T row) =>
        TryLocate(slot, out _, out row);

    /// <summary>The committed row of <paramref name="slot"/> and its segment: the map names the segment, a scan of it the row.</summary>
    private bool TryLocate((long Id, int Version) slot, out int segment, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T row)
    {
        if (_where.TryGetValue(slot, out segment))
        {
            foreach (var candidate in _segments[segment].State.Rows)
            {
                if (_slotOf(candidate) == slot)
                {
                    row = candidate;
                    return true;
                }
            }
        }

        row = default;
        return false;
    }

    /// <summary>
    /// What a write of <paramref name="candidates"/> must add: those not stored exactly as they are, the first of
    /// each slot among them. A loop, not LINQ: its iterators and set were a bulk create's garbage in three grains.
    /// The common batch (a bulk create's new refs or locations: none stored, slots ascending, as its ids are) is
    /// answered as it came, without the set that finds repeated slots (4-5 % of a bulk create's allocations).
    /// </summary>
    public IReadOnlyList<T> Missing(ImmutableArray<T> candidates)
    {
        if (candidates.Length == 1)
        {
            return IsStored(candidates[0]) ? [] : [candidates[0]];
        }

        if (NoneStoredAndAscending(candidates))
        {
            return candidates;
        }

        var slots = new HashSet<(long, int)>(candidates.Length);
        var missing = new List<T>(candidates.Length);
        foreach (var candidate in candidates)
        {
            if (!IsStored(candidate) && slots.Add(_slotOf(candidate)))
            {
                missing.Add(candidate);
            }
        }

        return [.. missing];
    }

    private bool NoneStoredAndAscending(ImmutableArray<T> candidates)
    {
        var previous = (long.MinValue, int.MinValue);
        foreach (var candidate in candidates)
        {
            var slot = _slotOf(candidate);
            if (slot.CompareTo(previous) <= 0 || _where.ContainsKey(slot))
            {
                return false;
            }

            previous = slot;
        }

        return true;
    }

    private bool IsStored(T row) => TryFind(_slotOf(row), out var stored) && EqualityComparer<T>.Default.Equals(stored, row);

    /// <summary>
    /// Reads the head's <paramref name="segments"/> segments (in parallel), and moves <paramref name="legacy"/> rows (a
    /// head written before segments existed) into new segments; returns true when the head must be rewritten
    /// (legacy rows moved: <see cref="SegmentCount"/> grew and the head's rows are to be dropped).
    /// </summary>
    public async Task<bool> LoadAsync(int segments, ImmutableArray<T> legacy)
    {
        var records = Enumerable.Range(0, segments).Select(_ => new Record(Empty)).ToArray();
        await Task.WhenAll(records.Select((r, i) => _storage.ReadStateAsync(Name(i), _grain, r)));
        _segments.AddRange(records.Select(Segment.Of));
        if (!legacy.IsDefaultOrEmpty)
        {
            // Segments written by a migration that crashed before its head was rewritten exist beyond the head's
            // count: read them first, so their ETags let them be overwritten with the same rows.
            var chunks = legacy.Chunk(_capacity).ToArray();
            var moved = chunks.Select(_ => new Record(Empty)).ToArray();
            await Task.WhenAll(moved.Select((r, i) => _storage.ReadStateAsync(Name(segments + i), _grain, r)));
            await Task.WhenAll(moved.Select((r, i) =>
            {
                r.State = new RowSegment<T> { Rows = [.. chunks[i]] };
                return _storage.WriteStateAsync(Name(segments + i), _grain, r);
            }));
            _segments.AddRange(moved.Select(Segment.Of));
        }

        var all = new List<T>();
        for (var s = 0; s < _segments.Count; s++)
        {
            foreach (var row in _segments[s].State.Rows)
            {
                _where[_slotOf(row)] = s;
                all.Add(row);
            }
        }

        all.Sort((a, b) => _sortKeyOf(a).CompareTo(_sortKeyOf(b)));
        _rows.Clear();
        _rows.AddRange(all);
        return !legacy.IsDefaultOrEmpty;
    }

    /// <summary>
    /// Writes <paramref name="upserts"/> (replacing rows of the same slot) and drops <paramref name="removals"/>.
    /// When a new segment is needed, <paramref name="growHead"/> is called with the new count first and must make it
    /// durable. Nothing changes in memory unless every segment write succeeded.
    /// </summary>
    public async Task WriteAsync(IReadOnlyCollection<T> upserts, IReadOnlyCollection<(long, int)> removals, Func<int, Task> growHead)
    {
        if (removals.Count == 0 && AllNew(upserts))
        {
            await AddAsync(upserts, growHead);
            return;
        }

        var changed = new Dictionary<int, List<T>>();
        List<T> Segment(int s) => changed.TryGetValue(s, out var rows) ? rows : changed[s] = s < _segments.Count ? [.. _segments[s].State.Rows] : [];

        var removedRows = new List<T>();
        foreach (var slot in removals)
        {
            if (TryLocate(slot, out var segment, out var stored))
            {
                Segment(segment).Remove(stored);
                removedRows.Add(stored);
            }
        }

        var placed = new List<(T Row, int Segment)>();
        var fresh = new List<T>();
        foreach (var row in upserts)
        {
            if (TryLocate(_slotOf(row), out var segment, out var stored))
            {
                var rows = Segment(segment);
                rows[rows.IndexOf(stored)] = row;
                removedRows.Add(stored);
                placed.Add((row, segment));
            }
            else
            {
                fresh.Add(row);
            }
        }

        if (fresh.Count > 0)
        {
            var target = await OpenSegmentAsync(growHead);
            Segment(target).AddRange(fresh);
            foreach (var row in fresh)
            {
                placed.Add((row, target));
            }
        }

        if (changed.Count == 0)
        {
            return;
        }

        await Task.WhenAll(changed.Select(c => WriteOneAsync(c.Key, new RowSegment<T> { Rows = [.. c.Value] })));

        foreach (var row in removedRows)
        {
            var index = Search(row);
            if (index >= 0)
            {
                _rows.RemoveAt(index);
            }
        }

        foreach (var slot in removals)
        {
            _where.Remove(slot);
        }

        foreach (var (row, segment) in placed)
        {
            Place(row, segment);
        }
    }

    private bool AllNew(IReadOnlyCollection<T> rows)
    {
        foreach (var row in rows)
        {
            if (_where.ContainsKey(_slotOf(row)))
            {
                return false;
            }
        }

        return rows.Count > 0;
    }

    /// <summary>
    /// The common write (a create's or a bulk's new rows in each partition they touch): appended to the open segment
    /// as one new segment array. The same steps as the general path without its per-write dictionaries, lists and
    /// copies, which were a third of a bulk create's allocations in the partitions (bench/README.md "Session 8").
    /// </summary>
    private async Task AddAsync(IReadOnlyCollection<T> rows, Func<int, Task> growHead)
    {
        var target = await OpenSegmentAsync(growHead);
        var previous = _segments[target].State.Rows;
        var next = ImmutableArray.CreateBuilder<T>(previous.Length + rows.Count);
        next.AddRange(previous);
        next.AddRange(rows);
        await WriteOneAsync(target, new RowSegment<T> { Rows = next.MoveToImmutable() });
        foreach (var row in rows)
        {
            Place(row, target);
        }
    }

    /// <summary>The segment new rows go into: the last one while it has room, else a new one, counted in the head first.</summary>
    private async ValueTask<int> OpenSegmentAsync(Func<int, Task> growHead)
    {
        var open = _segments.Count - 1;
        if (open >= 0 && _segments[open].State.Rows.Length < _capacity)
        {
            return open;
        }

        await growHead(_segments.Count + 1);
        _segments.Add(new Segment(Empty, null, false));
        return _segments.Count - 1;
    }

    /// <summary>Records a written row in memory: where it is stored, and its place in the natural order.</summary>
    private void Place(T row, int segment)
    {
        _where[_slotOf(row)] = segment;
        var index = Search(row);
        _rows.Insert(index >= 0 ? index : ~index, row);
    }

    /// <summary>
    /// Writes <paramref name="next"/> as the segment's content through a record of its own, and makes it the segment's
    /// state (with the new ETag) only once stored: a segment's state is always what is committed, which
    /// <see cref="TryLocate"/> reads, also while a write is on its way (a directory answers lookups between its writes).
    /// </summary>
    private async Task WriteOneAsync(int segment, RowSegment<T> next)
    {
        var current = _segments[segment];
        var pending = new Record(next) { ETag = current.ETag, RecordExists = current.Exists };
        await _storage.WriteStateAsync(Name(segment), _grain, pending);
        _segments[segment] = Segment.Of(pending);
    }

    /// <summary>
    /// Binary search by the natural order. The searched row's key is made once, and the rows' keys are compared
    /// directly: through the comparer, two keys were made per step (the search was 8 % of a bulk create's CPU).
    /// </summary>
    private int Search(T row)
    {
        var key = _sortKeyOf(row);
        var rows = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_rows);
        int low = 0, high = rows.Length - 1;
        while (low <= high)
        {
            var mid = low + ((high - low) / 2);
            var c = _sortKeyOf(rows[mid]).CompareTo(key);
            if (c == 0)
            {
                return mid;
            }

            if (c < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return ~low;
    }

    private string Name(int segment) => _names[segment];

    private static readonly RowSegment<T> Empty = new();

    /// <summary>A segment as this grain last read or wrote it (an unread or missing record reads as no rows).</summary>
    private readonly record struct Segment(RowSegment<T> State, string? ETag, bool Exists)
    {
        public static Segment Of(Record record) =>
            new(record.State is { Rows.IsDefault: false } state ? state : Empty, record.ETag, record.RecordExists);
    }

    /// <summary>The state a storage call reads or writes, made for that call.</summary>
    private sealed class Record(RowSegment<T> state) : IGrainState<RowSegment<T>>
    {
        [System.Diagnostics.CodeAnalysis.AllowNull]
        public RowSegment<T> State { get; set; } = state;

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }
}

/// <summary>
/// The state names of one kind's segments (<c>&lt;name&gt;&lt;n&gt;</c>), made once per segment number for the process and
/// shared by every partition of the kind: formatted per write, or kept in a list per partition, they were a string a
/// segment (bench/README.md "Session 8") and then two objects a partition ("Session 12").
/// </summary>
internal sealed class NameTable
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, NameTable> Tables = new(StringComparer.Ordinal);
    private readonly string _name;
    private readonly Lock _gate = new();
    private string[] _names = [];

    private NameTable(string name) => _name = name;

    public static NameTable Of(string name) => Tables.GetOrAdd(name, static n => new NameTable(n));

    public string this[int segment]
    {
        get
        {
            var names = Volatile.Read(ref _names);
            return segment < names.Length ? names[segment] : Grow(segment);
        }
    }

    private string Grow(int segment)
    {
        lock (_gate)
        {
            var names = _names;
            if (segment >= names.Length)
            {
                var grown = new string[Math.Max(segment + 1, Math.Max(16, names.Length * 2))];
                names.CopyTo(grown, 0);
                for (var i = names.Length; i < grown.Length; i++)
                {
                    grown[i] = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{_name}{i}");
                }

                Volatile.Write(ref _names, names = grown);
            }

            return names[segment];
        }
    }
}
