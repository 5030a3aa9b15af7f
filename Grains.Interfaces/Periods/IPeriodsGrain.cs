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
/// no longer begins a period closes nothing until the configuration comes back.
/// </summary>
[Alias("tempo.IPeriodsGrain")]
public interface IPeriodsGrain : IGrainWithStringKey
{
    [ReadOnly, Alias("Get")] Task<PeriodsView> GetAsync();

    [Alias("Configure")] Task<GrainResult<PeriodSettings>> ConfigureAsync(PeriodSettings settings);

    /// <summary>Closes the period that starts on <paramref name="from"/>; Invalid when none starts there.</summary>
    [Alias("Close")] Task<GrainResult<ApprovalPeriod>> CloseAsync(DateOnly from);

    /// <summary>Reopens the period that starts on <paramref name="from"/>; NotFound when it is not closed.</summary>
    [Alias("Reopen")] Task<GrainResult<bool>> ReopenAsync(DateOnly from);
}

public static class PeriodsGrainKeys
{
    public const string Kind = "periods";

    /// <summary>The tenant's one <see cref="IPeriodsGrain"/>: <c>periods_&lt;tenant&gt;</c>.</summary>
    public static string For(TenantId tenant) => tenant.Key(Kind);

    public static IPeriodsGrain GetPeriodsGrain(this IGrainFactory grains, TenantId tenant) => grains.GetGrain<IPeriodsGrain>(For(tenant));
}
