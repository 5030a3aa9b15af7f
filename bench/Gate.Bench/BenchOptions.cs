using System.Globalization;
using System.Security.Cryptography;

namespace Tempo.Bench.Gate;

/// <summary>Command-line options: <c>--name value</c> pairs. A record, so a part can vary one setting (<c>with</c>).</summary>
public sealed record BenchOptions
{
    public required string ApiDll { get; init; }

    /// <summary>CPUs for the API processes (<c>taskset -c</c>), or null for no pinning.</summary>
    public string? ServerCpus { get; init; }

    public int Rounds { get; init; } = 5;

    public int Seconds { get; init; } = 10;

    public int WarmupSeconds { get; init; } = 60;

    public int Connections { get; init; } = 16;

    public int Threads { get; init; } = 1;

    public int FreshIdRounds { get; init; } = 3;

    /// <summary>Whether the HTTP part also measures an API process in client mode against a silo process (needs PostgreSQL binaries).</summary>
    public bool ClientMode { get; init; } = true;

    /// <summary>Whether the HTTP part also measures case O: the gated process with an OAuth access token (issue 21).</summary>
    public bool OAuth { get; init; } = true;

    public int LifecycleTokens { get; init; } = 4000;

    public int LifecycleWorkers { get; init; } = 16;

    public int LifecycleRepeats { get; init; } = 3;

    /// <summary>
    /// Where the lifecycle benchmark stores state: <c>memory</c>, <c>postgres</c> or <c>both</c> (memory first, then
    /// the same phases on a throwaway PostgreSQL server, so the two tables come from one run on one machine state).
    /// </summary>
    public LifecycleStorage LifecycleStorage { get; init; } = LifecycleStorage.Both;

    public int MemoryTokens { get; init; } = 100_000;

    /// <summary>Mode <c>writes</c>: the stored worklog counts measured in turn in one in-memory process (<c>--stored</c>).</summary>
    public IReadOnlyList<int> WritesStored { get; init; } = [10_000, 1_000_000];

    /// <summary>Mode <c>writes</c>: worklogs stored before the PostgreSQL runs (<c>--pg-stored</c>).</summary>
    public int WritesPgStored { get; init; } = 10_000;

    /// <summary>Mode <c>writes</c>: wrk connections of the PostgreSQL runs, in turn (<c>--pg-connections</c>).</summary>
    public IReadOnlyList<int> WritesPgConnections { get; init; } = [8, 16];

    /// <summary>Mode <c>writes</c>: <c>Tempo:StorageBatching</c> of the PostgreSQL runs, in turn, each a fresh database and process (<c>--batching</c>).</summary>
    public IReadOnlyList<bool> WritesBatching { get; init; } = [false, true];

    /// <summary>Mode <c>writes</c>: whether to listen to the in-memory API process's collector events (<c>--gc-events</c>, <see cref="GcWatch"/>).</summary>
    public bool WritesGcEvents { get; init; } = true;

    public string LogDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "tempo-bench-gate");

    public string HashKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <param name="mode">The benchmark mode: <c>writes</c> has its own defaults for <c>--rounds</c> (3) and <c>--warmup</c> (30, issue 18's).</param>
    public static BenchOptions Parse(string[] args, string mode = "all")
    {
        var writes = mode == "writes";
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Expected --name value, got '{args[i]}'.");
            }

            values[args[i][2..]] = args[i + 1];
        }

        int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

        var dll = values.GetValueOrDefault("api") ?? DefaultApiDll();
        return new BenchOptions
        {
            ApiDll = Path.GetFullPath(dll),
            ServerCpus = values.GetValueOrDefault("server-cpus") is { Length: > 0 } cpus ? cpus : null,
            Rounds = Int("rounds", writes ? 3 : 5),
            Seconds = Int("seconds", 10),
            WarmupSeconds = Int("warmup", writes ? 30 : 60),
            Connections = Int("connections", 16),
            Threads = Int("threads", 1),
            FreshIdRounds = Int("fresh-id-rounds", 3),
            ClientMode = values.GetValueOrDefault("client-mode") is not "false",
            OAuth = values.GetValueOrDefault("oauth") is not "false",
            LifecycleTokens = Int("lifecycle-tokens", 4000),
            LifecycleWorkers = Int("lifecycle-workers", 16),
            LifecycleRepeats = Int("lifecycle-repeats", 3),
            LifecycleStorage = values.GetValueOrDefault("storage") switch
            {
                null or "both" => LifecycleStorage.Both,
                "memory" => LifecycleStorage.Memory,
                "postgres" => LifecycleStorage.Postgres,
                var other => throw new ArgumentException($"--storage is memory, postgres or both, not '{other}'."),
            },
            MemoryTokens = Int("memory-tokens", 100_000),
            WritesStored = values.TryGetValue("stored", out var stored) ? Ints("stored", stored) : [10_000, 1_000_000],
            WritesPgStored = Int("pg-stored", 10_000),
            WritesPgConnections = values.TryGetValue("pg-connections", out var pgConnections) ? Ints("pg-connections", pgConnections) : [8, 16],
            WritesBatching = values.TryGetValue("batching", out var batching)
                ? [.. List(batching).Select(b => b switch
                {
                    "on" => true,
                    "off" => false,
                    _ => throw new ArgumentException($"--batching is a list of off and on, not '{batching}'."),
                })]
                : [false, true],
            WritesGcEvents = values.GetValueOrDefault("gc-events") is not "false",
            LogDirectory = values.GetValueOrDefault("logs") ?? Path.Combine(Path.GetTempPath(), "tempo-bench-gate"),
        };
    }

    private static string[] List(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int[] Ints(string name, string value)
    {
        var list = List(value).Select(v => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"--{name} is a list of positive numbers, not '{value}'.")).ToArray();
        return list.Length > 0 ? list : throw new ArgumentException($"--{name} is empty.");
    }

    private static string DefaultApiDll()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Tempo.Orleans.sln")))
        {
            root = root.Parent;
        }

        return root is null
            ? throw new ArgumentException("Pass --api <path to Tempo.Api.dll>.")
            : Path.Combine(root.FullName, "Api", "bin", "Release", "net10.0", "Tempo.Api.dll");
    }
}

/// <summary>The storage the lifecycle and writes benchmarks measure on (<c>--storage</c>).</summary>
[Flags]
public enum LifecycleStorage
{
    Memory = 1,
    Postgres = 2,
    Both = Memory | Postgres,
}
