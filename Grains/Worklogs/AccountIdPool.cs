using System.Collections.Concurrent;

namespace Tempo.Grains.Worklogs;

/// <summary>
/// One string per Jira account id for the worklogs this process builds. Each request's JSON gives a worklog its own
/// copy of its author's id, and the stored worklog kept it (its index ref and directory location share the
/// worklog's): at a million stored worklogs a million strings, one object in ten of the heap, each marked by every
/// full collection and copied twice on its way to the oldest generation (bench/README.md "Session 8"). Bounded: past
/// <see cref="Capacity"/> distinct ids an id is kept as given, which costs memory, never correctness.
/// </summary>
internal static class AccountIdPool
{
    public const int Capacity = 1_000_000;

    private static readonly ConcurrentDictionary<string, string> Pool = new(StringComparer.Ordinal);
    private static int _count;

    public static string Share(string accountId)
    {
        if (Pool.TryGetValue(accountId, out var shared))
        {
            return shared;
        }

        if (Volatile.Read(ref _count) >= Capacity)
        {
            return accountId;
        }

        shared = Pool.GetOrAdd(accountId, accountId);
        if (ReferenceEquals(shared, accountId))
        {
            Interlocked.Increment(ref _count);
        }

        return shared;
    }
}
