using Tempo.Grains.Interfaces.Periods;
using Tempo.Grains.Leasing;

namespace Tempo.Grains.Periods;

/// <summary>
/// This silo's copy of each tenant's periods, leased from the tenant's <see cref="IPeriodsGrain"/>, so the worklog
/// lock learns which periods are closed with no grain call. A configure, close or reopen does not answer before
/// every silo dropped its copy or its lease ran out, so a write that starts after a close answered is refused on
/// every silo. A lease answer that raced a drop is used for the write that asked (concurrent with the change) but
/// not kept.
/// </summary>
public sealed class PeriodsCache : IPeriodsHolder
{
    private readonly IGrainFactory _grains;
    private readonly LeasedCopies<PeriodsView> _copies;
    private readonly Lazy<Task<IPeriodsHolder>> _self;

    public PeriodsCache(IGrainFactory grains, TimeProvider time)
    {
        _grains = grains;
        _copies = new(time);
        // Made off the grain scheduler: a silo hands out observer references only outside a grain's context.
        _self = new(() => Task.Run(() => grains.CreateObjectReference<IPeriodsHolder>(this)));
    }

    /// <summary>The tenant's periods: this silo's leased copy, or a new lease.</summary>
    public Task<PeriodsView> GetAsync(TenantId tenant) =>
        _copies.GetAsync(PeriodsGrainKeys.For(tenant), (Cache: this, Tenant: tenant), static async s =>
        {
            var lease = await s.Cache._grains.GetPeriodsGrain(s.Tenant).LeaseAsync(await s.Cache._self.Value);
            return (lease.View, lease.Length);
        });

    /// <summary>Whether this silo holds a valid copy of the tenant's periods.</summary>
    public bool Holds(TenantId tenant) => _copies.Holds(PeriodsGrainKeys.For(tenant));

    public Task DropAsync(string periodsGrainKey)
    {
        _copies.Drop(periodsGrainKey);
        return Task.CompletedTask;
    }
}
