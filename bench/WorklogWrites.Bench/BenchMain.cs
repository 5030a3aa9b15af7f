using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Tempo.Bench.Worklogs;
using Tempo.Bench.WorklogWrites;
using Tempo.Grains.Hosting;
using Tempo.Grains.Interfaces.Worklogs;

// Worklog writes (issue 18), one process: creates/s over HTTP against a gated GET of the same run, bulk creates,
// storage writes and bytes per create at two data sizes, memory per 1,000 worklogs, and the same write path on
// PostgreSQL (AdoNet storage, a throwaway server). Options: --storage memory|postgres|both (both), --small N (10
// authors = 10,000 worklogs), --large N (200 authors = 200,000; 1000 = 1,000,000), --seconds N (10), --warmup N (15),
// --connections N (16), --pg-connections N (8), --probe N (400 creates for the byte counts), --memory-storage
// objects|orleans (the service's in-process storage, or Orleans' memory storage as before session 4), --batching
// off,on (PostgreSQL runs, in this order, each in a fresh database of the same server: Orleans' ADO.NET provider
// (off) or the batching storage, Tempo:StorageBatching (on)).
var o = Options.Parse(args);
Console.WriteLine($"# Worklog writes benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, server GC {GCSettings.IsServerGC}; load average {LoadAverage()}");

if (o.Storage is "memory" or "both")
{
    await MemoryAsync(o);
}

if (o.Storage is "postgres" or "both")
{
    await PostgresAsync(o);
}

static async Task MemoryAsync(Options o)
{
    Console.WriteLine();
    Console.WriteLine("## In memory");
    var data = new Dataset(o.Large, 250);
    await using var host = await WritesHost.StartAsync(postgres: null, orleansMemoryStorage: o.MemoryStorage == "orleans");
    Console.WriteLine($"memory storage: {(o.MemoryStorage == "orleans" ? "Orleans' memory storage (storage grain, serialized copy)" : "in-process objects (InProcessGrainStorage)")}");
    using var http = await host.ClientAsync();
    var baseline = ManagedBytes();

    await SeedAsync(host, data, 0, o.Small);
    var smallCount = (long)o.Small * data.WorkingDays.Count * Dataset.PerDay;
    var smallBytes = ManagedBytes();
    var smallProbe = await ProbeAsync(host, http, data, o.Small, o.Probe);

    await SeedAsync(host, data, o.Small, o.Large);
    var largeBytes = ManagedBytes();
    var largeProbe = await ProbeAsync(host, http, data, o.Large, o.Probe);

    PrintProbes(smallCount, smallProbe, data.Count, largeProbe);
    var perThousand = (largeBytes - smallBytes) / ((data.Count - smallCount) / 1000.0);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"memory: managed heap {baseline / 1048576.0:N0} MiB empty, {smallBytes / 1048576.0:N0} MiB at {smallCount:N0}, {largeBytes / 1048576.0:N0} MiB at {data.Count:N0}: {perThousand / 1024:N0} KiB per 1,000 worklogs"));

    // Throughput at the large size: warm up, then creates and the gated GET interleaved, then bulk.
    Console.WriteLine($"load average before the HTTP runs: {LoadAverage()}");
    var creates = Creates(http, data, o.Large);
    await Load.RunAsync("warm-up creates", o.Connections, TimeSpan.FromSeconds(o.Warmup), creates);
    await Load.RunAsync("warm-up GET", o.Connections, TimeSpan.FromSeconds(Math.Max(3, o.Warmup / 3)), Get(http));
    var rounds = new List<(LoadResult Create, LoadResult Get)>();
    for (var round = 0; round < 2; round++)
    {
        var c = await Load.RunAsync("POST /4/worklogs", o.Connections, TimeSpan.FromSeconds(o.Seconds), creates);
        var g = await Load.RunAsync("GET /4/account-category-types", o.Connections, TimeSpan.FromSeconds(o.Seconds), Get(http));
        Console.WriteLine($"round {round + 1}: {c}");
        Console.WriteLine($"round {round + 1}: {g}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round + 1}: creates/GET = {c.PerSecond / g.PerSecond:N3}"));
        rounds.Add((c, g));
    }

    var bulk = await Load.RunAsync("POST /4/worklogs/issue/{id}/bulk (50 a request)", o.Connections, TimeSpan.FromSeconds(o.Seconds), Bulk(http, data, o.Large));
    Console.WriteLine(bulk);
    Console.WriteLine($"load average after: {LoadAverage()}");
    var best = rounds.MaxBy(r => r.Create.PerSecond);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"summary (memory): creates {best.Create.PerSecond:N0}/s p99 {best.Create.P99:N1} ms; GET {best.Get.PerSecond:N0}/s; ratio {best.Create.PerSecond / best.Get.PerSecond:N3}; bulk {bulk.ItemsPerSecond:N0} worklogs/s"));
}

static async Task PostgresAsync(Options o)
{
    Console.WriteLine();
    Console.WriteLine("## PostgreSQL (embedded silo, AdoNet grain storage, fsync on)");
    await using var server = await PostgresServer.StartAsync();
    foreach (var mode in o.Batching.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
    {
        await PostgresRunAsync(o, server, batching: mode == "on");
    }
}

static async Task PostgresRunAsync(Options o, PostgresServer server, bool batching)
{
    Console.WriteLine();
    Console.WriteLine($"### storage batching {(batching ? "on (BatchingGrainStorage, group commit)" : "off (Orleans' ADO.NET provider)")}");
    var connection = await server.CreateDatabaseAsync();
    await OrleansDatabase.MigrateAsync(connection);
    var data = new Dataset(o.Small, 250);
    await using var host = await WritesHost.StartAsync(connection, batching: batching);
    using var http = await host.ClientAsync();
    await SeedAsync(host, data, 0, o.Small);
    var probe = await ProbeAsync(host, http, data, o.Small, o.Probe / 2);
    Console.WriteLine(string.Join("; ", probe.PerState.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value.Writes:N2} writes {p.Value.Bytes:N0} B"))) + " per create");

    var ids = new ConcurrentBag<Created>();
    var creates = Creates(http, data, o.Small, ids);
    await Load.RunAsync("warm-up", o.PgConnections, TimeSpan.FromSeconds(Math.Max(3, o.Warmup / 2)), creates);
    ids.Clear();
    Console.WriteLine($"load average before: {LoadAverage()}");
    var c = await Load.RunAsync("POST /4/worklogs", o.PgConnections, TimeSpan.FromSeconds(o.Seconds), creates);
    Console.WriteLine(c);
    var created = ids.ToArray();
    var u = await Load.RunAsync("PUT /4/worklogs/{id}", o.PgConnections, TimeSpan.FromSeconds(o.Seconds), Updates(http, created));
    Console.WriteLine(u);
    var d = await Load.RunAsync("DELETE /4/worklogs/{id}", o.PgConnections, TimeSpan.FromSeconds(o.Seconds), Deletes(http, created));
    Console.WriteLine(d);
    Console.WriteLine($"load average after: {LoadAverage()}");
    Console.WriteLine(await TableStatsAsync(connection));
    if (host.Storage.Inner is BatchingGrainStorage batched)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"batching (whole run, seeding included): {batched.Batcher.Writes:N0} writes in {batched.Batcher.Batches:N0} transactions ({(double)batched.Batcher.Writes / Math.Max(1, batched.Batcher.Batches):N2} a transaction)"));
    }
}

// How PostgreSQL wrote the grain-state table over the whole run: HOT updates (no index entry, same page) are cheaper.
static async Task<string> TableStatsAsync(string connectionString)
{
    await using var connection = new Npgsql.NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new Npgsql.NpgsqlCommand(
        "SELECT n_tup_ins, n_tup_upd, n_tup_hot_upd, pg_total_relation_size(relid) FROM pg_stat_user_tables WHERE relname = 'orleansstorage'", connection);
    await using var reader = await command.ExecuteReaderAsync();
    return await reader.ReadAsync()
        ? string.Create(CultureInfo.InvariantCulture, $"OrleansStorage: {reader.GetInt64(0):N0} inserts, {reader.GetInt64(1):N0} updates of which {reader.GetInt64(2):N0} HOT ({100.0 * reader.GetInt64(2) / Math.Max(1, reader.GetInt64(1)):N0} %), {reader.GetInt64(3) / 1048576.0:N0} MiB")
        : "OrleansStorage: no statistics";
}

static Func<int, long, Task<int>> Creates(HttpClient http, Dataset data, int authors, ConcurrentBag<Created>? ids = null) => async (_, n) =>
{
    var author = (int)(n % authors);
    var day = data.WorkingDays[(int)(n / authors % data.WorkingDays.Count)];
    var issue = Dataset.Issue(Random.Shared.Next(Dataset.Projects), Random.Shared.Next(Dataset.IssuesPerProject));
    using var response = await http.PostAsync("/4/worklogs", Body(author, issue, day, "bench create"));
    if (!response.IsSuccessStatusCode)
    {
        return 0;
    }

    if (ids is not null)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        ids.Add(new Created(json.RootElement.GetProperty("tempoWorklogId").GetInt64(), author, issue, day));
    }

    return 1;
};

static Func<int, long, Task<int>> Get(HttpClient http) => async (_, _) =>
{
    using var response = await http.GetAsync("/4/account-category-types");
    await response.Content.ReadAsByteArrayAsync();
    return response.IsSuccessStatusCode ? 1 : 0;
};

static Func<int, long, Task<int>> Bulk(HttpClient http, Dataset data, int authors) => async (worker, n) =>
{
    // One issue per worker, so two bulks never wait on one issue's lock.
    var issue = Dataset.Issue(worker % Dataset.Projects, worker / Dataset.Projects % Dataset.IssuesPerProject);
    var items = Enumerable.Range(0, 50).Select(i =>
    {
        var k = (n * 50) + i;
        return new { authorAccountId = Dataset.Author((int)(k % authors)), startDate = Day(data.WorkingDays[(int)(k / authors % data.WorkingDays.Count)]), startTime = "10:00:00", timeSpentSeconds = 1800, description = "bench bulk" };
    });
    using var response = await http.PostAsJsonAsync($"/4/worklogs/issue/{issue}/bulk", items);
    return response.IsSuccessStatusCode ? 50 : 0;
};

// An update in place (same author and day, another time and description) of a worklog the create run made.
static Func<int, long, Task<int>> Updates(HttpClient http, Created[] ids) => async (_, n) =>
{
    var w = ids[(int)(n % ids.Length)];
    var body = new StringContent($$"""{"authorAccountId":"{{Dataset.Author(w.Author)}}","startDate":"{{Day(w.Day)}}","startTime":"08:00:00","timeSpentSeconds":900,"description":"edited {{n}}"}""", Encoding.UTF8, "application/json");
    using var response = await http.PutAsync($"/4/worklogs/{w.Id}", body);
    return response.IsSuccessStatusCode ? 1 : 0;
};

static Func<int, long, Task<int>> Deletes(HttpClient http, Created[] ids) => async (_, n) =>
{
    if (n > ids.Length)
    {
        return -1;
    }

    using var response = await http.DeleteAsync($"/4/worklogs/{ids[n - 1].Id}");
    return response.IsSuccessStatusCode ? 1 : 0;
};

static StringContent Body(int author, long issue, DateOnly day, string description) => new(
    $$"""{"authorAccountId":"{{Dataset.Author(author)}}","issueId":{{issue}},"startDate":"{{Day(day)}}","startTime":"17:00:00","timeSpentSeconds":1800,"description":"{{description}}"}""",
    Encoding.UTF8,
    "application/json");

static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

// Seeds authors [from, to) a week at a time for all of them, through grain calls, 2 in flight.
static async Task SeedAsync(WritesHost host, Dataset data, int from, int to)
{
    if (to <= from)
    {
        return;
    }

    var worklogs = host.Grains.GetWorklogsGrain(TenantId.Default);
    var watch = Stopwatch.StartNew();
    var authors = Enumerable.Range(from, to - from).ToArray();
    var batches = data.WorkingDays.Chunk(5).SelectMany(week => authors.Chunk(200).Select(a => data.Drafts(a, week).ToImmutableArray()));
    await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (batch, _) =>
    {
        var result = await worklogs.ImportAsync(batch);
        if (result.Status != Tempo.Grains.Interfaces.ResultStatus.Ok)
        {
            throw new InvalidOperationException($"seeding failed: {result.Error}");
        }
    });
    var count = (long)authors.Length * data.WorkingDays.Count * Dataset.PerDay;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded {count:N0} worklogs in {watch.Elapsed.TotalSeconds:N1} s ({count / watch.Elapsed.TotalSeconds:N0}/s)"));
}

// Creates `count` worklogs over HTTP (4 at a time) into partitions the seed filled, and counts the storage writes.
static async Task<Probe> ProbeAsync(WritesHost host, HttpClient http, Dataset data, int authors, int count)
{
    host.Storage.Take();
    host.Storage.Counting = true;
    host.Calls.Take();
    var next = 0;
    var failed = 0;
    await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
    {
        while (Interlocked.Increment(ref next) <= count)
        {
            var author = Random.Shared.Next(authors);
            var day = data.WorkingDays[Random.Shared.Next(data.WorkingDays.Count)];
            var issue = Dataset.Issue(Random.Shared.Next(Dataset.Projects), Random.Shared.Next(Dataset.IssuesPerProject));
            using var response = await http.PostAsync("/4/worklogs", Body(author, issue, day, "probe"));
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref failed);
            }
        }
    }));
    if (failed > 0)
    {
        throw new InvalidOperationException($"{failed} probe creates failed");
    }

    host.Storage.Counting = false;
    var taken = host.Storage.Take();
    var calls = host.Calls.Take();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"grain calls per create: {calls.Values.Sum(c => c.Calls) / (double)count:N2}; by method (calls per create, mean ms inside):"));
    foreach (var (name, c) in calls.OrderByDescending(c => c.Value.Calls))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: {c.Calls / (double)count:N2}, {c.Time.TotalMilliseconds / c.Calls:N3} ms"));
    }

    return new Probe(taken.OrderBy(t => t.Key, StringComparer.Ordinal).ToDictionary(t => t.Key, t => ((double)t.Value.Writes / count, (double)t.Value.Bytes / count)));
}

static void PrintProbes(long smallCount, Probe small, long largeCount, Probe large)
{
    Console.WriteLine();
    Console.WriteLine($"| storage writes per create (state) | writes at {smallCount:N0} | bytes at {smallCount:N0} | writes at {largeCount:N0} | bytes at {largeCount:N0} |");
    Console.WriteLine("|---|---:|---:|---:|---:|");
    foreach (var name in small.PerState.Keys.Union(large.PerState.Keys).Order(StringComparer.Ordinal))
    {
        var s = small.PerState.GetValueOrDefault(name);
        var l = large.PerState.GetValueOrDefault(name);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {s.Writes:N2} | {s.Bytes:N0} | {l.Writes:N2} | {l.Bytes:N0} |"));
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| **total** | {small.PerState.Values.Sum(v => v.Writes):N2} | {small.PerState.Values.Sum(v => v.Bytes):N0} | {large.PerState.Values.Sum(v => v.Writes):N2} | {large.PerState.Values.Sum(v => v.Bytes):N0} |"));
    Console.WriteLine();
}

static long ManagedBytes()
{
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    GC.WaitForPendingFinalizers();
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    return GC.GetTotalMemory(forceFullCollection: true);
}

static string LoadAverage()
{
    try
    {
        return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
    }
    catch (IOException)
    {
        return "n/a";
    }
}

internal sealed record Created(long Id, int Author, long Issue, DateOnly Day);

internal sealed record Probe(Dictionary<string, (double Writes, double Bytes)> PerState);

internal sealed record Options(string Storage, int Small, int Large, int Seconds, int Warmup, int Connections, int PgConnections, int Probe, string MemoryStorage, string Batching)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new Options(values.GetValueOrDefault("storage", "both"), Int("small", 10), Int("large", 200), Int("seconds", 10), Int("warmup", 15), Int("connections", 16), Int("pg-connections", 8), Int("probe", 400), values.GetValueOrDefault("memory-storage", "objects"), values.GetValueOrDefault("batching", "off,on"));
    }
}
