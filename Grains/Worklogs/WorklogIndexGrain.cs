using Tempo.Grains.Interfaces.Worklogs;

namespace Tempo.Grains.Worklogs;

[GrainType("worklog-index")]
public sealed class WorklogIndexGrain(
    [PersistentState("worklogIndex", StorageNames.Default)] IPersistentState<WorklogIndexState> state) : Grain, IWorklogIndexGrain
{
    private static readonly Func<WorklogRef, IWorklogEntry> EntryOf = r => r;

    public Task<int> CountAsync(PartitionFilter filter) => Task.FromResult(PartitionSlice.Count(state.State.Refs, EntryOf, filter));

    public Task<PartitionPage> PageAsync(PartitionFilter filter, WorklogOrder order, int skip, int take)
    {
        var (total, slice) = PartitionSlice.Slice(state.State.Refs, EntryOf, filter, order, skip, take);
        return Task.FromResult(new PartitionPage(total, slice, []));
    }

    public async Task StageAsync(ImmutableArray<WorklogRef> refs)
    {
        var current = state.State.Refs;
        var present = current.ToHashSet();
        var added = refs.Where(r => !present.Contains(r)).ToArray();
        if (added.Length == 0)
        {
            return;
        }

        var next = PartitionSlice.Upsert(current, added, r => (r.Id, r.Version), SortKey.Of);
        await state.CommitAsync(state.State with { Refs = next }, DeactivateOnIdle);
    }

    public async Task RemoveAsync(ImmutableArray<WorklogRef> refs)
    {
        var doomed = refs.Select(r => (r.Id, r.Version)).ToHashSet();
        var current = state.State.Refs;
        if (!current.Any(r => doomed.Contains((r.Id, r.Version))))
        {
            return;
        }

        await state.CommitAsync(state.State with { Refs = current.RemoveAll(r => doomed.Contains((r.Id, r.Version))) }, DeactivateOnIdle);
    }
}
