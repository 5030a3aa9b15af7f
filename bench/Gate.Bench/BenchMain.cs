namespace Tempo.Bench.Gate;

/// <summary>
/// <c>Tempo.Bench.Gate [http|lifecycle|memory|writes|all] [--api Api/bin/Release/net10.0/Tempo.Api.dll] [--server-cpus 1]
/// [--rounds 5] [--seconds 10] [--warmup 60] [--connections 16] [--threads 1] [--storage memory|postgres|both] ...</c>.
/// Normally run by <c>bench/run-gate.sh</c>, which builds in Release and pins this process (and wrk) and the servers to
/// separate CPUs. <c>--storage</c> chooses what the lifecycle benchmark stores on (default both, memory first).
/// <c>writes</c> (issue 18, <see cref="WritesBench"/>; not part of <c>all</c>): worklog creates, bulk creates, updates and
/// deletes by wrk against a real API process, in memory and on PostgreSQL: <c>[--stored 10000,1000000] [--warmup 30]
/// [--rounds 3] [--seconds 10] [--connections 16] [--storage memory|postgres|both] [--pg-stored 10000]
/// [--pg-connections 8,16] [--batching off,on]</c>.
/// </summary>
public static class BenchMain
{
    public static async Task<int> Main(string[] args)
    {
        var mode = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "all";
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(mode == "all" && (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal)) ? args : args[1..], mode);
        }
        catch (ArgumentException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return 2;
        }

        if (mode is "http" or "lifecycle" or "writes" or "all" && !File.Exists(options.ApiDll))
        {
            await Console.Error.WriteLineAsync($"No API at {options.ApiDll}: build it with `dotnet build -c Release Api` or pass --api.");
            return 2;
        }

        Console.WriteLine($"# Gate benchmarks, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine();
        switch (mode)
        {
            case "http":
                await HttpBench.RunAsync(options);
                break;
            case "lifecycle":
                await LifecycleBench.RunAsync(options);
                break;
            case "memory":
                await MemoryBench.RunAsync(options);
                break;
            case "writes":
                await WritesBench.RunAsync(options);
                break;
            case "all":
                await HttpBench.RunAsync(options);
                await LifecycleBench.RunAsync(options);
                await MemoryBench.RunAsync(options);
                break;
            default:
                await Console.Error.WriteLineAsync($"Unknown mode '{mode}': http, lifecycle, memory, writes or all.");
                return 2;
        }

        return 0;
    }
}
