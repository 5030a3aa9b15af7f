using System.Diagnostics;
using System.Globalization;
using Orleans;
using Orleans.Runtime;
using Tempo.Grains.Interfaces.Scopes;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Bench.Micro;

/// <summary>
/// Per-call latency percentiles, which BenchmarkDotNet does not give (its percentiles are of per-iteration means).
/// Each grain call is timed on its own; the string and hash operations, far shorter than the timer's resolution,
/// are timed in batches of <see cref="Batch"/> calls and reported per call.
/// </summary>
public static class PerCallLatency
{
    private const int Batch = 64;

    /// <summary>Long enough for tiered compilation to install the optimized code before measuring.</summary>
    private static readonly TimeSpan WarmupTime = TimeSpan.FromSeconds(2);

    public static async Task RunAsync(int calls)
    {
        await using var cluster = await TokenCluster.StartAsync();
        var grain = cluster.Grains.GetGrain<ITokenGrain>(cluster.Id.GrainKey);
        var reference = (GrainReference)grain;
        (GrainType, GrainInterfaceType) types = (reference.GrainId.Type, reference.InterfaceType);

        Console.WriteLine();
        Console.WriteLine($"## Per-call latency ({calls:N0} timed calls after at least 2 s and {calls / 10:N0} calls of warm-up each; one thread, sequential)");
        Console.WriteLine();
        Console.WriteLine("| operation | mean | p50 | p90 | p99 | p99.9 | max | allocated/call |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        Report("TryParse: valid token (batches of 64)", Sync(calls, () => Tempo.Api.Tokens.ApiTokenFormat.TryParse(cluster.ValidToken, out _)));
        Report("TryParse: bad checksum (batches of 64)", Sync(calls, () => Tempo.Api.Tokens.ApiTokenFormat.TryParse(cluster.BadChecksumToken, out _)));
        var oneShot = new OneShotHmac(cluster.HashKey);
        Report("Hash: one-shot HMACSHA256.HashData (before) (batches of 64)", Sync(calls, () => oneShot.Hash(cluster.ValidToken).Length > 0));
        Report("Hash and tag: TryHash, HMAC reused per thread (now) (batches of 64)", Sync(calls, () => cluster.Hasher.TryHash(cluster.ValidToken, out _)));
        Report("GetGrain<ITokenGrain>(string key) (batches of 64)", Sync(calls, () => cluster.Grains.GetGrain<ITokenGrain>(cluster.Id.GrainKey) is not null));
        Report("GetGrain(GrainId, GrainInterfaceType) (batches of 64)", Sync(calls, () => cluster.Grains.GetGrain(GrainId.Create(types.Item1, cluster.Id.GrainKey), types.Item2) is not null));
        Report("AuthorizeAsync: allowed", await Async(calls, () => grain.AuthorizeAsync(cluster.ValidHash, TokenCluster.Scope, AccessLevel.View)));
        Report("AuthorizeAsync: real id, wrong secret", await Async(calls, () => grain.AuthorizeAsync(cluster.WrongSecretHash, TokenCluster.Scope, AccessLevel.View)));
        Report("Gate check, GetGrain by key (before)", await Async(calls, () => GateBenchmarks.GateCheck(cluster.Grains, cluster.Hasher, cluster.ValidToken, null)));
        Report("Gate check, GetGrain by id (now)", await Async(calls, () => GateBenchmarks.GateCheck(cluster.Grains, cluster.Hasher, cluster.ValidToken, types)));
        Report("Gate check, invented token (tag fails, no grain call)", await Async(calls, () => GateBenchmarks.GateCheck(cluster.Grains, cluster.Hasher, cluster.InventedToken, types)));
    }

    private readonly record struct Result(double[] NanosPerCall, double AllocatedPerCall);

    private static Result Sync(int calls, Func<bool> operation)
    {
        var batches = Math.Max(1, calls / Batch);
        var warmup = Stopwatch.StartNew();
        for (var i = 0; i < calls / 10 || warmup.Elapsed < WarmupTime; i++)
        {
            operation();
        }

        var samples = new double[batches];
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var b = 0; b < batches; b++)
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < Batch; i++)
            {
                operation();
            }

            samples[b] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / Batch;
        }

        return new Result(samples, (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)(batches * Batch));
    }

    private static async Task<Result> Async(int calls, Func<ValueTask<AuthorizeAnswer>> operation)
    {
        var warmup = Stopwatch.StartNew();
        for (var i = 0; i < calls / 10 || warmup.Elapsed < WarmupTime; i++)
        {
            await operation();
        }

        var samples = new double[calls];
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await operation();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalNanoseconds;
        }

        // Process-wide: includes what the silo allocates to serve the call.
        return new Result(samples, (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)calls);
    }

    private static void Report(string name, Result result)
    {
        var sorted = result.NanosPerCall.Order().ToArray();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {name} | {Time(sorted.Average())} | {Time(At(sorted, 0.50))} | {Time(At(sorted, 0.90))} | {Time(At(sorted, 0.99))} | {Time(At(sorted, 0.999))} | {Time(sorted[^1])} | {Allocated(result.AllocatedPerCall)} |"));
    }

    // The process-wide counter (server GC) was once seen lower after a loop than before it; a negative difference
    // is not a figure, so it is not printed as one.
    private static string Allocated(double bytes) =>
        bytes >= 0 ? string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} B") : "n/a (the counter went back)";

    private static double At(double[] sorted, double quantile) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];

    internal static string Time(double nanoseconds) => nanoseconds switch
    {
        < 1_000 => string.Create(CultureInfo.InvariantCulture, $"{nanoseconds:N1} ns"),
        < 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / 1_000:N2} µs"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / 1_000_000:N2} ms"),
    };
}
