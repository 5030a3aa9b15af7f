using Tempo.Grains.Interfaces.Worklogs;

namespace Tempo.Grains.Worklogs;

[GrainType("worklog-owner")]
public sealed class WorklogOwnerGrain(
    [PersistentState("worklogOwner", StorageNames.Default)] IPersistentState<WorklogOwnerState> state) : Grain, IWorklogOwnerGrain
{
    private static readonly Func<OwnerRow, IWorklogEntry> EntryOf = r => r.Worklog;

    private ImmutableArray<OwnerRow> Rows => state.State.Rows;

    public Task<int> CountAsync(PartitionFilter filter) => Task.FromResult(PartitionSlice.Count(Rows, EntryOf, filter));

    public Task<PartitionPage> PageAsync(PartitionFilter filter, WorklogOrder order, int skip, int take)
    {
        var (total, slice) = PartitionSlice.Slice(Rows, EntryOf, filter, order, skip, take);
        return Task.FromResult(new PartitionPage(total, [], slice));
    }

    public Task<ImmutableArray<OwnerRow>> GetAsync(ImmutableArray<long> ids)
    {
        var wanted = ids.ToHashSet();
        return Task.FromResult<ImmutableArray<OwnerRow>>([.. Rows.Where(r => wanted.Contains(r.Worklog.Id))]);
    }

    public async Task InsertAsync(ImmutableArray<Worklog> worklogs)
    {
        var added = worklogs.Where(w => !Rows.Any(r => r.Worklog.Id == w.Id && r.Worklog.Version >= w.Version)).ToArray();
        if (added.Length > 0)
        {
            await SaveAsync(Upsert([.. added.Select(w => new OwnerRow(w, OwnerRowState.Committed))]));
        }
    }

    public Task PutAsync(Worklog worklog) => SaveAsync(Upsert([new OwnerRow(worklog, OwnerRowState.Committed)]));

    public Task PutIncomingAsync(Worklog worklog) => SaveAsync(Upsert([new OwnerRow(worklog, OwnerRowState.Incoming)]));

    public async Task MarkOutgoingAsync(long id, int version)
    {
        if (Find(id) is { } row && row.Worklog.Version == version && row.State != OwnerRowState.Outgoing)
        {
            await SaveAsync(Upsert([row with { State = OwnerRowState.Outgoing }]));
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
            await SaveAsync(Upsert([row with { State = OwnerRowState.Committed }]));
        }
        else if (!keep)
        {
            await SaveAsync(Rows.Remove(row));
        }
    }

    public async Task RemoveAsync(long id)
    {
        if (Find(id) is { } row)
        {
            await SaveAsync(Rows.Remove(row));
        }
    }

    private OwnerRow? Find(long id)
    {
        foreach (var row in Rows)
        {
            if (row.Worklog.Id == id)
            {
                return row;
            }
        }

        return null;
    }

    private ImmutableArray<OwnerRow> Upsert(IReadOnlyCollection<OwnerRow> rows) =>
        PartitionSlice.Upsert(Rows, rows, r => (r.Worklog.Id, 0), r => SortKey.Of(r.Worklog));

    private Task SaveAsync(ImmutableArray<OwnerRow> rows) => state.CommitAsync(state.State with { Rows = rows }, DeactivateOnIdle);
}
