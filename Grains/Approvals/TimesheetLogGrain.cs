using Tempo.Grains.Interfaces.Approvals;

namespace Tempo.Grains.Approvals;

[GenerateSerializer, Immutable, Alias("tempo.TimesheetLogState")]
public sealed record TimesheetLogState
{
    [Id(0)] public ImmutableArray<TimesheetLogEntry> Entries { get; init; } = [];
}

/// <summary>
/// One month of a tenant's timesheet transitions, in append order. A month's log grows with the transitions made
/// in it (a few per user a period), so no log state grows for ever; searches page over months.
/// </summary>
[GrainType("tslog")]
public sealed class TimesheetLogGrain(
    [PersistentState("timesheetLog", StorageNames.Default)] IPersistentState<TimesheetLogState> state) : Grain, ITimesheetLogGrain
{
    private HashSet<(string, DateOnly, int)>? _seen;

    public async Task AppendAsync(TimesheetLogEntry entry)
    {
        _seen ??= [.. state.State.Entries.Select(Identity)];
        if (_seen.Contains(Identity(entry)))
        {
            return;
        }

        await state.CommitAsync(state.State with { Entries = state.State.Entries.Add(entry) }, DeactivateOnIdle);
        _seen.Add(Identity(entry));
    }

    public Task<TimesheetLogSlice> ReadAsync(int fromIndex, int limit, TimesheetLogFilter filter)
    {
        var entries = state.State.Entries;
        var found = ImmutableArray.CreateBuilder<TimesheetLogEntry>();
        var index = Math.Max(0, fromIndex);
        for (; index < entries.Length && found.Count < limit; index++)
        {
            if (filter.Matches(entries[index]))
            {
                found.Add(entries[index]);
            }
        }

        return Task.FromResult(new TimesheetLogSlice(found.ToImmutable(), index, index >= entries.Length));
    }

    private static (string, DateOnly, int) Identity(TimesheetLogEntry entry) => (entry.AccountId, entry.Period.From, entry.Sequence);
}
