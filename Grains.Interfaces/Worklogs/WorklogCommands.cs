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

/// <summary>The messages of the refusals only worklog writes know.</summary>
public static class WorklogWriteErrors
{
    /// <summary>Tempo's 403 message when a write falls into a closed period or a submitted timesheet.</summary>
    public const string PeriodClosed = "Period is closed";
}
