using Tempo.Grains.Interfaces.Plans;

namespace Tempo.Grains.Plans;

/// <summary>
/// Plan id to assignee for one block of ids, and the lock of each plan's changes: a change runs in this grain's turn.
/// Order of a change: new index entries, then the partition write (the commit; a move to another assignee: new
/// partition, directory flip, old partition), then the entries the plan no longer has go. Readers check entries
/// against the partitions, so a crash between steps leaves at most stale entries that nothing shows.
/// </summary>
[GrainType("plan-directory")]
public sealed class PlanDirectoryGrain(
    [PersistentState("planDirectory", StorageNames.Default)] IPersistentState<PlanDirectoryState> state) : Grain, IPlanDirectoryGrain
{
    private TenantId Tenant => TenantId.FromKey(this.GetPrimaryKeyString(), PlanKeys.DirectoryKind).Tenant;

    public Task SetManyAsync(ImmutableArray<PlanPlacement> placements) =>
        state.CommitAsync(state.State with { Assignees = state.State.Assignees.SetItems(placements.Select(p => KeyValuePair.Create(p.Id, p.Assignee))) }, DeactivateOnIdle);

    public Task<ImmutableArray<PlanPlacement>> GetManyAsync(ImmutableArray<int> ids) =>
        Task.FromResult<ImmutableArray<PlanPlacement>>([.. ids.Distinct()
            .Select(id => state.State.Assignees.TryGetValue(id, out var a) ? new PlanPlacement(id, a) : null)
            .OfType<PlanPlacement>()]);

    public async Task<GrainResult<Plan?>> ChangeAsync(int id, PlanChange change)
    {
        if (!state.State.Assignees.TryGetValue(id, out var assignee))
        {
            return GrainResult<Plan?>.NotFound(NotFound(id));
        }

        var tenant = Tenant;
        var oldPartition = GrainFactory.GetPlanAssigneeGrain(tenant, assignee);
        var current = (await oldPartition.GetManyAsync([id])).FirstOrDefault();
        if (current is null)
        {
            return GrainResult<Plan?>.NotFound(NotFound(id));
        }

        var applied = PlanChanges.Apply(current, change);
        if (!applied.IsOk)
        {
            return applied;
        }

        var oldKeys = PlanIndexing.Keys(tenant, current).ToHashSet();
        if (applied.Value is not { } next)
        {
            await oldPartition.RemoveAsync(id);
            await state.CommitAsync(state.State with { Assignees = state.State.Assignees.Remove(id) }, DeactivateOnIdle);
            await PlanIndexing.RemoveAsync(GrainFactory, oldKeys, id);
            return applied;
        }

        await PlanIndexing.AddAsync(GrainFactory, tenant, [next]);
        if (next.Assignee == assignee)
        {
            await oldPartition.PutAsync([next]);
        }
        else
        {
            await GrainFactory.GetPlanAssigneeGrain(tenant, next.Assignee).PutAsync([next]);
            await state.CommitAsync(state.State with { Assignees = state.State.Assignees.SetItem(id, next.Assignee) }, DeactivateOnIdle);
            await oldPartition.RemoveAsync(id);
        }

        oldKeys.ExceptWith(PlanIndexing.Keys(tenant, next));
        await PlanIndexing.RemoveAsync(GrainFactory, oldKeys, id);
        return applied;
    }

    private static string NotFound(int id) => $"Plan '{id}' not found";
}
