using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace Tempo.Bench.Micro;

/// <summary>
/// <c>dotnet run -c Release --project bench/Gate.Micro [-- --per-call-only | --bdn-only | --pieces] [--filter *Authorize*]</c>:
/// BenchmarkDotNet on a short in-process job (a few minutes in all), then per-call percentiles; <c>--pieces</c>: the
/// gated path on a cache hit piece by piece (<see cref="GatePieces"/>), about a minute.
/// </summary>
public static class MicroMain
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--pieces"))
        {
            Console.WriteLine($"# Gate pieces: {Environment.ProcessorCount} logical cores visible, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}");
            await GatePieces.RunAsync(calls: 200_000);
            return 0;
        }

        var perCallOnly = args.Contains("--per-call-only");
        var bdnOnly = args.Contains("--bdn-only");
        var bdnArgs = args.Where(a => a is not ("--per-call-only" or "--bdn-only")).ToArray();

        Console.WriteLine($"# Gate micro-benchmarks: {Environment.ProcessorCount} logical cores visible, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}");
        if (!perCallOnly)
        {
            // In-process (no generated project to build), short: 3 warm-ups and 20 measured iterations of 250 ms each.
            var job = Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(20)
                .WithIterationTime(TimeInterval.FromMilliseconds(250))
                .WithId("Short");
            var config = ManualConfig.CreateEmpty()
                .AddJob(job)
                .AddColumnProvider(DefaultColumnProviders.Instance)
                .AddColumn(StatisticColumn.P50, StatisticColumn.P95, new P99Column())
                .AddLogger(ConsoleLogger.Default)
                .AddExporter(MarkdownExporter.GitHub)
                .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "tempo-bench-micro"))
                .WithOptions(ConfigOptions.DisableLogFile);
            BenchmarkSwitcher.FromTypes([typeof(GateBenchmarks)]).Run(bdnArgs.Length > 0 ? bdnArgs : ["--filter", "*"], config);
        }

        if (!bdnOnly)
        {
            await PerCallLatency.RunAsync(calls: 200_000);
        }

        return 0;
    }
}
