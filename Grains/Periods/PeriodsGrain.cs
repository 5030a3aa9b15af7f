using Tempo.Grains.Interfaces.Periods;

namespace Tempo.Grains.Periods;

[GenerateSerializer, Immutable, Alias("tempo.PeriodsState")]
public sealed record PeriodsState
{
    [Id(0)] public PeriodSettings Settings { get; init; } = PeriodSettings.Default;

    [Id(1)] public ImmutableSortedSet<DateOnly> ClosedStarts { get; init; } = [];
}

/// <summary>A tenant's period configuration and closed periods; every read answers from memory.</summary>
[GrainType("periods")]
public sealed class PeriodsGrain(
    [PersistentState("periodSettings", StorageNames.Default)] IPersistentState<PeriodsState> state) : Grain, IPeriodsGrain
{
    private PeriodsView? _view;

    public Task<PeriodsView> GetAsync() => Task.FromResult(_view ??= new PeriodsView(state.State.Settings, state.State.ClosedStarts));

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
    }
}
