using System.Globalization;
using Orleans.Concurrency;
using Tempo.Grains.Interfaces.Paging;
using Tempo.Grains.Interfaces.Plans;
using Tempo.Grains.Interfaces.Schemes;

namespace Tempo.Grains.Plans;

/// <summary>
/// The stateless coordinator of the Plans namespace, a worker on every silo. Each activation allocates ids from a
/// block of its own, writes creates in crash-safe order (directory and index entries first, the assignee's partition
/// last: the commit), hands changes to the directory that owns the id, drives queries onto the partitions that can
/// hold matches, and computes totals from the assignees' schedules on every read, so nothing stored goes stale.
/// </summary>
[GrainType("plans")]
[StatelessWorker]
[Reentrant]
public sealed class PlansGrain(IGrainFactory grains, TimeProvider time) : Grain, IPlansGrain
{
    private readonly Queue<int> _spareBlocks = new();
    private int _nextId;
    private int _endId;

    private TenantId Tenant => TenantId.FromKey(this.GetPrimaryKeyString(), PlanKeys.PlansKind).Tenant;

    public async Task<GrainResult<PlanView>> CreateAsync(PlanDraft draft, string creatorId)
    {
        var created = await CreateManyAsync([draft], creatorId);
        if (!created.IsOk)
        {
            return created.As<PlanView>();
        }

        return await GetAsync(created.Value[0], null, null) is { } view
            ? GrainResult<PlanView>.Ok(view)
            : throw new InvalidOperationException("A created plan is missing from its partition.");
    }

    public async Task<GrainResult<ImmutableArray<int>>> CreateManyAsync(ImmutableArray<PlanDraft> drafts, string creatorId)
    {
        if (await ProblemAsync(drafts) is { } problem)
        {
            return GrainResult<ImmutableArray<int>>.Invalid(problem);
        }

        var tenant = Tenant;
        var ids = await AllocateAsync(drafts.Length);
        var now = time.GetUtcNow();
        var plans = drafts.Select((d, i) => PlanChanges.FromDraft(ids[i], d, creatorId, now, now, creatorId, null)).ToList();

        await Task.WhenAll(
            PlanIndexing.AddAsync(grains, tenant, plans),
            Task.WhenAll(plans.GroupBy(p => PlanKeys.Directory(tenant, p.Id))
                .Select(g => grains.Reference<IPlanDirectoryGrain>(g.Key).SetManyAsync([.. g.Select(p => new PlanPlacement(p.Id, p.Assignee))]))));
        await Task.WhenAll(plans.GroupBy(p => p.Assignee).Select(g => grains.GetPlanAssigneeGrain(tenant, g.Key).PutAsync([.. g])));
        return GrainResult<ImmutableArray<int>>.Ok([.. ids]);
    }

    public async Task<PlanView?> GetAsync(int id, DateOnly? from, DateOnly? to)
    {
        var tenant = Tenant;
        var placement = (await grains.Reference<IPlanDirectoryGrain>(PlanKeys.Directory(tenant, id)).GetManyAsync([id])).FirstOrDefault();
        if (placement is null)
        {
            return null;
        }

        var plan = (await grains.GetPlanAssigneeGrain(tenant, placement.Assignee).GetManyAsync([id])).FirstOrDefault();
        return plan is null ? null : (await ViewsAsync([plan], from, to, breakdown: true))[0];
    }

    public async Task<GrainResult<PlanView>> UpdateAsync(int id, PlanDraft draft, string actorId)
    {
        if (await ProblemAsync([draft]) is { } problem)
        {
            return GrainResult<PlanView>.Invalid(problem);
        }

        return await ChangeAsync(id, new PlanChange(PlanChangeKind.Replace, draft, default, null, actorId, time.GetUtcNow()));
    }

    public Task<GrainResult<PlanView>> UpdateDayAsync(int id, DateOnly day, long seconds, string actorId) =>
        ChangeAsync(id, new PlanChange(PlanChangeKind.SetDay, null, day, seconds, actorId, time.GetUtcNow()));

    public async Task<GrainResult<bool>> DeleteDayAsync(int id, DateOnly day, string actorId)
    {
        var changed = await grains.Reference<IPlanDirectoryGrain>(PlanKeys.Directory(Tenant, id))
            .ChangeAsync(id, new PlanChange(PlanChangeKind.RemoveDay, null, day, null, actorId, time.GetUtcNow()));
        return changed.IsOk ? GrainResult.Done : changed.As<bool>();
    }

    public async Task<GrainResult<bool>> DeleteAsync(int id)
    {
        var changed = await grains.Reference<IPlanDirectoryGrain>(PlanKeys.Directory(Tenant, id))
            .ChangeAsync(id, new PlanChange(PlanChangeKind.Delete, null, default, null, string.Empty, time.GetUtcNow()));
        return changed.IsOk ? GrainResult.Done : changed.As<bool>();
    }

    public async Task<Page<PlanView>> QueryAsync(PlanQuery query, PageRequest page)
    {
        var matches = (await CandidatesAsync(query))
            .Where(query.Matches)
            .GroupBy(p => p.Id)
            .Select(g => g.MaxBy(p => p.UpdatedAt)!) // a plan seen in two partitions mid-move: the newer one
            .OrderBy(p => p.Id);
        var slice = page.Of(matches);
        var views = await ViewsAsync(slice.Items, query.From, query.To, query.Breakdown);
        return new Page<PlanView>(views, slice.HasMore);
    }

    /// <summary>
    /// The plans a query can match, from its most selective filter: plan ids (the directory), assignees (their
    /// partitions), plan items (the item's month index), else every plan's month index, each over the months of
    /// from..to only.
    /// </summary>
    private async Task<IEnumerable<Plan>> CandidatesAsync(PlanQuery query)
    {
        var tenant = Tenant;
        if (!query.PlanIds.IsDefaultOrEmpty)
        {
            var placements = await Task.WhenAll(query.PlanIds.Distinct().GroupBy(id => PlanKeys.Directory(tenant, id))
                .Select(g => grains.Reference<IPlanDirectoryGrain>(g.Key).GetManyAsync([.. g])));
            return await ResolveAsync(placements.SelectMany(p => p));
        }

        var assignees = (query.AccountIds.IsDefault ? [] : query.AccountIds).Select(a => new PlanAssignee(PlanAssigneeType.User, a))
            .Concat((query.GenericResourceIds.IsDefault ? [] : query.GenericResourceIds).Select(g => new PlanAssignee(PlanAssigneeType.Generic, g.ToString(CultureInfo.InvariantCulture))))
            .Distinct()
            .ToList();
        if (assignees.Count > 0)
        {
            var found = await Task.WhenAll(assignees.Select(a => grains.GetPlanAssigneeGrain(tenant, a).QueryAsync(query)));
            return found.SelectMany(p => p);
        }

        if (query.From is not { } from || query.To is not { } to)
        {
            return []; // the HTTP edge requires from and to for every query that reaches an index
        }

        var series = ItemSeries(query);
        if (series.Count == 0)
        {
            series = [.. Enumerable.Range(0, PlanKeys.AllShards).Select(PlanKeys.AllSeries)];
        }

        var months = PlanRules.MonthsBetween(from, to).ToList();
        var entries = await Task.WhenAll(series.SelectMany(s => months.Select(m => grains.Reference<IPlanIndexGrain>(PlanKeys.Index(tenant, s, m)).ListAsync())));
        return await ResolveAsync(entries.SelectMany(e => e).DistinctBy(p => p.Id));
    }

    private static List<string> ItemSeries(PlanQuery query)
    {
        var series = new List<string>();
        series.AddRange((query.IssueIds.IsDefault ? [] : query.IssueIds).Select(id => PlanKeys.ItemSeries(PlanItemType.Issue, id)));
        series.AddRange((query.ProjectIds.IsDefault ? [] : query.ProjectIds).Select(id => PlanKeys.ItemSeries(PlanItemType.Project, id)));
        if (!query.ItemIds.IsDefaultOrEmpty)
        {
            var types = query.ItemTypes.IsDefaultOrEmpty ? [PlanItemType.Issue, PlanItemType.Project] : query.ItemTypes;
            series.AddRange(query.ItemIds.SelectMany(id => types.Select(t => PlanKeys.ItemSeries(t, id))));
        }

        return [.. series.Distinct()];
    }

    /// <summary>The plans behind directory or index entries, from their partitions (the truth), one call a partition.</summary>
    private async Task<IEnumerable<Plan>> ResolveAsync(IEnumerable<PlanPlacement> placements)
    {
        var tenant = Tenant;
        var found = await Task.WhenAll(placements.GroupBy(p => p.Assignee)
            .Select(g => grains.GetPlanAssigneeGrain(tenant, g.Key).GetManyAsync([.. g.Select(p => p.Id)])));
        return found.SelectMany(p => p);
    }

    /// <summary>
    /// The plans as read now: each assignee's schedule over its plans' span (a user's from the Schemes scope, a
    /// generic resource's the tenant's default workload scheme) decides which days count.
    /// </summary>
    private async Task<ImmutableArray<PlanView>> ViewsAsync(IReadOnlyList<Plan> plans, DateOnly? from, DateOnly? to, bool breakdown)
    {
        var tenant = Tenant;
        var works = new Dictionary<PlanAssignee, Func<DateOnly, bool>>();
        var counted = plans.Where(p => !p.IncludeNonWorkingDays).ToList();
        var users = counted.Where(p => p.Assignee.Type == PlanAssigneeType.User).GroupBy(p => p.Assignee)
            .Select(async g => (g.Key, Days: await WorkingDaysAsync(
                grains.Reference<IUserScheduleGrain>(SchemesGrainKeys.User(tenant, g.Key.Id)), g.Min(p => p.Start), g.Max(PlanRules.LastDay))))
            .ToList();
        if (counted.Any(p => p.Assignee.Type == PlanAssigneeType.Generic))
        {
            var workload = (await grains.Reference<ISchemesGrain>(SchemesGrainKeys.For(tenant)).GetScheduleBasisAsync(null, null)).Workload;
            foreach (var generic in counted.Select(p => p.Assignee).Where(a => a.Type == PlanAssigneeType.Generic).Distinct())
            {
                works[generic] = d => workload.SecondsOn(d) > 0;
            }
        }

        foreach (var (assignee, days) in await Task.WhenAll(users))
        {
            works[assignee] = days.Contains;
        }

        return [.. plans.Select(p =>
        {
            var view = PlanRules.Compute(p, works.GetValueOrDefault(p.Assignee) ?? (_ => false), from, to);
            return breakdown ? view : view with { Days = [], Periods = [] };
        })];
    }

    private static async Task<HashSet<DateOnly>> WorkingDaysAsync(IUserScheduleGrain schedule, DateOnly first, DateOnly last)
    {
        var working = new HashSet<DateOnly>();
        for (var start = first; start <= last; start = start.AddDays(ScheduleRules.MaxScheduleDays))
        {
            var end = start.AddDays(ScheduleRules.MaxScheduleDays - 1);
            var days = await schedule.GetScheduleAsync(start, end < last ? end : last);
            foreach (var day in days.IsOk ? days.Value : [])
            {
                if (PlanRules.Works(day))
                {
                    working.Add(day.Date);
                }
            }
        }

        return working;
    }

    /// <summary>Why the drafts can't be written (the first problem), or null: dates and effort, and generic assignees that exist.</summary>
    private async Task<string?> ProblemAsync(ImmutableArray<PlanDraft> drafts)
    {
        foreach (var draft in drafts)
        {
            if (PlanRules.DraftProblem(draft) is { } problem)
            {
                return problem;
            }
        }

        var generic = drafts.Where(d => d.Assignee.Type == PlanAssigneeType.Generic).Select(d => d.Assignee).Distinct().ToList();
        if (generic.Count == 0)
        {
            return null;
        }

        var resources = grains.GetGenericResourcesGrain(Tenant);
        foreach (var assignee in generic)
        {
            if (assignee.GenericResourceId is not { } id || await resources.GetAsync(id) is null)
            {
                return $"Generic resource '{assignee.Id}' does not exist.";
            }
        }

        return null;
    }

    private async Task<GrainResult<PlanView>> ChangeAsync(int id, PlanChange change)
    {
        var changed = await grains.Reference<IPlanDirectoryGrain>(PlanKeys.Directory(Tenant, id)).ChangeAsync(id, change);
        if (!changed.IsOk || changed.Value is not { } plan)
        {
            return changed.As<PlanView>();
        }

        return GrainResult<PlanView>.Ok((await ViewsAsync([plan], null, null, breakdown: true))[0]);
    }

    /// <summary>Ids from this activation's block; a new block (one write on the counter) every thousand.</summary>
    private async Task<int[]> AllocateAsync(int count)
    {
        var ids = new int[count];
        var filled = 0;
        while (filled < count)
        {
            if (_nextId >= _endId)
            {
                // Reentrant: another call may refill while this one waits, so a fetched block may become a spare.
                var block = _spareBlocks.Count > 0 ? _spareBlocks.Dequeue() : await grains.Reference<IPlanIdBlocksGrain>(PlanKeys.IdBlocks(Tenant)).NextBlockAsync();
                if (_nextId < _endId)
                {
                    _spareBlocks.Enqueue(block);
                }
                else
                {
                    _nextId = block * PlanKeys.IdBlock;
                    _endId = _nextId + PlanKeys.IdBlock;
                }

                continue;
            }

            ids[filled++] = _nextId++;
        }

        return ids;
    }
}
