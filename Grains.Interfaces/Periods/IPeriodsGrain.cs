using Orleans.Concurrency;

namespace Tempo.Grains.Interfaces.Periods;

/// <summary>A tenant's period configuration and the starts of its closed approval periods.</summary>
[GenerateSerializer, Immutable, Alias("tempo.PeriodsView")]
public sealed record PeriodsView([property: Id(0)] PeriodSettings Settings, [property: Id(1)] ImmutableSortedSet<DateOnly> ClosedStarts)
{
    public ApprovalPeriod Containing(DateOnly day) => PeriodRules.Containing(Settings, day);

    public bool IsClosed(ApprovalPeriod period) => ClosedStarts.Contains(period.From);
}

/// <summary>
/// The approval-period configuration of one tenant (key <see cref="PeriodsGrainKeys.For"/>) and which periods an
/// administrator closed. Small (a handful of fields and one date per closed period), read on every worklog write
/// from memory, written only by administrators. Changing the configuration keeps the closed starts: a start that
/// no longer begins a period closes nothing until the configuration comes back. A change answers only after every
/// silo dropped its leased copy or its lease ended (up to 10.6 s for a silo that can't be reached): longer than the
/// cluster's response timeout, hence the changes' own.
/// </summary>
[Alias("tempo.IPeriodsGrain")]
public interface IPeriodsGrain : IGrainWithStringKey
{
    [ReadOnly, Alias("Get")] Task<PeriodsView> GetAsync();

    [ResponseTimeout("00:00:30"), Alias("Configure")] Task<GrainResult<PeriodSettings>> ConfigureAsync(PeriodSettings settings);

    /// <summary>Closes the period that starts on <paramref name="from"/>; Invalid when none starts there.</summary>
    [ResponseTimeout("00:00:30"), Alias("Close")] Task<GrainResult<ApprovalPeriod>> CloseAsync(DateOnly from);

    /// <summary>Reopens the period that starts on <paramref name="from"/>; NotFound when it is not closed.</summary>
    [ResponseTimeout("00:00:30"), Alias("Reopen")] Task<GrainResult<bool>> ReopenAsync(DateOnly from);

    /// <summary>
    /// The periods, for a silo's copy (<paramref name="holder"/>) to keep for <see cref="PeriodsLease.Length"/> from
    /// before it asked: until then no configure, close or reopen answers before the holder has dropped its copy (or
    /// the lease has run out). Not read-only: it never runs during a change.
    /// </summary>
    [Alias("Lease")] Task<PeriodsLease> LeaseAsync(IPeriodsHolder holder);
}

/// <summary>What a silo's copy of the periods may use, and for how long after it sent its request.</summary>
[GenerateSerializer, Immutable, Alias("tempo.PeriodsLease")]
public sealed record PeriodsLease([property: Id(0)] PeriodsView View, [property: Id(1)] TimeSpan Length);

/// <summary>A silo's copy of periods, as the periods grain reaches it: drop a tenant's copy now.</summary>
[Alias("tempo.IPeriodsHolder")]
public interface IPeriodsHolder : IGrainObserver
{
    /// <summary>Drops the copy leased from the periods grain of this key; answers once it is gone.</summary>
    [Alias("Drop")] Task DropAsync(string periodsGrainKey);
}

public static class PeriodsGrainKeys
{
    public const string Kind = "periods";

    /// <summary>The tenant's one <see cref="IPeriodsGrain"/>: <c>periods_&lt;tenant&gt;</c>.</summary>
    public static string For(TenantId tenant) => tenant.Key(Kind);

    public static IPeriodsGrain GetPeriodsGrain(this IGrainFactory grains, TenantId tenant) => grains.Reference<IPeriodsGrain>(For(tenant));
}
