namespace Tempo.Bench.Gate;

/// <summary>
/// <c>Tempo.Bench.Gate [http|lifecycle|memory|all] [--api Api/bin/Release/net10.0/Tempo.Api.dll] [--server-cpus 1]
/// [--rounds 5] [--seconds 10] [--warmup 60] [--connections 16] [--threads 1] [--storage memory|postgres|both] ...</c>.
/// Normally run by <c>bench/run-gate.sh</c>, which builds in Release and pins this process (and wrk) and the servers to
/// separate CPUs. <c>--storage</c> chooses what the lifecycle benchmark stores on (default both, memory first).
/// </summary>
public static class BenchMain
{
    public static async Task<int> Main(string[] args)
    {
        var mode = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "all";
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(mode == "all" && (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal)) ? args : args[1..]);
        }
        catch (ArgumentException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return 2;
        }

        if (mode is "http" or "lifecycle" or "all" && !File.Exists(options.ApiDll))
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
            case "all":
                await HttpBench.RunAsync(options);
                await LifecycleBench.RunAsync(options);
                await MemoryBench.RunAsync(options);
                break;
            default:
                await Console.Error.WriteLineAsync($"Unknown mode '{mode}': http, lifecycle, memory or all.");
                return 2;
        }

        return 0;
    }
}
