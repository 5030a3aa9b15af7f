using Tempo.Grains.Interfaces.Periods;
using Tempo.Grains.Leasing;

namespace Tempo.Grains.Periods;

[GenerateSerializer, Immutable, Alias("tempo.PeriodsState")]
public sealed record PeriodsState
{
    [Id(0)] public PeriodSettings Settings { get; init; } = PeriodSettings.Default;

    [Id(1)] public ImmutableSortedSet<DateOnly> ClosedStarts { get; init; } = [];

    /// <summary>
    /// A lease was ever granted (written before the first one is answered): a new activation must then assume an
    /// earlier one left silos holding copies it can't name, and let their leases run out before a change answers.
    /// </summary>
    [Id(2)] public bool Leased { get; init; }
}

/// <summary>
/// A tenant's period configuration and closed periods; every read answers from memory. Worklog writes read a per-silo
/// copy (<see cref="PeriodsCache"/>) leased from here: a change is stored, then every silo that may hold the old copy
/// drops it (or its lease runs out) before the change answers, so no write that starts after a close answered is
/// admitted by an old copy.
/// </summary>
[GrainType("periods")]
public sealed class PeriodsGrain(
    [PersistentState("periodSettings", StorageNames.Default)] IPersistentState<PeriodsState> state,
    TimeProvider time) : Grain, IPeriodsGrain
{
    /// <summary>How long a silo may use a leased copy, from before it asked.</summary>
    public static readonly TimeSpan LeaseLength = TimeSpan.FromSeconds(10);

    private readonly LeaseHolders<IPeriodsHolder> _holders = new(time, LeaseLength);
    private PeriodsView? _view;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _holders.Activated(state.State.Leased);
        return Task.CompletedTask;
    }

    /// <summary>When every lease ended, the flag is cleared so the next activation's first change need not wait.</summary>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _holders.ClearFlagIfEndedAsync(state.State.Leased, () => state.CommitAsync(state.State with { Leased = false }, () => { }));

    public Task<PeriodsView> GetAsync() => Task.FromResult(View);

    public async Task<PeriodsLease> LeaseAsync(IPeriodsHolder holder)
    {
        if (!state.State.Leased)
        {
            await state.CommitAsync(state.State with { Leased = true }, DeactivateOnIdle);
        }

        _holders.Record(holder);
        return new PeriodsLease(View, LeaseLength);
    }

    private PeriodsView View => _view ??= new PeriodsView(state.State.Settings, state.State.ClosedStarts);

    public async Task<GrainResult<PeriodSettings>> ConfigureAsync(PeriodSettings settings)
    {
        if (settings.MonthStartDay is < 1 or > 28)
        {
            return GrainResult<PeriodSettings>.Invalid("'monthStartDay' must be from 1 to 28.");
        }

        if (settings.MonthStartMonth is not (1 or 12))
        {
            return GrainResult<PeriodSettings>.Invalid("'monthStartMonth' must be JANUARY or DECEMBER.");
        }

        await CommitAsync(state.State with { Settings = settings });
        return GrainResult<PeriodSettings>.Ok(settings);
    }

    public async Task<GrainResult<ApprovalPeriod>> CloseAsync(DateOnly from)
    {
        if (!PeriodRules.StartsOn(state.State.Settings, from))
        {
            return GrainResult<ApprovalPeriod>.Invalid($"No approval period starts on '{from:yyyy-MM-dd}'.");
        }

        if (!state.State.ClosedStarts.Contains(from))
        {
            await CommitAsync(state.State with { ClosedStarts = state.State.ClosedStarts.Add(from) });
        }

        return GrainResult<ApprovalPeriod>.Ok(PeriodRules.Containing(state.State.Settings, from));
    }

    public async Task<GrainResult<bool>> ReopenAsync(DateOnly from)
    {
        if (!state.State.ClosedStarts.Contains(from))
        {
            return GrainResult<bool>.NotFound($"No closed period starts on '{from:yyyy-MM-dd}'.");
        }

        await CommitAsync(state.State with { ClosedStarts = state.State.ClosedStarts.Remove(from) });
        return GrainResult.Done;
    }

    private async Task CommitAsync(PeriodsState next)
    {
        _view = null;
        await state.CommitAsync(next, DeactivateOnIdle);
        _view = null;
        var key = this.GetPrimaryKeyString();
        await _holders.DropAllAsync(h => h.DropAsync(key));
    }
}
