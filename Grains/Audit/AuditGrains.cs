using Tempo.Grains.Interfaces.Audit;

namespace Tempo.Grains.Audit;

/// <summary>One tenant's audit events of one UTC day, in arrival order; at most <see cref="AuditGrainKeys.MaxEventsPerDay"/>, then counted only.</summary>
[GenerateSerializer, Immutable, Alias("tempo.AuditDayState")]
public sealed record AuditDayState
{
    [Id(0)] public ImmutableList<AuditEvent> Events { get; init; } = [];

    [Id(1)] public int Overflowed { get; init; }

    /// <summary>The ids of the kept events, so a forwarded-twice event is kept once.</summary>
    [Id(2)] public ImmutableHashSet<string> Ids { get; init; } = [];
}

[GrainType("audit-day")]
public sealed class AuditDayGrain(
    [PersistentState("tokenAuditDay", StorageNames.Default)] IPersistentState<AuditDayState> state) : Grain, IAuditDayGrain
{
    public async Task AppendAsync(ImmutableArray<AuditEvent> events)
    {
        var current = state.State;
        var fresh = events.Where(e => !current.Ids.Contains(e.Id)).DistinctBy(e => e.Id).ToArray();
        if (fresh.Length == 0)
        {
            return;
        }

        var room = Math.Max(0, AuditGrainKeys.MaxEventsPerDay - current.Events.Count);
        var kept = fresh.Take(room).ToArray();
        await state.CommitAsync(
            current with
            {
                Events = current.Events.AddRange(kept),
                Ids = current.Ids.Union(kept.Select(e => e.Id)),
                Overflowed = current.Overflowed + (fresh.Length - kept.Length),
            },
            DeactivateOnIdle);
    }

    public Task<AuditDay> ReadAsync() => Task.FromResult(new AuditDay([.. state.State.Events], state.State.Overflowed));
}

[GenerateSerializer, Immutable, Alias("tempo.AuditIndexState")]
public sealed record AuditIndexState
{
    [Id(0)] public ImmutableSortedSet<DateOnly> Days { get; init; } = [];
}

[GrainType("audit-days")]
public sealed class AuditIndexGrain(
    [PersistentState("tokenAuditDays", StorageNames.Default)] IPersistentState<AuditIndexState> state) : Grain, IAuditIndexGrain
{
    public Task AddDayAsync(DateOnly day) =>
        state.State.Days.Contains(day) ? Task.CompletedTask : state.CommitAsync(state.State with { Days = state.State.Days.Add(day) }, DeactivateOnIdle);

    public Task<ImmutableArray<DateOnly>> DaysAsync() => Task.FromResult(state.State.Days.Reverse().ToImmutableArray());
}
