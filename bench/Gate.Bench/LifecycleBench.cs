using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Tempo.Cluster.Tests.Infrastructure;
using Tempo.Grains.Hosting;

namespace Tempo.Bench.Gate;

/// <summary>
/// Token lifecycle throughput through the management HTTP API (<c>POST /api-integration/tokens</c>,
/// <c>POST .../{id}/regenerate</c>, <c>DELETE .../{id}</c>) of one Release process: concurrent workers, each on its own
/// users (a user's index grain serializes that user's creates and deletes). First on the in-memory service, then the
/// same phases on PostgreSQL (AdoNet clustering, grain storage and reminders on a throwaway server with PostgreSQL's
/// default durability), so that both tables come from one run on one machine state.
/// </summary>
public static class LifecycleBench
{
    private sealed record Phase(string Name, double OpsPerSecond, double P50Ms, double P99Ms, int Failures);

    /// <summary>How the tokens of one repeat are spread over workers and users; the same on both storages.</summary>
    private sealed record Layout(int Workers, int UsersPerWorker, int PerUser)
    {
        public int Total => Workers * UsersPerWorker * PerUser;

        public static Layout Of(BenchOptions options)
        {
            var workers = options.LifecycleWorkers;
            var usersPerWorker = Math.Max(1, (int)Math.Ceiling(options.LifecycleTokens / (double)workers / 150));
            var perUser = (int)Math.Ceiling(options.LifecycleTokens / (double)(workers * usersPerWorker));
            return new Layout(workers, usersPerWorker, perUser);
        }

        public string Client =>
            $"the HTTP client (this process, {Workers} concurrent workers, {Workers * UsersPerWorker} users × {PerUser} tokens = {Total:N0} tokens per repeat) on CPUs {Machine.CpusAllowed(Environment.ProcessId)}";
    }

    public static async Task RunAsync(BenchOptions options)
    {
        var layout = Layout.Of(options);
        if (options.LifecycleStorage.HasFlag(LifecycleStorage.Memory))
        {
            await InMemoryAsync(options, layout);
        }

        if (options.LifecycleStorage.HasFlag(LifecycleStorage.Postgres))
        {
            await PostgresAsync(options, layout);
        }
    }

    private static async Task InMemoryAsync(BenchOptions options, Layout layout)
    {
        Console.WriteLine();
        Console.WriteLine("## Token lifecycle: management HTTP API on the in-memory service");
        Console.WriteLine();
        await using var api = await ApiProcess.StartAsync(options, "lifecycle", new Dictionary<string, string>());
        Console.WriteLine($"- one Release API process (Benchmark environment, development sign-in on, memory storage) on CPUs {Machine.CpusAllowed(api.Pid)}; {layout.Client}");
        Console.WriteLine($"- machine: {Machine.Describe()}");

        await MeasureAsync(options, api, layout);
        Console.WriteLine($"- resident size after {options.LifecycleRepeats + 1} repeats: {api.RssKiB / 1024.0:N0} MiB; load average now {Machine.LoadAverage}");
    }

    /// <summary>
    /// The same phases with every grain-state write a row upsert in PostgreSQL, committed on its own: a create writes
    /// the user's index, then the token; a regenerate the token; a delete the token, then the index. The server runs with
    /// PostgreSQL's defaults for fsync, synchronous_commit and full_page_writes (not the tests' fsync=off), so each
    /// commit waits for its WAL flush as in production. Server and data folder are removed afterwards, also on failure.
    /// </summary>
    private static async Task PostgresAsync(BenchOptions options, Layout layout)
    {
        Console.WriteLine();
        Console.WriteLine("## Token lifecycle: management HTTP API on PostgreSQL");
        Console.WriteLine();
        await using var server = await PostgresServer.StartAsync(durable: true);
        var postmaster = await UnpinAsync(server);
        var connectionString = await server.CreateDatabaseAsync();
        // What `Tempo.Silo migrate` runs (the cluster tests run that command): deploy/sql, copied next to this program.
        await OrleansDatabase.MigrateAsync(connectionString);
        await OrleansDatabase.VerifyAsync(connectionString);
        var settings = await SettingsAsync(server, "server_version", "fsync", "synchronous_commit", "full_page_writes", "wal_sync_method", "shared_buffers", "data_directory");

        await using var api = await ApiProcess.StartAsync(options, "lifecycle-postgres", new Dictionary<string, string>
        {
            ["Tempo:Clustering"] = "AdoNet",
            ["Tempo:GrainStorage"] = "AdoNet",
            ["Tempo:Reminders"] = "AdoNet",
            ["ConnectionStrings:Orleans"] = connectionString,
        });
        Console.WriteLine($"- one Release API process (Benchmark environment, development sign-in on, embedded silo with AdoNet clustering, grain storage and reminders) on CPUs {Machine.CpusAllowed(api.Pid)}; {layout.Client}");
        Console.WriteLine($"- PostgreSQL {settings["server_version"]}, a throwaway server on 127.0.0.1 (one new database, migrated from deploy/sql): " +
            $"{Durability(settings)}, " +
            $"shared_buffers={settings["shared_buffers"]}; data folder on {FileSystemOf(settings["data_directory"])}; server processes {Placement(postmaster)}");
        Console.WriteLine($"- machine: {Machine.Describe()}");

        await MeasureAsync(options, api, layout);
        var (rows, bytes) = await StorageAsync(connectionString);
        Console.WriteLine($"- resident size after {options.LifecycleRepeats + 1} repeats: {api.RssKiB / 1024.0:N0} MiB (the API process); the database holds {rows:N0} grain-state rows, " +
            $"{bytes / 1024.0 / 1024.0:N0} MiB; load average now {Machine.LoadAverage}");
    }

    /// <summary>Runs the warm-up repeat and the counted ones, then prints the table.</summary>
    private static async Task MeasureAsync(BenchOptions options, ApiProcess api, Layout layout)
    {
        var workers = layout.Workers;
        var results = new List<Phase[]>();
        for (var repeat = 0; repeat < options.LifecycleRepeats + 1; repeat++)
        {
            var users = new List<(string Jwt, List<string> Ids)>[workers];
            for (var w = 0; w < workers; w++)
            {
                users[w] = [];
                for (var u = 0; u < layout.UsersPerWorker; u++)
                {
                    users[w].Add((await api.SignInAsync($"bench:life:{repeat}:{w}:{u}"), []));
                }
            }

            var create = await PhaseAsync("create", users, layout.PerUser, async (jwt, ids, i) =>
            {
                using var request = Request(HttpMethod.Post, "/api-integration/tokens", jwt);
                request.Content = JsonContent.Create(new { name = $"life {i}", expiresInDays = 30, access = new { type = "FULL" } });
                using var response = await api.Http.SendAsync(request);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    return false;
                }

                ids.Add((await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());
                return true;
            });
            var regenerate = await PhaseAsync("regenerate", users, layout.PerUser, async (jwt, ids, i) =>
            {
                if (i >= ids.Count)
                {
                    return false;
                }

                using var response = await api.Http.SendAsync(Request(HttpMethod.Post, $"/api-integration/tokens/{ids[i]}/regenerate", jwt));
                return response.StatusCode == HttpStatusCode.OK;
            });
            var delete = await PhaseAsync("delete", users, layout.PerUser, async (jwt, ids, i) =>
            {
                if (i >= ids.Count)
                {
                    return false;
                }

                using var response = await api.Http.SendAsync(Request(HttpMethod.Delete, $"/api-integration/tokens/{ids[i]}", jwt));
                return response.StatusCode == HttpStatusCode.NoContent;
            });
            if (repeat > 0)
            {
                // The first repeat warms the JIT and connection pool and is not reported.
                results.Add([create, regenerate, delete]);
            }
        }

        Console.WriteLine();
        Console.WriteLine($"| operation | ops/s median (min–max) over {options.LifecycleRepeats} repeats | p50 ms median | p99 ms median | failures |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        for (var i = 0; i < 3; i++)
        {
            var phases = results.Select(r => r[i]).ToArray();
            Console.WriteLine($"| {phases[0].Name} | {Stats.Spread([.. phases.Select(p => p.OpsPerSecond)], "N0")} | {Stats.F(Stats.Median(phases.Select(p => p.P50Ms)), "N2")} | " +
                $"{Stats.F(Stats.Median(phases.Select(p => p.P99Ms)), "N2")} | {phases.Sum(p => p.Failures)} |");
        }
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string jwt)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new("Bearer", jwt);
        return request;
    }

    private static async Task<Phase> PhaseAsync(
        string name, List<(string Jwt, List<string> Ids)>[] users, int perUser, Func<string, List<string>, int, Task<bool>> operation)
    {
        var latencies = new List<double>[users.Length];
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(users.Select((mine, w) => Task.Run(async () =>
        {
            latencies[w] = [];
            foreach (var (jwt, ids) in mine)
            {
                for (var i = 0; i < perUser; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    if (!await operation(jwt, ids, i))
                    {
                        Interlocked.Increment(ref failures);
                    }

                    latencies[w].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }
        })));
        clock.Stop();
        var sorted = latencies.SelectMany(l => l).Order().ToArray();
        return new Phase(name, sorted.Length / clock.Elapsed.TotalSeconds, Stats.Percentile(sorted, 0.50), Stats.Percentile(sorted, 0.99), failures);
    }

    /// <summary>
    /// pg_ctl inherits this process's CPUs (the client's, when run-gate.sh pins it), so the server would share one core
    /// with the client only. It is widened to every online CPU instead: the postmaster and the processes it has already
    /// started; backends forked later inherit the postmaster's set. Returns the postmaster's process id.
    /// </summary>
    internal static async Task<int> UnpinAsync(PostgresServer server)
    {
        var settings = await SettingsAsync(server, "data_directory");
        var postmaster = int.Parse(File.ReadLines(Path.Combine(settings["data_directory"], "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        var online = Machine.OnlineCpus;
        if (online is not null && Machine.CpusAllowed(postmaster) != online)
        {
            await Processes.RunAsync("taskset", ["-a", "-p", "-c", online, postmaster.ToString(CultureInfo.InvariantCulture)]);
            foreach (var pid in ChildrenOf(postmaster))
            {
                try
                {
                    await Processes.RunAsync("taskset", ["-a", "-p", "-c", online, pid.ToString(CultureInfo.InvariantCulture)]);
                }
                catch (InvalidOperationException) when (!Directory.Exists($"/proc/{pid}"))
                {
                    // A short-lived child (a startup or autovacuum worker) ended in between.
                }
            }
        }

        return postmaster;
    }

    /// <summary>Says where the server's processes may run, as read back from /proc rather than assumed.</summary>
    internal static string Placement(int postmaster)
    {
        var sets = ((int[])[postmaster, .. ChildrenOf(postmaster)]).Select(Machine.CpusAllowed).Where(s => s != "?").Distinct().ToArray();
        var online = Machine.OnlineCpus;
        return sets is [var only] && only == online
            ? $"unpinned (CPUs {only}, every online CPU: shared with the API process and the client)"
            : $"on CPUs {string.Join(" / ", sets)}";
    }

    internal static IEnumerable<int> ChildrenOf(int parent)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string? line;
            try
            {
                line = File.ReadLines(Path.Combine(directory, "status")).FirstOrDefault(l => l.StartsWith("PPid:", StringComparison.Ordinal));
            }
            catch (IOException)
            {
                // The process ended while the folder was listed.
                continue;
            }

            if (line is not null && int.Parse(line["PPid:".Length..].Trim(), CultureInfo.InvariantCulture) == parent)
            {
                yield return pid;
            }
        }
    }

    internal static async Task<Dictionary<string, string>> SettingsAsync(PostgresServer server, params string[] names)
    {
        await using var connection = new NpgsqlConnection(server.AdminConnectionString);
        await connection.OpenAsync();
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            await using var command = new NpgsqlCommand("SELECT current_setting(name), source FROM pg_settings WHERE name = $1", connection) { Parameters = { new NpgsqlParameter { Value = name } } };
            await using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                throw new InvalidOperationException($"PostgreSQL has no setting '{name}'.");
            }

            settings[name] = reader.GetString(0);
            settings[name + ".source"] = reader.GetString(1);
        }

        return settings;
    }

    /// <summary>The settings that decide what a commit waits for, and whether they are PostgreSQL's defaults.</summary>
    internal static string Durability(Dictionary<string, string> settings)
    {
        string[] names = ["fsync", "synchronous_commit", "full_page_writes", "wal_sync_method"];
        var changed = names.Where(n => settings[n + ".source"] != "default").ToArray();
        return string.Join(", ", names.Select(n => $"{n}={settings[n]}")) +
            (changed.Length == 0 ? " (PostgreSQL's defaults)" : $" (not the default: {string.Join(", ", changed.Select(n => $"{n} from {settings[n + ".source"]}"))})");
    }

    private static async Task<(long Rows, long Bytes)> StorageAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT (SELECT count(*) FROM orleansstorage), pg_database_size(current_database())", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>The file system type and device of the mount holding <paramref name="path"/> (fsync costs what it sits on).</summary>
    internal static string FileSystemOf(string path)
    {
        if (!File.Exists("/proc/self/mounts"))
        {
            return "an unknown file system";
        }

        var mount = File.ReadLines("/proc/self/mounts")
            .Select(l => l.Split(' '))
            .Where(f => f.Length > 2 && (path == f[1] || path.StartsWith(f[1].TrimEnd('/') + "/", StringComparison.Ordinal)))
            .MaxBy(f => f[1].Length);
        return mount is null ? "an unknown file system" : $"{mount[2]} ({mount[0]})";
    }
}
