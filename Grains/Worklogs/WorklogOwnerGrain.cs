using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Tempo.Grains.Interfaces.Worklogs;

namespace Tempo.Grains.Worklogs;

/// <summary>
/// One owner partition (an author's month): the truth about its worklogs. Its rows live in
/// <see cref="SegmentedRows{T}"/> of <see cref="SegmentCapacity"/> rows, so committing a worklog rewrites one small
/// segment, whatever the month holds; the grain's own state is the head (the segment count, and rows written before
/// segments existed, moved into segments on activation).
/// </summary>
[GrainType("worklog-owner")]
public sealed class WorklogOwnerGrain(
    [PersistentState("worklogOwner", StorageNames.Default)] IPersistentState<WorklogOwnerState> state) : Grain, IWorklogOwnerGrain
{
    /// <summary>Rows a segment holds before a new one starts (~400 bytes of JSON each).</summary>
    public const int SegmentCapacity = 8;

    private static readonly Func<OwnerRow, IWorklogEntry> EntryOf = r => r.Worklog;

    private SegmentedRows<OwnerRow> _rows = null!;
    private Func<int, Task>? _growHead;

    private ReadOnlySpan<OwnerRow> Rows => _rows.Rows;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _rows = new SegmentedRows<OwnerRow>(
            ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default),
            this.GetGrainId(),
            "worklogOwnerSeg",
            SegmentCapacity,
            r => (r.Worklog.Id, 0),
            r => SortKey.Of(r.Worklog));
        if (await _rows.LoadAsync(state.State.Segments, state.State.Rows))
        {
            await state.CommitAsync(new WorklogOwnerState { Segments = _rows.SegmentCount }, DeactivateOnIdle);
        }
    }

    public Task<int> CountAsync(PartitionFilter filter) => Task.FromResult(PartitionSlice.Count(Rows, EntryOf, filter));

    public Task<PartitionPage> PageAsync(PartitionFilter filter, WorklogOrder order, int skip, int take)
    {
        var (total, slice) = PartitionSlice.Slice(Rows, EntryOf, filter, order, skip, take);
        return Task.FromResult(new PartitionPage(total, [], slice));
    }

    public Task<ImmutableArray<OwnerRow>> GetAsync(ImmutableArray<long> ids)
    {
        var found = ImmutableArray.CreateBuilder<OwnerRow>(ids.Length);
        foreach (var id in ids.Distinct())
        {
            if (Find(id) is { } row)
            {
                found.Add(row);
            }
        }

        return Task.FromResult(found.DrainToImmutable());
    }

    public async Task InsertAsync(ImmutableArray<Worklog> worklogs)
    {
        if (worklogs.Length == 1)
        {
            if (IsNewer(worklogs[0]))
            {
                await SaveAsync([new OwnerRow(worklogs[0], OwnerRowState.Committed)], []);
            }

            return;
        }

        // A loop, not LINQ (Where, DistinctBy and Select were a bulk create's garbage here).
        var ids = new HashSet<long>(worklogs.Length);
        var added = new List<OwnerRow>(worklogs.Length);
        foreach (var worklog in worklogs)
        {
            if (IsNewer(worklog) && ids.Add(worklog.Id))
            {
                added.Add(new OwnerRow(worklog, OwnerRowState.Committed));
            }
        }

        if (added.Count > 0)
        {
            await SaveAsync(added, []);
        }
    }

    public Task PutAsync(Worklog worklog) => SaveAsync([new OwnerRow(worklog, OwnerRowState.Committed)], []);

    public Task PutIncomingAsync(Worklog worklog) => SaveAsync([new OwnerRow(worklog, OwnerRowState.Incoming)], []);

    public async Task MarkOutgoingAsync(long id, int version)
    {
        if (Find(id) is { } row && row.Worklog.Version == version && row.State != OwnerRowState.Outgoing)
        {
            await SaveAsync([row with { State = OwnerRowState.Outgoing }], []);
        }
    }

    public async Task SettleAsync(long id, int version, bool keep)
    {
        if (Find(id) is not { } row || row.Worklog.Version != version)
        {
            return;
        }

        if (keep && row.State != OwnerRowState.Committed)
        {
            await SaveAsync([row with { State = OwnerRowState.Committed }], []);
        }
        else if (!keep)
        {
            await SaveAsync([], [(id, 0)]);
        }
    }

    public async Task RemoveAsync(long id)
    {
        if (Find(id) is not null)
        {
            await SaveAsync([], [(id, 0)]);
        }
    }

    private OwnerRow? Find(long id) => _rows.TryFind((id, 0), out var row) ? row : null;

    private bool IsNewer(Worklog worklog) => Find(worklog.Id) is not { } row || row.Worklog.Version < worklog.Version;

    private async Task SaveAsync(IReadOnlyCollection<OwnerRow> upserts, IReadOnlyCollection<(long, int)> removals)
    {
        try
        {
            await _rows.WriteAsync(upserts, removals, _growHead ??= count => state.CommitAsync(state.State with { Segments = count }, DeactivateOnIdle));
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }
}
