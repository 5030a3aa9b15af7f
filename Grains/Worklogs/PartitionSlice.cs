using Tempo.Grains.Interfaces.Worklogs;

namespace Tempo.Grains.Worklogs;

/// <summary>Counting and slicing of one partition's entries, which are kept in the natural order.</summary>
internal static class PartitionSlice
{
    /// <summary>Start date-time ascending (then id): the order entries are stored in.</summary>
    public static bool IsNatural(WorklogOrder order) =>
        order.Terms.IsDefaultOrEmpty || (order.Terms.Length == 1 && order.Terms[0] == new WorklogOrderTerm(WorklogOrderField.StartDateTime, false));

    public static int Count<T>(ReadOnlySpan<T> sorted, Func<T, IWorklogEntry> entryOf, PartitionFilter filter)
    {
        var count = 0;
        foreach (var item in sorted)
        {
            if (filter.Matches(entryOf(item)))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The indexes (into <paramref name="sorted"/>) of the requested slice, and how many match in all.</summary>
    public static (int Total, ImmutableArray<T> Slice) Slice<T>(
        ReadOnlySpan<T> sorted, Func<T, IWorklogEntry> entryOf, PartitionFilter filter, WorklogOrder order, int skip, int take)
    {
        var matches = new List<T>();
        foreach (var item in sorted)
        {
            if (filter.Matches(entryOf(item)))
            {
                matches.Add(item);
            }
        }

        if (!IsNatural(order))
        {
            matches.Sort((a, b) => order.Compare(entryOf(a), entryOf(b)));
        }

        return (matches.Count, [.. matches.Skip(Math.Max(0, skip)).Take(Math.Max(0, take))]);
    }
}

/// <summary>The natural order of partition entries: start date, start time, id, version.</summary>
internal readonly record struct SortKey(DateOnly Date, TimeOnly Time, long Id, int Version) : IComparable<SortKey>
{
    public static SortKey Of(WorklogRef r) => new(r.StartDate, r.StartTime, r.Id, r.Version);

    public static SortKey Of(Worklog w) => new(w.StartDate, w.StartTime, w.Id, w.Version);

    public int CompareTo(SortKey other)
    {
        var c = Date.CompareTo(other.Date);
        if (c == 0)
        {
            c = Time.CompareTo(other.Time);
        }

        if (c == 0)
        {
            c = Id.CompareTo(other.Id);
        }

        return c != 0 ? c : Version.CompareTo(other.Version);
    }
}
