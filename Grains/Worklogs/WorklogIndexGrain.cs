using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Tempo.Grains.Interfaces.Worklogs;

namespace Tempo.Grains.Worklogs;

/// <summary>
/// One index partition. Its refs live in <see cref="SegmentedRows{T}"/> of <see cref="SegmentCapacity"/> refs, so
/// staging a ref rewrites one small segment, whatever the partition holds; the grain's own state is the head (the
/// segment count, and refs written before segments existed, moved into segments on activation).
/// </summary>
[GrainType("worklog-index")]
public sealed class WorklogIndexGrain(
    [PersistentState("worklogIndex", StorageNames.Default)] IPersistentState<WorklogIndexState> state) : Grain, IWorklogIndexGrain
{
    /// <summary>Refs a segment holds before a new one starts (~190 bytes of JSON each).</summary>
    public const int SegmentCapacity = 16;

    private static readonly Func<WorklogRef, IWorklogEntry> EntryOf = r => r;

    private SegmentedRows<WorklogRef> _refs = null!;
    private Func<int, Task>? _growHead;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _refs = new SegmentedRows<WorklogRef>(
            ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default),
            this.GetGrainId(),
            "worklogIndexSeg",
            SegmentCapacity,
            r => (r.Id, r.Version),
            SortKey.Of);
        if (await _refs.LoadAsync(state.State.Segments, state.State.Refs))
        {
            await state.CommitAsync(new WorklogIndexState { Segments = _refs.SegmentCount }, DeactivateOnIdle);
        }
    }

    public Task<int> CountAsync(PartitionFilter filter) => Task.FromResult(PartitionSlice.Count(_refs.Rows, EntryOf, filter));

    public Task<PartitionPage> PageAsync(PartitionFilter filter, WorklogOrder order, int skip, int take)
    {
        var (total, slice) = PartitionSlice.Slice(_refs.Rows, EntryOf, filter, order, skip, take);
        return Task.FromResult(new PartitionPage(total, slice, []));
    }

    public async Task StageAsync(ImmutableArray<WorklogRef> refs)
    {
        var added = _refs.Missing(refs);
        if (added.Count > 0)
        {
            await WriteAsync(added, []);
        }
    }

    public async Task RemoveAsync(ImmutableArray<WorklogRef> refs)
    {
        var doomed = refs.Select(r => (r.Id, r.Version)).Where(_refs.Contains).Distinct().ToArray();
        if (doomed.Length > 0)
        {
            await WriteAsync([], doomed);
        }
    }

    private async Task WriteAsync(IReadOnlyCollection<WorklogRef> upserts, IReadOnlyCollection<(long, int)> removals)
    {
        try
        {
            await _refs.WriteAsync(upserts, removals, _growHead ??= count => state.CommitAsync(state.State with { Segments = count }, DeactivateOnIdle));
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }
}
