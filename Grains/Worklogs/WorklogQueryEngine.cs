using Tempo.Grains.Interfaces.Paging;
using Tempo.Grains.Interfaces.Worklogs;

namespace Tempo.Grains.Worklogs;

/// <summary>One partition a query reads, with the filter that applies to it.</summary>
internal sealed record QuerySource(IWorklogPartition Partition, IndexPartition? Index, OwnerPartition? Owner, PartitionFilter Filter);

/// <summary>The sources of one time bucket: their entries interleave, while whole buckets follow one another in time.</summary>
internal sealed record QueryGroup(int Bucket, ImmutableArray<QuerySource> Sources);

/// <summary>
/// Runs a planned query over partitions and turns what they hold into live worklogs.
/// <para>
/// When the order starts with the start date-time, buckets are disjoint in that order, so the engine walks them
/// in turn, counting (1, 2, 4 ... buckets at a time) only until it has passed the requested window, then reads the
/// window's slice of the buckets it overlaps: the cost grows with offset + limit, not with the data stored. Any
/// other order needs every partition in range: each answers its first offset + limit entries and they are merged.
/// </para>
/// <para>
/// Index entries are refs: each is checked against its owner partition (the truth) and shown only if the owner
/// holds that very version, and rows in the middle of a move are checked against the directory. Whatever a
/// crash left behind is so filtered out, and pruned (before the answer) when it is certainly dead. Pages may therefore come out short;
/// the position space (what offset counts) stays the same, so following <c>next</c> still meets every worklog once.
/// </para>
/// </summary>
internal sealed class WorklogQueryEngine(IGrainFactory grains, TenantId tenant, TimeProvider time)
{
    /// <summary>An uncommitted entry older than this belongs to a write that died: no write takes this long.</summary>
    internal static readonly TimeSpan AbandonAfter = TimeSpan.FromMinutes(10);

    private const int MaxBucketsPerRound = 64;

    public async Task<Page<Worklog>> RunAsync(IReadOnlyList<QueryGroup> ascending, WorklogOrder order, PageRequest page)
    {
        var candidates = order.First.Field == WorklogOrderField.StartDateTime
            ? await WalkAsync(order.First.Descending ? [.. ascending.Reverse()] : ascending, order, page)
            : await MergeAllAsync(ascending, order, page);
        var live = await ResolveAsync(candidates.Items);
        return new Page<Worklog>(live, candidates.HasMore);
    }

    private async Task<(IReadOnlyList<Candidate> Items, bool HasMore)> WalkAsync(IReadOnlyList<QueryGroup> groups, WorklogOrder order, PageRequest page)
    {
        var end = (long)page.Offset + page.Limit;
        var counts = new List<int>();
        var prefetched = new Dictionary<QuerySource, PartitionPage>();
        long seen = 0;
        var round = 1;
        while (counts.Count < groups.Count && seen <= end)
        {
            var batch = groups.Skip(counts.Count).Take(round).ToArray();
            var sources = batch.SelectMany(g => g.Sources).ToArray();
            if (page.Offset == 0)
            {
                // The first page: read the slices right away, which also gives the counts.
                var pages = await Task.WhenAll(sources.Select(s => s.Partition.PageAsync(s.Filter, order, 0, page.Limit)));
                for (var i = 0; i < sources.Length; i++)
                {
                    prefetched[sources[i]] = pages[i];
                }

                counts.AddRange(batch.Select(g => g.Sources.Sum(s => prefetched[s].Total)));
            }
            else
            {
                var totals = await Task.WhenAll(sources.Select(s => s.Partition.CountAsync(s.Filter)));
                var bySource = sources.Zip(totals).ToDictionary(p => p.First, p => p.Second);
                counts.AddRange(batch.Select(g => g.Sources.Sum(s => bySource[s])));
            }

            seen += counts.Skip(counts.Count - batch.Length).Sum();
            round = Math.Min(round * 2, MaxBucketsPerRound);
        }

        var slices = new List<Task<IReadOnlyList<Candidate>>>();
        long start = 0;
        for (var g = 0; g < counts.Count; g++)
        {
            var stop = start + counts[g];
            if (stop > page.Offset && start < end)
            {
                var skip = (int)Math.Max(0, page.Offset - start);
                var take = (int)(Math.Min(stop, end) - start) - skip;
                slices.Add(GroupSliceAsync(groups[g], order, skip, take, prefetched));
            }

            start = stop;
        }

        var items = (await Task.WhenAll(slices)).SelectMany(s => s).ToArray();
        return (items, seen > end);
    }

    private async Task<IReadOnlyList<Candidate>> GroupSliceAsync(
        QueryGroup group, WorklogOrder order, int skip, int take, IReadOnlyDictionary<QuerySource, PartitionPage> prefetched)
    {
        if (group.Sources.Length == 1)
        {
            var source = group.Sources[0];
            if (prefetched.TryGetValue(source, out var known) && Covers(known, skip + take))
            {
                return [.. Candidates(source, known).Skip(skip).Take(take)];
            }

            return [.. Candidates(source, await source.Partition.PageAsync(source.Filter, order, skip, take))];
        }

        var pages = await Task.WhenAll(group.Sources.Select(async s =>
            (Source: s, Page: prefetched.TryGetValue(s, out var p) && Covers(p, skip + take) ? p : await s.Partition.PageAsync(s.Filter, order, 0, skip + take))));
        return [.. pages.SelectMany(p => Candidates(p.Source, p.Page)).Order(new CandidateOrder(order)).Skip(skip).Take(take)];
    }

    private async Task<(IReadOnlyList<Candidate> Items, bool HasMore)> MergeAllAsync(IReadOnlyList<QueryGroup> groups, WorklogOrder order, PageRequest page)
    {
        var want = (int)Math.Min(int.MaxValue, (long)page.Offset + page.Limit);
        var sources = groups.SelectMany(g => g.Sources).ToArray();
        var pages = await Task.WhenAll(sources.Select(s => s.Partition.PageAsync(s.Filter, order, 0, want)));
        var total = pages.Sum(p => (long)p.Total);
        var items = sources.Zip(pages).SelectMany(p => Candidates(p.First, p.Second))
            .Order(new CandidateOrder(order)).Skip(page.Offset).Take(page.Limit).ToArray();
        return (items, total > (long)page.Offset + page.Limit);
    }

    /// <summary>Whether a slice read from the start has everything up to <paramref name="needed"/>.</summary>
    private static bool Covers(PartitionPage page, int needed) => Math.Max(page.Refs.Length, page.Rows.Length) >= Math.Min(needed, page.Total);

    private static IEnumerable<Candidate> Candidates(QuerySource source, PartitionPage page) =>
        source.Owner is not null
            ? page.Rows.Select(r => new Candidate(r.Worklog.ToRef(), r, source))
            : page.Refs.Select(r => new Candidate(r, null, source));

    /// <summary>The live worklogs among the candidates, in their order.</summary>
    private async Task<ImmutableArray<Worklog>> ResolveAsync(IReadOnlyList<Candidate> candidates)
    {
        var rows = await FetchOwnerRowsAsync(candidates.Where(c => c.Row is null).Select(c => (c.Ref.OwnerIn(tenant), c.Ref.Id)));
        var now = time.GetUtcNow();
        var live = new Worklog?[candidates.Count];
        var moving = new List<(int Index, OwnerPartition Owner, OwnerRow Row)>();
        var deadRefs = new List<Candidate>();
        var repairs = new List<Task>();
        for (var i = 0; i < candidates.Count; i++)
        {
            var candidate = candidates[i];
            var owner = candidate.Source.Owner ?? candidate.Ref.OwnerIn(tenant);
            var fetched = candidate.Row ?? (rows.TryGetValue((owner, candidate.Ref.Id), out var stored) ? stored : null);
            if (fetched is not { } row || row.Worklog.Version < candidate.Ref.Version)
            {
                // Not (yet) committed: a write in flight, or one that died.
                if (now - candidate.Ref.UpdatedAt > AbandonAfter)
                {
                    deadRefs.Add(candidate);
                }
            }
            else if (row.Worklog.Version > candidate.Ref.Version)
            {
                deadRefs.Add(candidate);
            }
            else if (row.State == OwnerRowState.Committed)
            {
                live[i] = row.Worklog;
            }
            else
            {
                moving.Add((i, owner, row));
            }
        }

        if (moving.Count > 0)
        {
            var located = await LocateAsync(moving.Select(m => m.Row.Worklog.Id));
            foreach (var (index, owner, row) in moving)
            {
                var lives = located.TryGetValue(row.Worklog.Id, out var at) && at == owner;
                var worklog = row.Worklog;
                if (lives)
                {
                    live[index] = worklog;
                    if (row.State == OwnerRowState.Incoming)
                    {
                        // The move committed but was not settled: settle it for the next reader.
                        repairs.Add(Owner(owner).SettleAsync(worklog.Id, worklog.Version, keep: true));
                    }
                }
                else if (row.State == OwnerRowState.Outgoing || now - worklog.UpdatedAt > AbandonAfter)
                {
                    repairs.Add(Owner(owner).SettleAsync(worklog.Id, worklog.Version, keep: false));
                    deadRefs.Add(candidates[index]);
                }
            }
        }

        // Repair on read, before answering: only what is certainly dead goes (and only rarely is there any).
        repairs.AddRange(deadRefs.Where(c => c.Source.Index is not null).GroupBy(c => c.Source.Index!.Value)
            .Select(g => grains.Reference<IWorklogIndexGrain>(g.Key.GrainKey).RemoveAsync([.. g.Select(c => c.Ref)])));
        await Task.WhenAll(repairs);
        return [.. live.OfType<Worklog>()];
    }

    /// <summary>The rows these owners hold for these ids, by owner and id.</summary>
    public async Task<Dictionary<(OwnerPartition, long), OwnerRow>> FetchOwnerRowsAsync(IEnumerable<(OwnerPartition Owner, long Id)> keys)
    {
        var byOwner = keys.GroupBy(k => k.Owner).ToArray();
        var answers = await Task.WhenAll(byOwner.Select(g => Owner(g.Key).GetAsync([.. g.Select(k => k.Id).Distinct()])));
        var rows = new Dictionary<(OwnerPartition, long), OwnerRow>();
        for (var i = 0; i < byOwner.Length; i++)
        {
            foreach (var row in answers[i])
            {
                rows[(byOwner[i].Key, row.Worklog.Id)] = row;
            }
        }

        return rows;
    }

    /// <summary>Where the directory says these worklogs live; ids it doesn't know are left out.</summary>
    public async Task<Dictionary<long, OwnerPartition>> LocateAsync(IEnumerable<long> ids)
    {
        var answers = await Task.WhenAll(ids.Distinct().GroupBy(id => DirectoryKey.Of(tenant, id))
            .Select(g => grains.Reference<IWorklogDirectoryGrain>(g.Key.GrainKey).LocateAsync([.. g])));
        return answers.SelectMany(a => a).ToDictionary(l => l.Id, l => l.Owner);
    }

    private IWorklogOwnerGrain Owner(OwnerPartition partition) => grains.Reference<IWorklogOwnerGrain>(partition.GrainKey);

    private sealed record Candidate(WorklogRef Ref, OwnerRow? Row, QuerySource Source);

    private sealed class CandidateOrder(WorklogOrder order) : IComparer<Candidate>
    {
        public int Compare(Candidate? x, Candidate? y) => order.Compare(x?.Ref, y?.Ref);
    }
}
