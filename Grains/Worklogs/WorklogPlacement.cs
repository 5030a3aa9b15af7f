using System.Globalization;
using Tempo.Grains.Interfaces.Worklogs;

namespace Tempo.Grains.Worklogs;

/// <summary>Which partitions and catalog buckets one worklog version belongs to.</summary>
internal static class WorklogPlacement
{
    public static IEnumerable<IndexPartition> IndexPartitionsOf(TenantId tenant, Worklog worklog)
    {
        var date = worklog.StartDate;
        var shardOf = ShardNumber(worklog);
        yield return Partition(tenant, WorklogIndexKind.Issue, worklog.IssueId.ToString(CultureInfo.InvariantCulture), date, shardOf);
        if (worklog.ProjectId is { } project)
        {
            yield return Partition(tenant, WorklogIndexKind.Project, project.ToString(CultureInfo.InvariantCulture), date, shardOf);
        }

        if (worklog.AccountKey is { } account)
        {
            yield return Partition(tenant, WorklogIndexKind.Account, account, date, shardOf);
        }

        yield return Partition(tenant, WorklogIndexKind.Day, WorklogIndexKinds.All, date, shardOf);
    }

    /// <summary>
    /// The number a sharded index takes modulo its shards, by the worklog's layout: its id (a create of one worklog:
    /// concurrent creates spread over the shards) or its issue (a bulk create or an import: a bulk's refs of a day in one
    /// shard and one call, where by id a bulk of 50 over five days wrote 40 partitions). docs/design/worklogs.md.
    /// </summary>
    public static long ShardNumber(Worklog worklog) =>
        worklog.IndexLayout == WorklogIndexLayout.IssueShards ? worklog.IssueId : worklog.Id;

    /// <summary>
    /// <see cref="IndexPartitionsOf"/> for the worklogs of one write, made once for each run of worklogs that share them:
    /// a bulk create's worklogs of one day share all of theirs (one issue, its project, the issue's shard of the day).
    /// Made per worklog, the iterators and the issue and project ids formatted as text, twice a write, were 3 % of a
    /// bulk create's allocations (bench/README.md "Session 8").
    /// </summary>
    public sealed class RunOfPartitions(TenantId tenant)
    {
        private Worklog? _last;
        private IndexPartition[] _partitions = [];

        public IndexPartition[] Of(Worklog worklog)
        {
            if (_last is not { } last
                || last.IssueId != worklog.IssueId
                || last.ProjectId != worklog.ProjectId
                || last.StartDate != worklog.StartDate
                || DayShard(last) != DayShard(worklog)
                || !string.Equals(last.AccountKey, worklog.AccountKey, StringComparison.Ordinal))
            {
                _partitions = [.. IndexPartitionsOf(tenant, worklog)];
            }

            _last = worklog;
            return _partitions;
        }

        private static long DayShard(Worklog worklog) => ShardNumber(worklog) % WorklogIndexKinds.Shards(WorklogIndexKind.Day);
    }

    /// <summary>The (catalog, bucket) of the version's owner partition; its index partitions' are theirs (<see cref="IndexPartition.Catalog"/>).</summary>
    public static (CatalogKey Catalog, int Bucket) OwnerCatalogBucketOf(TenantId tenant, Worklog worklog) =>
        (CatalogKey.ForAuthor(tenant, worklog.AuthorAccountId), Buckets.Month(worklog.StartDate));

    private static IndexPartition Partition(TenantId tenant, WorklogIndexKind kind, string value, DateOnly date, long shardNumber) =>
        new(tenant, kind, value, Buckets.Of(date, WorklogIndexKinds.Granularity(kind)), (int)(shardNumber % WorklogIndexKinds.Shards(kind)));
}

/// <summary>
/// The (catalog, bucket) pairs this silo has seen written, shared by the grains of the silo, so that creates and
/// changes skip the catalog call for buckets already known (the "every worklog" catalog would otherwise be on every
/// write's path). Only positive and only a saving: dropping it costs calls, never correctness.
/// </summary>
internal sealed class KnownBuckets
{
    private const int Capacity = 200_000;
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IGrainFactory, KnownBuckets> PerSilo = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(CatalogKey, int), bool> _known = new();

    /// <summary>The cache of the silo (or client) this grain factory belongs to; each cluster in a process has its own.</summary>
    public static KnownBuckets Of(IGrainFactory grains) => PerSilo.GetValue(grains, _ => new KnownBuckets());

    public bool Contains((CatalogKey, int) entry) => _known.ContainsKey(entry);

    public void AddRange(IEnumerable<(CatalogKey, int)> entries)
    {
        if (_known.Count > Capacity)
        {
            _known.Clear();
        }

        foreach (var entry in entries)
        {
            _known.TryAdd(entry, true);
        }
    }
}

/// <summary>The write steps shared by creates (in the coordinator) and changes (in the directory).</summary>
internal sealed class WorklogWrites(IGrainFactory grains, TenantId tenant)
{
    private readonly KnownBuckets _known = KnownBuckets.Of(grains);

    // A create of one worklog is the common write: its steps below skip the grouping (LINQ GroupBy, Distinct and
    // their dictionaries) that only a bulk create needs, because one worklog's partitions are distinct already.

    /// <summary>Makes the catalogs know every bucket these versions go into (skipping the ones this silo knows are).</summary>
    public Task EnsureCatalogsAsync(ImmutableArray<Worklog> worklogs)
    {
        // Every (catalog, bucket) the versions need known before they are written anywhere.
        HashSet<(CatalogKey Catalog, int Bucket)>? needed = null;
        var partitions = new WorklogPlacement.RunOfPartitions(tenant);
        foreach (var worklog in worklogs)
        {
            Need(WorklogPlacement.OwnerCatalogBucketOf(tenant, worklog));
            foreach (var partition in partitions.Of(worklog))
            {
                Need((partition.Catalog, partition.Bucket));
            }
        }

        return needed is null ? Task.CompletedTask : EnsureAsync(needed);

        void Need((CatalogKey Catalog, int Bucket) entry)
        {
            if (!_known.Contains(entry))
            {
                (needed ??= []).Add(entry);
            }
        }
    }

    private async Task EnsureAsync(HashSet<(CatalogKey Catalog, int Bucket)> needed)
    {
        await Task.WhenAll(needed.GroupBy(e => e.Catalog).Select(g =>
            grains.Reference<IWorklogCatalogGrain>(g.Key.GrainKey).EnsureAsync([.. g.Select(e => e.Bucket)])));
        _known.AddRange(needed);
    }

    /// <summary>Records in the directory where new worklogs will live.</summary>
    public Task RegisterAsync(ImmutableArray<Worklog> worklogs)
    {
        if (worklogs.Length == 1 && worklogs[0] is var one)
        {
            return Directory(DirectoryKey.Of(tenant, one.Id)).RegisterAsync([new WorklogLocation(one.Id, OwnerPartition.Of(tenant, one))]);
        }

        var lanes = Grouped(worklogs, w => DirectoryKey.Of(tenant, w.Id), w => new WorklogLocation(w.Id, OwnerPartition.Of(tenant, w)));
        var writes = new Task[lanes.Count];
        for (var i = 0; i < writes.Length; i++)
        {
            writes[i] = Directory(lanes[i].Key).RegisterAsync(lanes[i].Items);
        }

        return Task.WhenAll(writes);
    }

    public Task StageRefsAsync(ImmutableArray<Worklog> worklogs)
    {
        if (worklogs.Length == 1 && worklogs[0] is var one)
        {
            ImmutableArray<WorklogRef> refs = [one.ToRef()];
            return Task.WhenAll(WorklogPlacement.IndexPartitionsOf(tenant, one).Select(p => Index(p).StageAsync(refs)));
        }

        // A bulk: each partition's refs together, one ref a worklog shared by its partitions.
        var byPartition = new Dictionary<IndexPartition, List<WorklogRef>>(worklogs.Length);
        var partitions = new WorklogPlacement.RunOfPartitions(tenant);
        foreach (var worklog in worklogs)
        {
            var reference = worklog.ToRef();
            foreach (var partition in partitions.Of(worklog))
            {
                if (!byPartition.TryGetValue(partition, out var refs))
                {
                    byPartition[partition] = refs = [];
                }

                refs.Add(reference);
            }
        }

        var writes = new List<Task>(byPartition.Count);
        foreach (var (partition, refs) in byPartition)
        {
            writes.Add(Index(partition).StageAsync([.. refs]));
        }

        return Task.WhenAll(writes);
    }

    /// <summary>Removes the refs of <paramref name="old"/> from its partitions (after the change committed).</summary>
    public Task RemoveRefsAsync(Worklog old) =>
        Task.WhenAll(WorklogPlacement.IndexPartitionsOf(tenant, old).Select(p => Index(p).RemoveAsync([old.ToRef()])));

    public Task InsertOwnersAsync(ImmutableArray<Worklog> worklogs)
    {
        if (worklogs.Length == 1 && worklogs[0] is var one)
        {
            return Owner(OwnerPartition.Of(tenant, one)).InsertAsync([one]);
        }

        var owners = Grouped(worklogs, w => OwnerPartition.Of(tenant, w), w => w);
        var writes = new Task[owners.Count];
        for (var i = 0; i < writes.Length; i++)
        {
            writes[i] = Owner(owners[i].Key).InsertAsync(owners[i].Items);
        }

        return Task.WhenAll(writes);
    }

    /// <summary>
    /// The worklogs' items grouped by key, in the order keys first appear, each group one array of its exact size: a
    /// count, then a fill. LINQ's <c>GroupBy</c> with a copy of each group made a lookup, a grouping and a growing array
    /// per key and a copy of each (a bulk create to 50 authors has 50 owner groups): 7 % of its allocations.
    /// </summary>
    private static List<(TKey Key, ImmutableArray<TItem> Items)> Grouped<TKey, TItem>(ImmutableArray<Worklog> worklogs, Func<Worklog, TKey> keyOf, Func<Worklog, TItem> itemOf)
        where TKey : notnull
    {
        var groupOf = new int[worklogs.Length];
        var groups = new Dictionary<TKey, int>(worklogs.Length);
        var keys = new List<(TKey Key, int Count)>();
        for (var i = 0; i < worklogs.Length; i++)
        {
            var key = keyOf(worklogs[i]);
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = keys.Count;
                keys.Add((key, 0));
            }

            keys[group] = (key, keys[group].Count + 1);
            groupOf[i] = group;
        }

        var items = new TItem[keys.Count][];
        var filled = new int[keys.Count];
        for (var g = 0; g < keys.Count; g++)
        {
            items[g] = new TItem[keys[g].Count];
        }

        for (var i = 0; i < worklogs.Length; i++)
        {
            var g = groupOf[i];
            items[g][filled[g]++] = itemOf(worklogs[i]);
        }

        var result = new List<(TKey, ImmutableArray<TItem>)>(keys.Count);
        for (var g = 0; g < keys.Count; g++)
        {
            result.Add((keys[g].Key, System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(items[g])));
        }

        return result;
    }

    public IWorklogIndexGrain Index(IndexPartition partition) => grains.Reference<IWorklogIndexGrain>(partition.GrainKey);

    public IWorklogOwnerGrain Owner(OwnerPartition partition) => grains.Reference<IWorklogOwnerGrain>(partition.GrainKey);

    private IWorklogDirectoryGrain Directory(DirectoryKey key) => grains.Reference<IWorklogDirectoryGrain>(key.GrainKey);
}
