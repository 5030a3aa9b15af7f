using Tempo.Grains.Interfaces.Plans;

namespace Tempo.Grains.Plans;

/// <summary>The truth of one assignee's plans: one row a plan, one write a change (docs/design/plans.md).</summary>
[GrainType("plan-assignee")]
public sealed class PlanAssigneeGrain(
    [PersistentState("planAssignee", StorageNames.Default)] IPersistentState<PlanAssigneeState> state) : Grain, IPlanAssigneeGrain
{
    public Task PutAsync(ImmutableArray<Plan> plans) =>
        state.CommitAsync(state.State with { Plans = state.State.Plans.SetItems(plans.Select(p => KeyValuePair.Create(p.Id, p))) }, DeactivateOnIdle);

    public Task RemoveAsync(int id) =>
        state.State.Plans.ContainsKey(id)
            ? state.CommitAsync(state.State with { Plans = state.State.Plans.Remove(id) }, DeactivateOnIdle)
            : Task.CompletedTask;

    public Task<ImmutableArray<Plan>> GetManyAsync(ImmutableArray<int> ids) =>
        Task.FromResult<ImmutableArray<Plan>>([.. ids.Distinct().Select(id => state.State.Plans.GetValueOrDefault(id)).OfType<Plan>()]);

    public Task<ImmutableArray<Plan>> QueryAsync(PlanQuery query) =>
        Task.FromResult<ImmutableArray<Plan>>([.. state.State.Plans.Values.Where(query.Matches)]);

    public Task<int> CountAsync() => Task.FromResult(state.State.Plans.Count);
}
