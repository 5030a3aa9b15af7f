namespace Tempo.Grains.Interfaces.Worklogs;

/// <summary>
/// A worklog as a create or a full replacement gives it, already checked for shape at the edge. On update the
/// issue is not taken from here (a worklog can't move to another issue).
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.WorklogDraft")]
public sealed record WorklogDraft(
    [property: Id(0)] string AuthorAccountId,
    [property: Id(1)] long IssueId,
    [property: Id(2)] DateOnly StartDate,
    [property: Id(3)] TimeOnly? StartTime,
    [property: Id(4)] long TimeSpentSeconds,
    [property: Id(5)] long? BillableSeconds,
    [property: Id(6)] string? Description,
    [property: Id(7)] ImmutableArray<WorkAttributeValue> Attributes);

/// <summary>Values to add to one worklog (<c>POST /4/worklogs/work-attribute-values</c>): create-only.</summary>
[GenerateSerializer, Immutable, Alias("tempo.WorklogAttributeValues")]
public sealed record WorklogAttributeValues([property: Id(0)] long WorklogId, [property: Id(1)] ImmutableArray<WorkAttributeValue> Values);

[GenerateSerializer, Alias("tempo.WorklogWriteStatus")]
public enum WorklogWriteStatus : byte
{
    Ok = 0,

    /// <summary>The request breaks a rule (400).</summary>
    Invalid = 1,

    /// <summary>The worklog, or something it refers to, does not exist (404).</summary>
    NotFound = 2,

    /// <summary>The worklog's period is closed for writes (403 "Period is closed").</summary>
    PeriodClosed = 3,

    /// <summary>Another bulk create for the same issue is running (409).</summary>
    Busy = 4,
}

/// <summary>
/// The outcome of a worklog write: like <c>DomainResult</c>, plus the two refusals only writes know (a closed
/// period, a bulk already running).
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.WorklogWriteResult`1")]
public sealed record WorklogWriteResult<T>([property: Id(0)] WorklogWriteStatus Status, [property: Id(1)] T? Value, [property: Id(2)] string? Error)
{
    public const string PeriodClosedMessage = "Period is closed";

    public static WorklogWriteResult<T> Ok(T value) => new(WorklogWriteStatus.Ok, value, null);

    public static WorklogWriteResult<T> Invalid(string error) => new(WorklogWriteStatus.Invalid, default, error);

    public static WorklogWriteResult<T> NotFound(string error) => new(WorklogWriteStatus.NotFound, default, error);

    public static WorklogWriteResult<T> PeriodClosed() => new(WorklogWriteStatus.PeriodClosed, default, PeriodClosedMessage);

    public static WorklogWriteResult<T> Busy(string error) => new(WorklogWriteStatus.Busy, default, error);

    public WorklogWriteResult<TOther> As<TOther>() => new(Status, default, Error);
}
