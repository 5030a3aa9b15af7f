using Tempo.Grains.Leasing;
using Tempo.Grains.Interfaces.Worklogs;

namespace Tempo.Grains.Worklogs;

/// <summary>
/// This silo's copy of each tenant's work attributes, leased from the tenant's <see cref="IWorkAttributesGrain"/>, so a
/// worklog write checks its values with no grain call. The copy is used until the lease ends (measured from before
/// the request was sent) or the grain drops it: a change to the attributes does not answer before every silo has
/// dropped its copy or its lease has run out, so a write that starts after a change answered never sees the old
/// attributes on any silo.
/// <para>
/// A lease answer that was on its way while a drop arrived may predate the change: it is used for the write that
/// asked (which is concurrent with the change) but not kept.
/// </para>
/// </summary>
public sealed class WorkAttributesCache : IWorkAttributesHolder
{
    private readonly IGrainFactory _grains;
    private readonly LeasedCopies<ImmutableArray<WorkAttribute>> _copies;
    private readonly Lazy<Task<IWorkAttributesHolder>> _self;

    public WorkAttributesCache(IGrainFactory grains, TimeProvider time)
    {
        _grains = grains;
        _copies = new(time);
        // Made off the grain scheduler: a silo hands out observer references only outside a grain's context.
        _self = new(() => Task.Run(() => grains.CreateObjectReference<IWorkAttributesHolder>(this)));
    }

    /// <summary>The tenant's attributes: this silo's leased copy, or a new lease.</summary>
    public Task<ImmutableArray<WorkAttribute>> GetAllAsync(TenantId tenant) =>
        _copies.GetAsync(WorklogGrainKeys.WorkAttributes(tenant), (Cache: this, Tenant: tenant), static async s =>
        {
            var lease = await s.Cache._grains.GetWorkAttributesGrain(s.Tenant).LeaseAsync(await s.Cache._self.Value);
            return (lease.Attributes, lease.Length);
        });

    public Task DropAsync(string attributesGrainKey)
    {
        _copies.Drop(attributesGrainKey);
        return Task.CompletedTask;
    }
}
