using Tempo.Grains.Interfaces.Approvals;

namespace Tempo.Grains.Approvals;

[GenerateSerializer, Immutable, Alias("tempo.TimesheetWaitingState")]
public sealed record TimesheetWaitingState
{
    [Id(0)] public ImmutableArray<TimesheetRef> Timesheets { get; init; } = [];
}

/// <summary>Periods first, then users: the order <c>GET /4/timesheet-approvals/waiting</c> answers in.</summary>
public sealed class TimesheetRefOrder : IComparer<TimesheetRef>
{
    public static TimesheetRefOrder Instance { get; } = new();

    public int Compare(TimesheetRef? x, TimesheetRef? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var c = x.PeriodFrom.CompareTo(y.PeriodFrom);
        return c != 0 ? c : string.CompareOrdinal(x.AccountId, y.AccountId);
    }
}

/// <summary>
/// The timesheets one reviewer was asked to review. Added to before the submit commits and removed from after the
/// review commits, so it may hold a stale ref (a submit that failed), never miss one; readers check each ref.
/// </summary>
[GrainType("tswaiting")]
public sealed class TimesheetWaitingGrain(
    [PersistentState("timesheetWaiting", StorageNames.Default)] IPersistentState<TimesheetWaitingState> state) : Grain, ITimesheetWaitingGrain
{
    public Task AddAsync(TimesheetRef timesheet) =>
        state.State.Timesheets.Contains(timesheet)
            ? Task.CompletedTask
            : state.CommitAsync(state.State with { Timesheets = state.State.Timesheets.Add(timesheet) }, DeactivateOnIdle);

    public Task RemoveAsync(TimesheetRef timesheet) =>
        !state.State.Timesheets.Contains(timesheet)
            ? Task.CompletedTask
            : state.CommitAsync(state.State with { Timesheets = state.State.Timesheets.Remove(timesheet) }, DeactivateOnIdle);

    public Task<ImmutableArray<TimesheetRef>> ListAsync() => Task.FromResult(state.State.Timesheets.Sort(TimesheetRefOrder.Instance));
}
