using System.Diagnostics;
using System.Globalization;

namespace Tempo.Bench.WorklogWrites;

/// <summary>What one closed-loop run measured: requests (or items) a second and the latency of each request.</summary>
public sealed record LoadResult(string Name, long Requests, long Items, long Failures, double Seconds, double P50, double P99)
{
    /// <summary>Methods the JIT compiled during the run, and its time compiling them: a process still warming up shows both.</summary>
    public (long Methods, TimeSpan Time) Jit { get; init; }

    public double PerSecond => Requests / Seconds;

    public double ItemsPerSecond => Items / Seconds;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name}: {PerSecond:N0} req/s ({ItemsPerSecond:N0} items/s), p50 {P50:N2} ms, p99 {P99:N2} ms, {Requests:N0} requests in {Seconds:N1} s, {Failures} failed; JIT {Jit.Methods:N0} methods, {Jit.Time.TotalMilliseconds:N0} ms");
}

/// <summary>
/// A closed loop: <c>connections</c> workers send one request after another for a while. Each request returns how
/// many items it carried (0 = failed, negative = nothing left to do: the worker stops).
/// </summary>
public static class Load
{
    public static async Task<LoadResult> RunAsync(string name, int connections, TimeSpan duration, Func<int, long, Task<int>> request)
    {
        var latencies = new List<double>[connections];
        var items = new long[connections];
        var failures = new long[connections];
        var sequence = 0L;
        var (jitMethods, jitTime) = (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker] = new List<double>(4096);
            while (watch.Elapsed < duration)
            {
                var n = Interlocked.Increment(ref sequence);
                var started = Stopwatch.GetTimestamp();
                var carried = await request(worker, n);
                if (carried < 0)
                {
                    break;
                }

                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (carried > 0)
                {
                    items[worker] += carried;
                }
                else
                {
                    failures[worker]++;
                }
            }
        })));
        var seconds = watch.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(name, all.Length, items.Sum(), failures.Sum(), seconds, Percentile(all, 0.50), Percentile(all, 0.99))
        {
            Jit = (System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethods, System.Runtime.JitInfo.GetCompilationTime() - jitTime),
        };
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}
