using Tempo.Grains.Interfaces.Paging;

namespace Tempo.Grains.Interfaces.Worklogs;

/// <summary>The fields worklogs can be ordered by.</summary>
[GenerateSerializer, Alias("tempo.WorklogOrderField")]
public enum WorklogOrderField : byte
{
    /// <summary>Start date, then start time.</summary>
    StartDateTime = 0,
    Id = 1,
    Updated = 2,
}

[GenerateSerializer, Immutable, Alias("tempo.WorklogOrderTerm")]
public readonly record struct WorklogOrderTerm([property: Id(0)] WorklogOrderField Field, [property: Id(1)] bool Descending);

/// <summary>
/// An ordering of worklogs: the terms in turn, then the id (in the direction of the first term) so that the order
/// is total and paging is stable even for worklogs with equal start times.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.WorklogOrder")]
public sealed record WorklogOrder([property: Id(0)] ImmutableArray<WorklogOrderTerm> Terms) : IComparer<IWorklogEntry>
{
    /// <summary>Start date-time ascending, then id ascending: what every list answers unless told otherwise.</summary>
    public static WorklogOrder Default { get; } = new([new WorklogOrderTerm(WorklogOrderField.StartDateTime, false)]);

    public WorklogOrderTerm First => Terms.IsDefaultOrEmpty ? Default.Terms[0] : Terms[0];

    public int Compare(IWorklogEntry? x, IWorklogEntry? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        foreach (var term in Terms.IsDefaultOrEmpty ? Default.Terms : Terms)
        {
            var c = term.Field switch
            {
                WorklogOrderField.StartDateTime => CompareStart(x, y),
                WorklogOrderField.Updated => x.UpdatedAt.CompareTo(y.UpdatedAt),
                _ => x.Id.CompareTo(y.Id),
            };
            if (c != 0)
            {
                return term.Descending ? -c : c;
            }
        }

        var byId = x.Id.CompareTo(y.Id);
        return byId != 0 ? (First.Descending ? -byId : byId) : x.Version.CompareTo(y.Version);
    }

    private static int CompareStart(IWorklogEntry x, IWorklogEntry y)
    {
        var c = x.StartDate.CompareTo(y.StartDate);
        return c != 0 ? c : x.StartTime.CompareTo(y.StartTime);
    }
}

/// <summary>What a partition is asked to match: every given condition must hold; empty lists match everything.</summary>
[GenerateSerializer, Immutable, Alias("tempo.PartitionFilter")]
public sealed record PartitionFilter(
    [property: Id(0)] DateOnly? From,
    [property: Id(1)] DateOnly? To,
    [property: Id(2)] DateTimeOffset? UpdatedFrom,
    [property: Id(3)] ImmutableArray<string> AuthorIds,
    [property: Id(4)] ImmutableArray<long> IssueIds,
    [property: Id(5)] ImmutableArray<long> ProjectIds)
{
    public bool Matches(IWorklogEntry entry) =>
        (From is not { } from || entry.StartDate >= from)
        && (To is not { } to || entry.StartDate <= to)
        && (UpdatedFrom is not { } updated || entry.UpdatedAt >= updated)
        && (AuthorIds.IsDefaultOrEmpty || AuthorIds.Contains(entry.AuthorAccountId))
        && (IssueIds.IsDefaultOrEmpty || IssueIds.Contains(entry.IssueId))
        && (ProjectIds.IsDefaultOrEmpty || (entry.ProjectId is { } project && ProjectIds.Contains(project)));
}

/// <summary>
/// One partition's answer: how many entries match in all (<see cref="Total"/>) and the requested slice of them in
/// the requested order. Index partitions answer <see cref="Refs"/>; owner partitions answer full <see cref="Rows"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.PartitionPage")]
public sealed record PartitionPage([property: Id(0)] int Total, [property: Id(1)] ImmutableArray<WorklogRef> Refs, [property: Id(2)] ImmutableArray<OwnerRow> Rows);

/// <summary>
/// A list or search of worklogs. The filters combine with AND; the coordinator drives the query by the most
/// selective one (issues, then authors or team, then account, then projects, then the day index) and applies the
/// others to each entry. <see cref="From"/> and <see cref="To"/> are inclusive start dates.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.WorklogQuery")]
public sealed record WorklogQuery(
    [property: Id(0)] DateOnly? From,
    [property: Id(1)] DateOnly? To,
    [property: Id(2)] DateTimeOffset? UpdatedFrom,
    [property: Id(3)] ImmutableArray<string> AuthorIds,
    [property: Id(4)] ImmutableArray<long> IssueIds,
    [property: Id(5)] ImmutableArray<long> ProjectIds,
    [property: Id(6)] string? AccountKey,
    [property: Id(7)] int? TeamId,
    [property: Id(8)] WorklogOrder Order,
    [property: Id(9)] PageRequest Page)
{
    public static WorklogQuery All(PageRequest page) => new(null, null, null, [], [], [], null, null, WorklogOrder.Default, page);
}
