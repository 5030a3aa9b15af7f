using System.Globalization;
using Orleans.Concurrency;
using Tempo.Grains.Interfaces.Accounts;
using Tempo.Grains.Interfaces.Paging;
using Tempo.Grains.Interfaces.Teams;
using Tempo.Grains.Interfaces.Worklogs;

namespace Tempo.Grains.Worklogs;

/// <summary>
/// The stateless coordinator of the Worklogs namespace, a worker on every silo. Each activation allocates ids from
/// a block of its own (so no grain is on every create's path), writes creates in crash-safe order, hands changes
/// to the directory that owns the id, and plans queries onto the partitions that can hold matches.
/// </summary>
[GrainType("worklogs")]
[StatelessWorker]
[Reentrant]
public sealed class WorklogsGrain(IGrainFactory grains, WorklogSeams seams, WorkAttributesCache attributes) : Grain, IWorklogsGrain
{
    private readonly WorklogSeams _seams = seams;
    private TenantId _tenant;
    private WorklogWrites _writes = null!;
    private readonly Queue<long> _spareBlocks = new();
    private long _nextId;
    private long _endId;

    private WorklogQueryEngine? _engine;

    private WorklogQueryEngine Engine => _engine ??= new(grains, _tenant, _seams.Time);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _tenant = WorklogGrainKeys.TenantOf(this.GetPrimaryKeyString());
        _writes = new WorklogWrites(grains, _tenant);
        return Task.CompletedTask;
    }

    // ---- Writes ----------------------------------------------------------------------------------------------

    public async Task<GrainResult<Worklog>> CreateAsync(WorklogDraft draft, bool bypassPeriodClosures)
    {
        if (await WorklogRules.CheckAttributesAsync(grains, attributes, _tenant, [draft.Attributes], requireRequired: true) is { } problem)
        {
            return GrainResult<Worklog>.Invalid(problem);
        }

        await using var admission = await _seams.AdmitAsync(_tenant, bypassPeriodClosures, [(draft.AuthorAccountId, draft.StartDate)]);
        if (admission.Closed)
        {
            return GrainResult<Worklog>.Forbidden(WorklogWriteErrors.PeriodClosed);
        }

        var worklogs = await BuildNewAsync([draft], WorklogIndexLayout.IdShards);
        await WriteNewAsync(worklogs);
        return GrainResult<Worklog>.Ok(worklogs[0]);
    }

    public async Task<GrainResult<ImmutableArray<Worklog>>> BulkCreateAsync(long issueId, ImmutableArray<WorklogDraft> drafts)
    {
        var bulkLock = grains.Reference<IWorklogBulkLockGrain>(WorklogGrainKeys.BulkLock(_tenant, issueId));
        var lease = Guid.NewGuid();
        if (!await bulkLock.TryAcquireAsync(lease))
        {
            return GrainResult<ImmutableArray<Worklog>>.Conflict($"A bulk create of worklogs for issue '{issueId}' is already running");
        }

        try
        {
            if (await WorklogRules.CheckAttributesAsync(grains, attributes, _tenant, [.. drafts.Select(d => d.Attributes)], requireRequired: true) is { } problem)
            {
                return GrainResult<ImmutableArray<Worklog>>.Invalid(problem);
            }

            var writes = new (string Author, DateOnly Day)[drafts.Length];
            for (var i = 0; i < drafts.Length; i++)
            {
                writes[i] = (drafts[i].AuthorAccountId, drafts[i].StartDate);
            }

            await using var admission = await _seams.AdmitAsync(_tenant, bypass: false, writes);
            if (admission.Closed)
            {
                return GrainResult<ImmutableArray<Worklog>>.Forbidden(WorklogWriteErrors.PeriodClosed);
            }

            var worklogs = await BuildNewAsync(drafts, WorklogIndexLayout.IssueShards, issueId);
            await _seams.StepAsync(WorklogWriteStep.BulkLocked, worklogs);
            await WriteNewAsync(worklogs);
            return GrainResult<ImmutableArray<Worklog>>.Ok(worklogs);
        }
        finally
        {
            await bulkLock.ReleaseAsync(lease);
        }
    }

    public async Task<GrainResult<ImmutableArray<Worklog>>> ImportAsync(ImmutableArray<WorklogDraft> drafts)
    {
        if (await WorklogRules.CheckAttributesAsync(grains, attributes, _tenant, [.. drafts.Select(d => d.Attributes)], requireRequired: true) is { } problem)
        {
            return GrainResult<ImmutableArray<Worklog>>.Invalid(problem);
        }

        var worklogs = await BuildNewAsync(drafts, WorklogIndexLayout.IssueShards);
        await WriteNewAsync(worklogs);
        return GrainResult<ImmutableArray<Worklog>>.Ok(worklogs);
    }

    public async Task<GrainResult<Worklog>> UpdateAsync(long id, WorklogDraft draft, bool bypassPeriodClosures)
    {
        if (await WorklogRules.CheckAttributesAsync(grains, attributes, _tenant, [draft.Attributes], requireRequired: true) is { } problem)
        {
            return GrainResult<Worklog>.Invalid(problem);
        }

        return await Directory(id).ChangeAsync(id, WorklogChange.Replace(draft, bypassPeriodClosures));
    }

    public Task<GrainResult<bool>> DeleteAsync(long id, bool bypassPeriodClosures) => Directory(id).DeleteAsync(id, bypassPeriodClosures);

    public async Task<GrainResult<bool>> AddAttributeValuesAsync(ImmutableArray<WorklogAttributeValues> values)
    {
        var merged = values.GroupBy(v => v.WorklogId).Select(g => new WorklogAttributeValues(g.Key, [.. g.SelectMany(v => v.Values)])).ToArray();
        var worklogs = (await GetManyAsync([.. merged.Select(m => m.WorklogId)])).ToDictionary(w => w.Id);
        if (merged.FirstOrDefault(m => !worklogs.ContainsKey(m.WorklogId)) is { } unknown)
        {
            return GrainResult<bool>.NotFound(WorklogDirectoryGrain.NotFound(unknown.WorklogId));
        }

        var known = (await attributes.GetAllAsync(_tenant)).Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
        if (merged.SelectMany(m => m.Values).FirstOrDefault(v => !known.Contains(v.Key)) is { } unknownKey)
        {
            return GrainResult<bool>.NotFound($"Work attribute '{unknownKey.Key}' not found");
        }

        foreach (var entry in merged)
        {
            if (entry.Values.FirstOrDefault(v => worklogs[entry.WorklogId].Attributes.Any(a => a.Key == v.Key)) is { } taken)
            {
                return GrainResult<bool>.Invalid($"'attributeValues': worklog '{entry.WorklogId}' already has a value for work attribute '{taken.Key}'.");
            }
        }

        if (await WorklogRules.CheckAttributesAsync(grains, attributes, _tenant, [.. merged.Select(m => m.Values)], requireRequired: false) is { } problem)
        {
            return GrainResult<bool>.Invalid(problem);
        }

        var results = await Task.WhenAll(merged.Select(m => Directory(m.WorklogId).ChangeAsync(m.WorklogId, WorklogChange.AddAttributes(m.Values))));
        return results.FirstOrDefault(r => r.Status != ResultStatus.Ok) is { } failed ? failed.As<bool>() : GrainResult.Done;
    }

    /// <summary>
    /// Version 1 of new worklogs: fresh ids, each issue's project, one creation instant. A bulk create passes its
    /// path's <paramref name="issueId"/>, which every worklog gets instead of its draft's. <paramref name="layout"/>: a
    /// create of one worklog places it by its id in the day index (concurrent creates, whose ids are consecutive,
    /// spread over all eight shards of a day); a bulk create or an import by its issue (a bulk's worklogs of a day go
    /// to one shard).
    /// </summary>
    private async Task<ImmutableArray<Worklog>> BuildNewAsync(ImmutableArray<WorklogDraft> drafts, WorklogIndexLayout layout, long? issueId = null)
    {
        var projects = new Dictionary<long, long?>();
        foreach (var draft in drafts)
        {
            var issue = issueId ?? draft.IssueId;
            if (!projects.ContainsKey(issue))
            {
                projects[issue] = await _seams.IssueProjects.ProjectOfAsync(issue);
            }
        }

        var ids = await AllocateAsync(drafts.Length);
        var now = _seams.Time.GetUtcNow();
        var worklogs = ImmutableArray.CreateBuilder<Worklog>(drafts.Length);
        for (var i = 0; i < drafts.Length; i++)
        {
            var issue = issueId ?? drafts[i].IssueId;
            worklogs.Add(WorklogRules.Build(ids[i], 1, drafts[i], issue, projects[issue], now, _seams, layout));
        }

        return worklogs.MoveToImmutable();
    }

    /// <summary>
    /// A create's steps, each idempotent, in an order where a crash between any two leaves nothing visible that
    /// wasn't committed: catalogs, directory and index refs (independent of each other, so written at once), and
    /// last the owner rows (the commit). The test seam sees the three staging steps after all of them are written.
    /// </summary>
    private async Task WriteNewAsync(ImmutableArray<Worklog> worklogs)
    {
        await Task.WhenAll(
            _writes.EnsureCatalogsAsync(worklogs),
            _writes.RegisterAsync(worklogs),
            _writes.StageRefsAsync(worklogs));
        await _seams.StepAsync(WorklogWriteStep.CatalogsEnsured, worklogs);
        await _seams.StepAsync(WorklogWriteStep.DirectoryRegistered, worklogs);
        await _seams.StepAsync(WorklogWriteStep.IndexesStaged, worklogs);
        await _writes.InsertOwnersAsync(worklogs);
        await _seams.StepAsync(WorklogWriteStep.Committed, worklogs);
    }

    /// <summary>Ids from this activation's block; a new block (one write on the counter) every thousand.</summary>
    private async Task<long[]> AllocateAsync(int count)
    {
        var ids = new long[count];
        var filled = 0;
        while (filled < count)
        {
            if (_nextId >= _endId)
            {
                // Reentrant: another call may refill while this one waits, so a fetched block may become a spare.
                var block = _spareBlocks.Count > 0 ? _spareBlocks.Dequeue() : await grains.Reference<IWorklogIdBlocksGrain>(WorklogGrainKeys.IdBlocks(_tenant)).NextBlockAsync();
                if (_nextId < _endId)
                {
                    _spareBlocks.Enqueue(block);
                }
                else
                {
                    _nextId = block * WorklogIds.BlockSize;
                    _endId = _nextId + WorklogIds.BlockSize;
                }

                continue;
            }

            ids[filled++] = _nextId++;
        }

        return ids;
    }

    // ---- Reads -----------------------------------------------------------------------------------------------

    public async Task<Worklog?> GetAsync(long id) => (await GetManyAsync([id])).FirstOrDefault();

    public async Task<ImmutableArray<Worklog>> GetManyAsync(ImmutableArray<long> ids)
    {
        var wanted = ids.Where(id => id > 0).Distinct().ToArray();
        var located = await Engine.LocateAsync(wanted);
        var rows = await Engine.FetchOwnerRowsAsync(located.Select(l => (l.Value, l.Key)));
        return [.. wanted
            .Where(id => located.ContainsKey(id) && rows.ContainsKey((located[id], id)))
            .Select(id => rows[(located[id], id)].Worklog)];
    }

    public async Task<Page<WorklogIdPair>> JiraToTempoAsync(ImmutableArray<long> jiraWorklogIds, PageRequest page)
    {
        var worklogs = await GetManyAsync([.. jiraWorklogIds.Select(JiraWorklogIds.ToTempo).OfType<long>()]);
        return page.Of(worklogs.Select(w => new WorklogIdPair(w.Id, w.JiraWorklogId)));
    }

    public async Task<Page<WorklogIdPair>> TempoToJiraAsync(ImmutableArray<long> tempoWorklogIds, PageRequest page)
    {
        var worklogs = await GetManyAsync(tempoWorklogIds);
        return page.Of(worklogs.Select(w => new WorklogIdPair(w.Id, w.JiraWorklogId)));
    }

    public async Task<GrainResult<Page<Worklog>>> QueryAsync(WorklogQuery query)
    {
        var filter = new PartitionFilter(query.From, query.To, query.UpdatedFrom, query.AuthorIds, query.IssueIds, query.ProjectIds);
        IReadOnlyList<QuerySource> sources;
        if (query.TeamId is { } teamId)
        {
            var memberships = await grains.GetTeamsGrain(_tenant).GetTeamMembershipsAsync(teamId);
            if (memberships.Status != ResultStatus.Ok)
            {
                return GrainResult<Page<Worklog>>.NotFound($"Team '{teamId}' not found");
            }

            sources = await TeamSourcesAsync(memberships.Value.Select(m => m.Membership), filter);
        }
        else if (!query.IssueIds.IsDefaultOrEmpty)
        {
            sources = await IndexSourcesAsync(WorklogIndexKind.Issue, query.IssueIds.Select(Text), filter);
        }
        else if (!query.AuthorIds.IsDefaultOrEmpty)
        {
            sources = await OwnerSourcesAsync(query.AuthorIds.Select(a => (a, filter)));
        }
        else if (query.AccountKey is { } accountKey)
        {
            if (await grains.GetAccountsGrain(_tenant).GetAccountByKeyAsync(accountKey) is null)
            {
                return GrainResult<Page<Worklog>>.NotFound($"Account '{accountKey}' not found");
            }

            sources = await IndexSourcesAsync(WorklogIndexKind.Account, [accountKey], filter);
        }
        else if (!query.ProjectIds.IsDefaultOrEmpty)
        {
            sources = await IndexSourcesAsync(WorklogIndexKind.Project, query.ProjectIds.Select(Text), filter);
        }
        else
        {
            sources = await IndexSourcesAsync(WorklogIndexKind.Day, [WorklogIndexKinds.All], filter);
        }

        var groups = sources
            .GroupBy(s => s.Index?.Bucket ?? s.Owner!.Value.Month)
            .OrderBy(g => g.Key)
            .Select(g => new QueryGroup(g.Key, [.. g]))
            .ToArray();
        return GrainResult<Page<Worklog>>.Ok(await Engine.RunAsync(groups, query.Order, query.Page));
    }

    /// <summary>Every partition of these index values whose bucket overlaps the date range, as the catalogs know them.</summary>
    private async Task<IReadOnlyList<QuerySource>> IndexSourcesAsync(WorklogIndexKind kind, IEnumerable<string> values, PartitionFilter filter)
    {
        var granularity = WorklogIndexKinds.Granularity(kind);
        var shards = WorklogIndexKinds.Shards(kind);
        var distinct = values.Distinct().ToArray();
        var buckets = await Task.WhenAll(distinct.Select(v => Catalog(CatalogKey.ForIndex(_tenant, kind, v)).GetBucketsAsync()));
        return [.. distinct.Zip(buckets).SelectMany(p => p.Second
            .Where(b => Buckets.Overlaps(b, granularity, filter.From, filter.To))
            .SelectMany(b => Enumerable.Range(0, shards).Select(shard =>
            {
                var partition = new IndexPartition(_tenant, kind, p.First, b, shard);
                return new QuerySource(grains.Reference<IWorklogIndexGrain>(partition.GrainKey), partition, null, filter);
            })))];
    }

    /// <summary>The owner partitions of these authors (each with its own filter) that overlap the date range.</summary>
    private async Task<IReadOnlyList<QuerySource>> OwnerSourcesAsync(IEnumerable<(string Author, PartitionFilter Filter)> authors)
    {
        var list = authors.Distinct().ToArray();
        var buckets = await Task.WhenAll(list.Select(a => Catalog(CatalogKey.ForAuthor(_tenant, a.Author)).GetBucketsAsync()));
        return [.. list.Zip(buckets).SelectMany(p => p.Second
            .Where(month => Buckets.Overlaps(month, BucketGranularity.Month, p.First.Filter.From, p.First.Filter.To))
            .Select(month =>
            {
                var owner = new OwnerPartition(_tenant, p.First.Author, month);
                return new QuerySource(grains.Reference<IWorklogOwnerGrain>(owner.GrainKey), null, owner, p.First.Filter);
            }))];
    }

    /// <summary>A team's worklogs: each member's, within the days of their membership and the requested range.</summary>
    private Task<IReadOnlyList<QuerySource>> TeamSourcesAsync(IEnumerable<TeamMembership> memberships, PartitionFilter filter) =>
        OwnerSourcesAsync(memberships
            .Select(m => (m.AccountId, From: Later(m.From, filter.From), To: Earlier(m.To, filter.To)))
            .Where(w => w.From is not { } from || w.To is not { } to || from <= to)
            .Select(w => (w.AccountId, filter with { From = w.From, To = w.To })));

    private static DateOnly? Later(DateOnly? a, DateOnly? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static DateOnly? Earlier(DateOnly? a, DateOnly? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private IWorklogCatalogGrain Catalog(CatalogKey key) => grains.Reference<IWorklogCatalogGrain>(key.GrainKey);

    private IWorklogDirectoryGrain Directory(long id) => grains.Reference<IWorklogDirectoryGrain>(DirectoryKey.Of(_tenant, id).GrainKey);
}
