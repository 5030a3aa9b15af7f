using System.Globalization;
using Tempo.Grains.Interfaces.Worklogs;

namespace Tempo.Bench.Worklogs;

/// <summary>
/// The seeded organisation: <see cref="Authors"/> people logging <see cref="PerDay"/> worklogs on each of
/// <see cref="Days"/> working days, each on one of 500 issues in 20 projects (issue = project * 100 + 1..25).
/// Deterministic: the same arguments give the same worklogs.
/// </summary>
public sealed class Dataset(int authors, int days)
{
    public const int PerDay = 4;
    public const int Projects = 20;
    public const int IssuesPerProject = 25;
    public const long FirstProject = 101;

    private static readonly TimeOnly[] StartTimes = [new(9, 0), new(11, 0), new(13, 30), new(15, 30)];

    public int Authors { get; } = authors;

    public IReadOnlyList<DateOnly> WorkingDays { get; } = [.. WorkingDaysFrom(new DateOnly(2025, 1, 6)).Take(days)];

    public static long ProjectOf(long issueId) => issueId / 100;

    public static string Author(int index) => string.Create(CultureInfo.InvariantCulture, $"557058:bench-{index:D5}");

    public static long Issue(int project, int n) => ((FirstProject + project) * 100) + 1 + n;

    public long Count => (long)Authors * WorkingDays.Count * PerDay;

    /// <summary>The worklogs of these authors on these days.</summary>
    public IEnumerable<WorklogDraft> Drafts(IEnumerable<int> authors, IEnumerable<DateOnly> days)
    {
        var dayList = days.ToArray();
        foreach (var author in authors)
        {
            foreach (var day in dayList)
            {
                var random = new Random(HashCode.Combine(author, day.DayNumber));
                for (var i = 0; i < PerDay; i++)
                {
                    var issue = Issue(random.Next(Projects), random.Next(IssuesPerProject));
                    yield return new WorklogDraft(Author(author), issue, day, StartTimes[i], 1800 + (random.Next(12) * 300), null, "bench", []);
                }
            }
        }
    }

    private static IEnumerable<DateOnly> WorkingDaysFrom(DateOnly start)
    {
        for (var day = start; ; day = day.AddDays(1))
        {
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                yield return day;
            }
        }
    }
}
