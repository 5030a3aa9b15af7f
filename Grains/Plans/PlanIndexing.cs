using Tempo.Grains.Interfaces.Plans;

namespace Tempo.Grains.Plans;

/// <summary>Which index partitions list a plan, and the grouped writes that add and remove its entries.</summary>
internal static class PlanIndexing
{
    /// <summary>For every month the plan's occurrences touch: its item's series and its shard of all plans.</summary>
    public static IEnumerable<string> Keys(TenantId tenant, Plan plan)
    {
        var item = PlanKeys.ItemSeries(plan.ItemType, plan.ItemId);
        var all = PlanKeys.AllSeries(plan.Id);
        foreach (var month in PlanRules.Months(plan))
        {
            yield return PlanKeys.Index(tenant, item, month);
            yield return PlanKeys.Index(tenant, all, month);
        }
    }

    /// <summary>Adds the plans' entries, each index partition written once.</summary>
    public static Task AddAsync(IGrainFactory grains, TenantId tenant, IEnumerable<Plan> plans) =>
        Task.WhenAll(plans
            .SelectMany(p => Keys(tenant, p).Select(key => (key, placement: new PlanPlacement(p.Id, p.Assignee))))
            .GroupBy(e => e.key, e => e.placement)
            .Select(g => grains.Reference<IPlanIndexGrain>(g.Key).AddAsync([.. g])));

    public static Task RemoveAsync(IGrainFactory grains, IEnumerable<string> keys, int planId) =>
        Task.WhenAll(keys.Distinct().Select(key => grains.Reference<IPlanIndexGrain>(key).RemoveAsync([planId])));
}
