using Tempo.Grains.Interfaces.Worklogs;

namespace Tempo.Grains.Worklogs;

[GrainType("worklog-catalog")]
public sealed class WorklogCatalogGrain(
    [PersistentState("worklogCatalog", StorageNames.Default)] IPersistentState<WorklogCatalogState> state) : Grain, IWorklogCatalogGrain
{
    public Task<ImmutableArray<int>> GetBucketsAsync() => Task.FromResult(state.State.Buckets);

    public async Task EnsureAsync(ImmutableArray<int> buckets)
    {
        var known = state.State.Buckets;
        var added = buckets.Where(b => known.BinarySearch(b) < 0).Distinct().ToArray();
        if (added.Length == 0)
        {
            return;
        }

        await state.CommitAsync(state.State with { Buckets = [.. known.Concat(added).Order()] }, DeactivateOnIdle);
    }
}
