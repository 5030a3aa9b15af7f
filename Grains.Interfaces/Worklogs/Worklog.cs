namespace Tempo.Grains.Interfaces.Worklogs;

/// <summary>
/// One worklog as its owner partition stores it. <see cref="Version"/> starts at 1 and grows by one with every
/// committed change; index entries carry the version they were written for, so a reader can tell a current entry
/// from a stale or not-yet-committed one.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.Worklog")]
public sealed record Worklog(
    [property: Id(0)] long Id,
    [property: Id(1)] int Version,
    [property: Id(2)] string AuthorAccountId,
    [property: Id(3)] long IssueId,
    [property: Id(4)] long? ProjectId,
    [property: Id(5)] DateOnly StartDate,
    [property: Id(6)] TimeOnly StartTime,
    [property: Id(7)] DateTimeOffset StartDateTimeUtc,
    [property: Id(8)] long TimeSpentSeconds,
    [property: Id(9)] long BillableSeconds,
    [property: Id(10)] string? Description,
    [property: Id(11)] ImmutableArray<WorkAttributeValue> Attributes,
    [property: Id(12)] DateTimeOffset CreatedAt,
    [property: Id(13)] DateTimeOffset UpdatedAt,
    [property: Id(14)] WorklogIndexLayout IndexLayout = WorklogIndexLayout.IdShards) : IWorklogEntry
{
    /// <summary>The work attribute whose value is an account key and which the account lists follow.</summary>
    public const string AccountAttributeKey = "_Account_";

    /// <summary>The Jira worklog this Tempo worklog is the twin of (there is no Jira here, so it is derived).</summary>
    public long JiraWorklogId => JiraWorklogIds.FromTempo(Id);

    /// <summary>The account key of the <c>_Account_</c> work attribute, if the worklog has one.</summary>
    public string? AccountKey =>
        Attributes.IsDefault ? null : Attributes.FirstOrDefault(a => a.Key == AccountAttributeKey)?.Value is { Length: > 0 } key ? key : null;

    public WorklogRef ToRef() => new(Id, Version, AuthorAccountId, IssueId, ProjectId, StartDate, StartTime, UpdatedAt);
}

/// <summary>
/// What lists filter and order by, which a full worklog and an index ref both carry, so partitions can filter and
/// order either without converting one into the other.
/// </summary>
public interface IWorklogEntry
{
    long Id { get; }

    int Version { get; }

    string AuthorAccountId { get; }

    long IssueId { get; }

    long? ProjectId { get; }

    DateOnly StartDate { get; }

    TimeOnly StartTime { get; }

    DateTimeOffset UpdatedAt { get; }
}

/// <summary>One work attribute value of a worklog: the attribute's key and the stored value (always text).</summary>
[GenerateSerializer, Immutable, Alias("tempo.WorkAttributeValue")]
public sealed record WorkAttributeValue([property: Id(0)] string Key, [property: Id(1)] string? Value);

/// <summary>
/// What an index partition keeps of one worklog version: enough to filter and order without the owner, and to
/// find the owner (<see cref="AuthorAccountId"/> and the month of <see cref="StartDate"/>) for the full row.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.WorklogRef")]
public sealed record WorklogRef(
    [property: Id(0)] long Id,
    [property: Id(1)] int Version,
    [property: Id(2)] string AuthorAccountId,
    [property: Id(3)] long IssueId,
    [property: Id(4)] long? ProjectId,
    [property: Id(5)] DateOnly StartDate,
    [property: Id(6)] TimeOnly StartTime,
    [property: Id(7)] DateTimeOffset UpdatedAt) : IWorklogEntry
{
    public OwnerPartition OwnerIn(TenantId tenant) => new(tenant, AuthorAccountId, Buckets.Month(StartDate));
}

/// <summary>
/// How a worklog's refs are placed in the sharded day index, chosen by the write that created it and fixed for the
/// worklog's life (its changes keep it), so that a change finds the refs of the version it replaces. A worklog stored
/// without it (before the layout existed) reads as <see cref="IdShards"/>, where its refs are.
/// </summary>
[GenerateSerializer, Alias("tempo.WorklogIndexLayout")]
public enum WorklogIndexLayout : byte
{
    /// <summary>
    /// Shard = id modulo the shard count: what a create of one worklog gets. Concurrent creates have consecutive ids,
    /// so they spread over all the shards of a day, and on PostgreSQL each shard's writes queue one behind another.
    /// </summary>
    IdShards = 0,

    /// <summary>Shard = issue id modulo the shard count: what a bulk create or an import gets. A bulk (one issue) writes one shard a day.</summary>
    IssueShards = 1,
}

/// <summary>Where a row of an owner partition stands in a move between partitions.</summary>
[GenerateSerializer, Alias("tempo.OwnerRowState")]
public enum OwnerRowState : byte
{
    /// <summary>The worklog lives here.</summary>
    Committed = 0,

    /// <summary>Moving in: lives here once the directory points here.</summary>
    Incoming = 1,

    /// <summary>Moving out: lives here only while the directory still points here.</summary>
    Outgoing = 2,
}

/// <summary>
/// One row of an owner partition. A value, not an object: a partition keeps one a worklog (inline in its segment
/// arrays), and as objects they were a million of the heap's objects at a million worklogs (bench/README.md
/// "Session 8"). Stored as it was when it was a class.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.OwnerRow")]
public readonly record struct OwnerRow([property: Id(0)] Worklog Worklog, [property: Id(1)] OwnerRowState State);

/// <summary>Where the directory says a worklog lives: its owner partition. A value, like <see cref="OwnerRow"/>.</summary>
[GenerateSerializer, Immutable, Alias("tempo.WorklogLocation")]
public readonly record struct WorklogLocation([property: Id(0)] long Id, [property: Id(1)] OwnerPartition Owner);

/// <summary>A Tempo worklog id and its Jira twin.</summary>
[GenerateSerializer, Immutable, Alias("tempo.WorklogIdPair")]
public sealed record WorklogIdPair([property: Id(0)] long TempoWorklogId, [property: Id(1)] long JiraWorklogId);

/// <summary>
/// The Jira worklog id twin of every Tempo worklog: a fixed offset, so the mapping is stable, needs no storage and
/// can never collide with a Tempo id below ten billion.
/// </summary>
public static class JiraWorklogIds
{
    public const long Offset = 10_000_000_000;

    public static long FromTempo(long tempoWorklogId) => tempoWorklogId + Offset;

    public static long? ToTempo(long jiraWorklogId) => jiraWorklogId > Offset ? jiraWorklogId - Offset : null;
}
