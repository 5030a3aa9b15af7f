using Tempo.Grains.Interfaces.Periods;

namespace Tempo.Grains.Interfaces.Approvals;

[GenerateSerializer, Alias("tempo.TimesheetStatusKey")]
public enum TimesheetStatusKey : byte
{
    Open = 0,
    InReview = 1,
    Approved = 2,
}

/// <summary>The transitions of a timesheet, in the order the API lists them.</summary>
[GenerateSerializer, Alias("tempo.TimesheetAction")]
public enum TimesheetAction : byte
{
    Submit = 0,
    Approve = 1,
    Reject = 2,
    Reopen = 3,
    Recall = 4,
}

/// <summary>
/// Where a timesheet stands after its last transition: who made it, when, with what comment, and (while it is in
/// review or approved) what was required and spent when it was submitted. A timesheet never acted on is Open with
/// nothing else.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.TimesheetStatus")]
public sealed record TimesheetStatus(
    [property: Id(0)] TimesheetStatusKey Key,
    [property: Id(1)] string? Comment,
    [property: Id(2)] string? ActorAccountId,
    [property: Id(3)] DateTimeOffset? UpdatedAt,
    [property: Id(4)] long? RequiredSecondsAtSubmit,
    [property: Id(5)] long? TimeSpentSecondsAtSubmit)
{
    public static TimesheetStatus Untouched { get; } = new(TimesheetStatusKey.Open, null, null, null, null, null);
}

/// <summary>Who is acting: the token's owner, and whether a tenant administrator created the token.</summary>
[GenerateSerializer, Immutable, Alias("tempo.TimesheetCaller")]
public sealed record TimesheetCaller([property: Id(0)] string AccountId, [property: Id(1)] bool CreatedByAdmin);

[GenerateSerializer, Immutable, Alias("tempo.TimesheetCommand")]
public sealed record TimesheetCommand(
    [property: Id(0)] TimesheetAction Action,
    [property: Id(1)] TimesheetCaller Caller,
    [property: Id(2)] string? Comment,
    [property: Id(3)] string? ReviewerAccountId);

/// <summary>A timesheet as the caller sees it: live required and spent seconds, and the transitions the caller may take now.</summary>
[GenerateSerializer, Immutable, Alias("tempo.TimesheetView")]
public sealed record TimesheetView(
    [property: Id(0)] string AccountId,
    [property: Id(1)] ApprovalPeriod Period,
    [property: Id(2)] TimesheetStatus Status,
    [property: Id(3)] string? ReviewerAccountId,
    [property: Id(4)] long RequiredSeconds,
    [property: Id(5)] long TimeSpentSeconds,
    [property: Id(6)] ImmutableArray<TimesheetAction> Actions);

/// <summary>One transition of one timesheet; <see cref="Sequence"/> counts the timesheet's transitions from 1.</summary>
[GenerateSerializer, Immutable, Alias("tempo.TimesheetLogEntry")]
public sealed record TimesheetLogEntry(
    [property: Id(0)] string AccountId,
    [property: Id(1)] ApprovalPeriod Period,
    [property: Id(2)] int Sequence,
    [property: Id(3)] TimesheetStatus Status,
    [property: Id(4)] string? ReviewerAccountId);

/// <summary>A user's timesheet of the period that starts on <see cref="PeriodFrom"/>.</summary>
[GenerateSerializer, Immutable, Alias("tempo.TimesheetRef")]
public sealed record TimesheetRef([property: Id(0)] string AccountId, [property: Id(1)] DateOnly PeriodFrom);

/// <summary>What a log search keeps: entries of these users (empty: all) updated at or after <see cref="UpdatedFrom"/>.</summary>
[GenerateSerializer, Immutable, Alias("tempo.TimesheetLogFilter")]
public sealed record TimesheetLogFilter([property: Id(0)] ImmutableArray<string> AccountIds, [property: Id(1)] DateTimeOffset? UpdatedFrom)
{
    public bool Matches(TimesheetLogEntry entry) =>
        (AccountIds.IsDefaultOrEmpty || AccountIds.Contains(entry.AccountId))
        && (UpdatedFrom is not { } from || entry.Status.UpdatedAt >= from);
}

/// <summary>
/// Matching entries of one month's log from <c>fromIndex</c> on; <see cref="NextIndex"/> is where the next read
/// goes on, and <see cref="Exhausted"/> says the month has nothing more.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.TimesheetLogSlice")]
public sealed record TimesheetLogSlice([property: Id(0)] ImmutableArray<TimesheetLogEntry> Entries, [property: Id(1)] int NextIndex, [property: Id(2)] bool Exhausted);
