using Tempo.Grains.Interfaces.Plans;

namespace Tempo.Grains.Plans;

/// <summary>One month of one series of plans (an issue's, a project's, a shard of all): plan id to assignee.</summary>
[GrainType("plan-index")]
public sealed class PlanIndexGrain(
    [PersistentState("planIndex", StorageNames.Default)] IPersistentState<PlanIndexState> state) : Grain, IPlanIndexGrain
{
    public Task AddAsync(ImmutableArray<PlanPlacement> placements)
    {
        var entries = state.State.Entries;
        var next = entries.SetItems(placements.Select(p => KeyValuePair.Create(p.Id, p.Assignee)));
        return next == entries || (next.Count == entries.Count && placements.All(p => entries.GetValueOrDefault(p.Id) == p.Assignee))
            ? Task.CompletedTask
            : state.CommitAsync(state.State with { Entries = next }, DeactivateOnIdle);
    }

    public Task RemoveAsync(ImmutableArray<int> ids) =>
        ids.Any(state.State.Entries.ContainsKey)
            ? state.CommitAsync(state.State with { Entries = state.State.Entries.RemoveRange(ids) }, DeactivateOnIdle)
            : Task.CompletedTask;

    public Task<ImmutableArray<PlanPlacement>> ListAsync() =>
        Task.FromResult<ImmutableArray<PlanPlacement>>([.. state.State.Entries.Select(e => new PlanPlacement(e.Key, e.Value))]);
}
