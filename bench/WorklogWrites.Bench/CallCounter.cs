using System.Collections.Concurrent;
using System.Diagnostics;

namespace Tempo.Bench.WorklogWrites;

/// <summary>
/// Counts the grain calls this silo serves, per interface method, and the time each spends inside the grain
/// (from the filter to its answer, so it includes the calls it makes and waits for): what one create costs in calls.
/// </summary>
public sealed class CallCounter : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<string, (long Calls, long Ticks)> _calls = new(StringComparer.Ordinal);

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await context.Invoke();
        }
        finally
        {
            var ticks = Stopwatch.GetTimestamp() - started;
            var name = $"{context.InterfaceName.Split('.').Last()}.{context.MethodName}";
            _calls.AddOrUpdate(name, (1, ticks), (_, c) => (c.Calls + 1, c.Ticks + ticks));
        }
    }

    /// <summary>Calls and total time per method since the last call, and starts counting afresh.</summary>
    public IReadOnlyDictionary<string, (long Calls, TimeSpan Time)> Take()
    {
        var taken = new Dictionary<string, (long, TimeSpan)>(StringComparer.Ordinal);
        foreach (var name in _calls.Keys)
        {
            if (_calls.TryRemove(name, out var c))
            {
                taken[name] = (c.Calls, Stopwatch.GetElapsedTime(0, c.Ticks));
            }
        }

        return taken;
    }
}
