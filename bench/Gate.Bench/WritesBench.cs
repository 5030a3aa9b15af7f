using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;
using Tempo.Bench.Worklogs;
using Tempo.Cluster.Tests.Infrastructure;
using Tempo.Grains.Hosting;

namespace Tempo.Bench.Gate;

/// <summary>
/// Issue 18's measurement of worklog writes, as the issue defines it: a Release API process (one process, embedded
/// silo, in-memory storage) pinned to the server CPUs, wrk with 16 connections on the others, 30 s of warm-up, then
/// rounds of <c>POST /4/worklogs</c> (one worklog a request, each to another author, issue and day) against the gated
/// <c>GET /4/account-category-types</c> of the same run, and bulk creates; at each <c>--stored</c> size in turn, growing
/// the same process's data. Then the same write path on PostgreSQL (<c>Tempo:GrainStorage=AdoNet</c> on a throwaway
/// server with fsync on, once per <c>--batching</c> setting, each a fresh database and process): creates, updates in
/// place and deletes. The data is the read benchmark's organisation (<see cref="Dataset"/>: 1,000 worklogs an author
/// over 250 working days, 500 issues in 20 projects), seeded over HTTP by bulk creates. The wrk Lua scripts are written
/// into the log directory (<c>--logs</c>), next to the API processes' logs.
/// </summary>
public static partial class WritesBench
{
    private const int Days = 250;
    private const int PerAuthor = Days * Dataset.PerDay;
    private const int BulkItems = 50;
    private const int SeedInFlight = 4;
    private const string CreatePath = "/4/worklogs";

    private static readonly Dataset Data = new(0, Days);

    private static readonly long[] Issues =
        [.. Enumerable.Range(0, Dataset.Projects).SelectMany(p => Enumerable.Range(0, Dataset.IssuesPerProject).Select(n => Dataset.Issue(p, n)))];

    private static readonly string[] DayTexts = [.. Data.WorkingDays.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))];

    // The read benchmark's start times (Dataset's), one per worklog of an author's day.
    private static readonly string[] StartTimes = ["09:00:00", "11:00:00", "13:30:00", "15:30:00"];

    private static readonly Dictionary<string, string> TokenScopes = new() { ["worklogs"] = "MANAGE", ["accounts"] = "VIEW" };

    private sealed record Round(WrkResult Creates, WrkResult Get, string LoadAfter);

    public static async Task RunAsync(BenchOptions options)
    {
        Console.WriteLine("## Worklog writes (issue 18): wrk against a Release API process");
        Console.WriteLine();
        Console.WriteLine($"- machine: {Machine.Describe()}");
        Console.WriteLine(ApiProcess.RuntimeSettingsLine);
        Console.WriteLine($"- settings: `--stored {string.Join(',', options.WritesStored)} --warmup {options.WarmupSeconds} --rounds {options.Rounds} --seconds {options.Seconds} " +
            $"--connections {options.Connections} --threads {options.Threads} --storage {options.LifecycleStorage.ToString().ToLowerInvariant()} --pg-stored {options.WritesPgStored} " +
            $"--pg-connections {string.Join(',', options.WritesPgConnections)} --batching {string.Join(',', options.WritesBatching.Select(OnOff))}`; wrk scripts and logs in {options.LogDirectory}");
        Console.WriteLine($"- data: the read benchmark's organisation ({PerAuthor:N0} worklogs an author: {Dataset.PerDay} a day over {Days} working days from {DayTexts[0]}; " +
            $"{Issues.Length} issues in {Dataset.Projects} projects, each mapped to its project with `Jira:IssueProjects`), seeded over HTTP by " +
            $"`POST /4/worklogs/issue/{{id}}/bulk` ({BulkItems} a request, {SeedInFlight} in flight, each on another issue; a 409 is retried)");
        Console.WriteLine($"- token: one API token (CUSTOM: worklogs MANAGE, accounts VIEW) made through the development sign-in; every request carries it");
        if (options.LifecycleStorage.HasFlag(LifecycleStorage.Memory))
        {
            await MemoryAsync(options);
        }

        if (options.LifecycleStorage.HasFlag(LifecycleStorage.Postgres))
        {
            await PostgresAsync(options);
        }
    }

    private static async Task MemoryAsync(BenchOptions options)
    {
        Console.WriteLine();
        Console.WriteLine("### In memory: one process (embedded silo, in-memory storage)");
        Console.WriteLine();
        var loadBefore = Machine.LoadAverage;
        await using var api = await ApiProcess.StartAsync(options, "writes-memory", IssueProjects());
        await using var gc = options.WritesGcEvents ? GcWatch.Start(api.Pid) : null;
        var token = await TokenAsync(api);
        Console.WriteLine($"- the API process (pid {api.Pid}) on CPUs {Machine.CpusAllowed(api.Pid)}; wrk (`-t{options.Threads} -c{options.Connections}`) and this driver on CPUs " +
            $"{Machine.CpusAllowed(Environment.ProcessId)}; load average before {loadBefore}");
        Console.WriteLine($"- at each size: {options.WarmupSeconds} s of creates and {GetWarmup(options)} s of GET to warm up, then {options.Rounds} round(s) of {options.Seconds} s of " +
            $"`POST {CreatePath}` (one worklog a request, each to another author, issue and day) and {options.Seconds} s of the gated `GET {HttpBench.Endpoint}` " +
            $"(same token); then {options.WarmupSeconds} s of bulk creates to warm up and {options.Seconds} s of bulk creates (`POST /4/worklogs/issue/{{id}}/bulk`, {BulkItems} a request, rotating over all {Issues.Length} issues). " +
            "creates/s counts 2xx only; server CPU is the API process's user + system time over the run, per request");

        var authors = 0;
        var stored = 0L;
        var memory = new List<(long Stored, long RssKiB)>();
        foreach (var size in options.WritesStored.Distinct().Order())
        {
            var target = Math.Max(1, size / PerAuthor);
            Console.WriteLine();
            Console.WriteLine($"#### --stored {size:N0}: {(long)target * PerAuthor:N0} seeded ({target} authors){(stored > (long)authors * PerAuthor ? $", plus the {stored - ((long)authors * PerAuthor):N0} the runs before created" : string.Empty)}");
            Console.WriteLine();
            if (target > authors)
            {
                var seeded = await SeedAsync(api, token, authors, target);
                stored += seeded.Count;
                authors = target;
                Console.WriteLine($"- seeded {seeded.Count:N0} worklogs (authors {authors - (seeded.Count / PerAuthor)}-{authors - 1}) in {seeded.Seconds:N1} s: " +
                    $"**{seeded.Count / seeded.Seconds:N0} worklogs/s**, {seeded.Conflicts} bulk requests retried after a 409");
            }

            var rss = api.RssKiB;
            memory.Add((stored, rss));
            Console.WriteLine($"- stored now {stored:N0}; the API process's resident size {rss / 1024.0:N0} MiB; load average {Machine.LoadAverage}");

            var createScript = CreateScript(options, $"creates-{authors}", authors, idPrefix: null);
            var bulkScript = BulkScript(options, $"bulk-{authors}", authors);
            var createUrl = new Uri(api.BaseAddress, CreatePath);
            var getUrl = new Uri(api.BaseAddress, HttpBench.Endpoint);
            var warm = await Wrk.RunAsync(api, createUrl, token, options, options.WarmupSeconds, createScript);
            var warmGet = await Wrk.RunAsync(api, getUrl, token, options, GetWarmup(options));
            stored += Ok(warm);
            Console.WriteLine($"- warm-up: creates {OkPerSecond(warm):N0}/s ({Outcome(warm)}), GET {OkPerSecond(warmGet):N0}/s ({Outcome(warmGet)})");

            var rounds = new List<Round>();
            for (var round = 0; round < options.Rounds; round++)
            {
                var creates = await Wrk.RunAsync(api, createUrl, token, options, options.Seconds, createScript);
                stored += Ok(creates);
                var get = await Wrk.RunAsync(api, getUrl, token, options, options.Seconds);
                rounds.Add(new Round(creates, get, Machine.LoadAverage));
            }

            // Bulk creates run code the single creates do not (the grouping per partition, the list bodies). The runtime's
            // tiered compiler was still compiling it 12-19 s into a bulk run (16 % of the process's CPU, `perf`), so bulk
            // creates get the issue's warm-up of their own, as long as the creates' one.
            var bulkUrl = new Uri(api.BaseAddress, "/4/worklogs/issue");
            var warmBulk = await Wrk.RunAsync(api, bulkUrl, token, options, options.WarmupSeconds, bulkScript);
            stored += Ok(warmBulk) * BulkItems;
            var bulk = await Wrk.RunAsync(api, bulkUrl, token, options, options.Seconds, bulkScript);
            stored += Ok(bulk) * BulkItems;

            Console.WriteLine();
            Console.WriteLine("| round | creates/s | p50 ms | p99 ms | non-2xx | server CPU µs/create | GET req/s | GET p99 ms | GET non-2xx | server CPU µs/GET | **creates/GET** | load average after |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
            for (var round = 0; round < rounds.Count; round++)
            {
                Console.WriteLine(Row((round + 1).ToString(CultureInfo.InvariantCulture), rounds[round]) + $" {rounds[round].LoadAfter} |");
            }

            Console.WriteLine(Row(
                "median (non-2xx: sum)",
                Stats.Median(rounds.Select(r => OkPerSecond(r.Creates))),
                Stats.Median(rounds.Select(r => r.Creates.P50Ms)),
                Stats.Median(rounds.Select(r => r.Creates.P99Ms)),
                rounds.Sum(r => r.Creates.Non2xx),
                Stats.Median(rounds.Select(r => r.Creates.ServerCpuMicrosPerRequest)),
                Stats.Median(rounds.Select(r => OkPerSecond(r.Get))),
                Stats.Median(rounds.Select(r => r.Get.P99Ms)),
                rounds.Sum(r => r.Get.Non2xx),
                Stats.Median(rounds.Select(r => r.Get.ServerCpuMicrosPerRequest)),
                Stats.Median(rounds.Select(r => OkPerSecond(r.Creates) / OkPerSecond(r.Get)))) + " |");
            Console.WriteLine(Row("best (by creates/s)", rounds.MaxBy(r => OkPerSecond(r.Creates))!) + " |");
            Console.WriteLine();
            Console.WriteLine($"- bulk warm-up ({options.WarmupSeconds} s): {OkPerSecond(warmBulk) * BulkItems:N0} worklogs/s ({Outcome(warmBulk)})");
            Console.WriteLine($"- bulk: **{OkPerSecond(bulk) * BulkItems:N0} worklogs/s** ({OkPerSecond(bulk):N0} requests/s of {BulkItems}; a request p50 {F(bulk.P50Ms)} ms, p99 {F(bulk.P99Ms)} ms; " +
                $"non-2xx {bulk.Non2xx}{StatusList(bulk)}; server CPU {F(bulk.ServerCpuMicrosPerRequest / BulkItems)} µs a worklog)");
            foreach (var (name, run) in rounds.SelectMany((r, i) => new[] { ($"round {i + 1} creates", r.Creates), ($"round {i + 1} GET", r.Get) }).Prepend(("warm-up creates", warm)))
            {
                if (run.Non2xx > 0 || run.SocketErrors > 0)
                {
                    Console.WriteLine($"- **{name}: {run.Non2xx} non-2xx responses{StatusList(run)}, {run.SocketErrors} socket errors** (see the API log {Path.Combine(options.LogDirectory, api.Name + ".log")})");
                }
            }

            Console.WriteLine($"- stored after the runs: {stored:N0}; resident size {api.RssKiB / 1024.0:N0} MiB; load average after {Machine.LoadAverage}");
            var runs = rounds.SelectMany((r, i) => new[] { ($"{i + 1} creates", r.Creates), ($"{i + 1} GET", r.Get) })
                .Prepend(("warm-up GET", warmGet)).Prepend(("warm-up creates", warm)).Append(("bulk warm-up", warmBulk)).Append(("bulk", bulk)).ToList();
            ThreadTable(runs);
            if (gc is not null)
            {
                await GcTableAsync(gc, runs);
            }
        }

        Console.WriteLine();
        Console.WriteLine("Memory (the API process's resident size, VmRSS, after seeding each size; it includes heap the collector has not returned to the system):");
        Console.WriteLine();
        for (var i = 0; i < memory.Count; i++)
        {
            var (count, rss) = memory[i];
            var growth = i == 0
                ? string.Empty
                : $"; **{(rss - memory[i - 1].RssKiB) / ((count - memory[i - 1].Stored) / 1000.0):N0} KiB per 1,000 worklogs** since {memory[i - 1].Stored:N0}";
            Console.WriteLine($"- {count:N0} stored: {rss / 1024.0:N0} MiB{growth}");
        }
    }

    private static async Task PostgresAsync(BenchOptions options)
    {
        Console.WriteLine();
        Console.WriteLine("### PostgreSQL: one process (embedded silo, `Tempo:GrainStorage=AdoNet`), a throwaway server");
        Console.WriteLine();
        var loadBefore = Machine.LoadAverage;
        await using var server = await PostgresServer.StartAsync(durable: true);
        var postmaster = await LifecycleBench.UnpinAsync(server);
        var settings = await LifecycleBench.SettingsAsync(server, "server_version", "fsync", "synchronous_commit", "full_page_writes", "wal_sync_method", "shared_buffers", "data_directory");
        // PostgreSQL needs CPU too: the API process runs on every CPU here (not pinned to the server CPUs), next to
        // PostgreSQL's processes; wrk and this driver stay on their CPUs.
        var unpinned = options with { ServerCpus = Machine.OnlineCpus };
        Console.WriteLine($"- PostgreSQL {settings["server_version"]} on 127.0.0.1: {LifecycleBench.Durability(settings)}, shared_buffers={settings["shared_buffers"]}; " +
            $"data folder on {LifecycleBench.FileSystemOf(settings["data_directory"])}; its processes {LifecycleBench.Placement(postmaster)}");
        Console.WriteLine($"- **the API process is not pinned** in these runs (CPUs {unpinned.ServerCpus ?? "all"}: it shares them with PostgreSQL); wrk and this driver on CPUs " +
            $"{Machine.CpusAllowed(Environment.ProcessId)}; load average before {loadBefore}");
        Console.WriteLine($"- per `--batching` setting, a fresh database (migrated from deploy/sql) and API process: seed {options.WritesPgStored:N0}, {options.WarmupSeconds} s of creates " +
            $"to warm up, then per `--pg-connections`: {options.Seconds} s of `POST {CreatePath}` (the ids of the 2xx answers kept by the wrk script), {options.Seconds} s of " +
            $"`PUT /4/worklogs/{{id}}` of those worklogs in place (same author and day, another start time and description), then `DELETE` of each of them once " +
            "(deletes/s: the 204s over the time the deletes took, from the first request to the last answer, when shorter than the run). CPU µs per request: the API process, and every PostgreSQL process (the postmaster and its children " +
            "as they are at the start and end of the run), over the whole wrk run (for deletes, including any idle time after the last answer)");

        // Only a measurement: PostgreSQL then times its WAL writes and syncs (pg_stat_wal), durability unchanged.
        await WalTimingAsync(server);
        Console.WriteLine("- `track_wal_io_timing=on` (reload), so pg_stat_wal times the WAL's syncs; every other setting as started. A `CHECKPOINT` before each measured run, " +
            "so the run writes its WAL into recycled segments as a server in service does (a fresh server creates and zero-fills one every 16 MB, ~40 ms of held commits each)");

        var rows = new List<string>();
        var causes = new List<string>();
        foreach (var batching in options.WritesBatching)
        {
            var connectionString = await server.CreateDatabaseAsync();
            await OrleansDatabase.MigrateAsync(connectionString);
            var apiSettings = IssueProjects();
            apiSettings["Tempo:GrainStorage"] = "AdoNet";
            apiSettings["Tempo:StorageBatching"] = batching ? "true" : "false";
            apiSettings["ConnectionStrings:Orleans"] = connectionString;
            await using var api = await ApiProcess.StartAsync(unpinned, $"writes-postgres-batching-{OnOff(batching)}", apiSettings);
            await using var gc = options.WritesGcEvents ? GcWatch.Start(api.Pid) : null;
            var token = await TokenAsync(api);
            var authors = Math.Max(1, options.WritesPgStored / PerAuthor);
            var seeded = await SeedAsync(api, token, 0, authors);
            Console.WriteLine();
            Console.WriteLine($"- batching {OnOff(batching)}: API process pid {api.Pid} on CPUs {Machine.CpusAllowed(api.Pid)}; seeded {seeded.Count:N0} in {seeded.Seconds:N1} s " +
                $"(**{seeded.Count / seeded.Seconds:N0} worklogs/s**, {seeded.Conflicts} retried after a 409); load average {Machine.LoadAverage}");

            var createUrl = new Uri(api.BaseAddress, CreatePath);
            var warmOptions = options with { Connections = options.WritesPgConnections[0] };
            var warm = await Wrk.RunAsync(api, createUrl, token, warmOptions, options.WarmupSeconds, CreateScript(warmOptions, $"pg-{OnOff(batching)}-warmup", authors, idPrefix: null));
            Console.WriteLine($"- batching {OnOff(batching)}: warm-up creates ({warmOptions.Connections} connections) {OkPerSecond(warm):N0}/s ({Outcome(warm)})");

            foreach (var connections in options.WritesPgConnections)
            {
                var o = options with { Connections = connections };
                var name = $"pg-{OnOff(batching)}-c{connections}";
                var prefix = Path.Combine(options.LogDirectory, $"ids-{name}-");
                foreach (var stale in Directory.GetFiles(options.LogDirectory, $"ids-{name}-*.txt"))
                {
                    File.Delete(stale);
                }

                await CheckpointAsync(server);
                var walBefore = await WalStats.ReadAsync(server);
                var (creates, createsPg) = await WithPostgresCpuAsync(postmaster, () => Wrk.RunAsync(api, createUrl, token, o, options.Seconds, CreateScript(o, $"{name}-creates", authors, prefix)));
                var walCreates = (await WalStats.ReadAsync(server)).Since(walBefore);
                var files = Directory.GetFiles(options.LogDirectory, $"ids-{name}-*.txt");
                var ids = files.Sum(f => File.ReadLines(f).LongCount());
                if (ids < Math.Max(1, Ok(creates)) * 0.95 || ids < o.Threads)
                {
                    throw new InvalidOperationException($"The create script kept {ids} ids of {Ok(creates)} created worklogs ({string.Join(", ", files)}): is the answer's shape still {{\"tempoWorklogId\":..., \"author\":{{\"accountId\":...}}, \"startDate\":...}}?");
                }

                await CheckpointAsync(server);
                var (updates, updatesPg) = await WithPostgresCpuAsync(postmaster, () => Wrk.RunAsync(api, createUrl, token, o, options.Seconds, UpdateScript(o, $"{name}-updates", files)));
                await CheckpointAsync(server);
                var (deletes, deletesPg) = await WithPostgresCpuAsync(postmaster, () => Wrk.RunAsync(api, createUrl, token, o, options.Seconds, DeleteScript(o, $"{name}-deletes", files)));
                var collector = gc is null ? null : await gc.BetweenAsync(creates.StartedUtc, creates.EndedUtc);
                causes.Add($"| {OnOff(batching)} | {connections} | {F(creates.P99Ms)} | " +
                    (collector is null ? "- | - | - | - | - | " : $"{GcWatch.Cells(collector, (creates.EndedUtc - creates.StartedUtc).TotalSeconds)} | ") +
                    walCreates.Cells(Ok(creates)));
                var load = Machine.LoadAverage;
                var deleted = Statuses(deletes).GetValueOrDefault(204);
                var deleteSeconds = DeleteSeconds(deletes);
                rows.Add(PgRow(batching, connections, "`POST` creates", OkPerSecond(creates), creates, createsPg, load));
                rows.Add(PgRow(batching, connections, "`PUT` updates", OkPerSecond(updates), updates, updatesPg, load));
                rows.Add(PgRow(batching, connections, $"`DELETE` deletes ({deleted:N0} of {ids:N0})", deleted / deleteSeconds, deletes, deletesPg, load));
                foreach (var (operation, run) in new[] { ("creates", creates), ("updates", updates), ("deletes", deletes) })
                {
                    if (run.SocketErrors > 0 || Statuses(run).Any(s => s.Key >= 300))
                    {
                        Console.WriteLine($"- **batching {OnOff(batching)}, {connections} connections, {operation}: non-2xx{StatusList(run)}, {run.SocketErrors} socket errors** (see {Path.Combine(options.LogDirectory, api.Name + ".log")})");
                    }
                }
            }

            Console.WriteLine($"- batching {OnOff(batching)}: API process resident size {api.RssKiB / 1024.0:N0} MiB at the end; load average {Machine.LoadAverage}");
        }

        Console.WriteLine();
        Console.WriteLine("| batching | connections | operation | per second | p50 ms | p99 ms | non-2xx | API CPU µs/request | PostgreSQL CPU µs/request | load average after |");
        Console.WriteLine("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var row in rows)
        {
            Console.WriteLine(row);
        }

        Console.WriteLine();
        Console.WriteLine("Where a create's wait may come from, in each creates run: the API process's collector (its GC events) and PostgreSQL's WAL and checkpoints (pg_stat_wal, pg_stat_bgwriter, read before and after):");
        Console.WriteLine();
        Console.WriteLine("| batching | connections | creates p99 ms | gen0 | gen1 | gen2 background / blocking | suspended ms (% of the run) | longest suspension ms | MB promoted out of gen0 / gen1 | " +
            "WAL KB a create | full-page images a create | WAL syncs | mean sync ms | checkpoints started (timed / requested) | WAL files (pg_wal) more or fewer |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var row in causes)
        {
            Console.WriteLine(row);
        }
    }

    /// <summary>
    /// Starts a measured run from PostgreSQL's steady state. A server that has run for a while recycles its WAL
    /// segments at each checkpoint; a fresh one has none to recycle, so every 16 MB of WAL it creates a segment and
    /// zero-fills it (wal_init_zero), and commits wait for that: about 40 ms, every second or two at this benchmark's
    /// write rate, which was most of the creates' p99 with 16 clients (bench/README.md "Session 13"). A checkpoint
    /// before each run makes the WAL written so far recyclable, as the server's own checkpoints do in service.
    /// </summary>
    private static Task CheckpointAsync(PostgresServer server) => AdminAsync(server, "CHECKPOINT");

    private static Task WalTimingAsync(PostgresServer server) => AdminAsync(server, "ALTER SYSTEM SET track_wal_io_timing = on; SELECT pg_reload_conf();");

    private static async Task AdminAsync(PostgresServer server, string sql)
    {
        await using var connection = new NpgsqlConnection(server.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 300 };
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>PostgreSQL's WAL and checkpoint counters at one instant (server-wide: every database of the throwaway server).</summary>
    private sealed record WalStats(long Bytes, long FullPageImages, long Syncs, double SyncMs, long CheckpointsTimed, long CheckpointsRequested, long Segments)
    {
        public static async Task<WalStats> ReadAsync(PostgresServer server)
        {
            await using var connection = new NpgsqlConnection(server.AdminConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT w.wal_bytes::bigint, w.wal_fpi, w.wal_sync, w.wal_sync_time, b.checkpoints_timed, b.checkpoints_req, (SELECT count(*) FROM pg_ls_waldir()) FROM pg_stat_wal w, pg_stat_bgwriter b", connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return new WalStats(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetDouble(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6));
        }

        public WalStats Since(WalStats before) => new(Bytes - before.Bytes, FullPageImages - before.FullPageImages, Syncs - before.Syncs, SyncMs - before.SyncMs,
            CheckpointsTimed - before.CheckpointsTimed, CheckpointsRequested - before.CheckpointsRequested, Segments - before.Segments);

        public string Cells(long creates) => string.Create(CultureInfo.InvariantCulture,
            $"{Bytes / 1024.0 / Math.Max(1, creates):N1} | {(double)FullPageImages / Math.Max(1, creates):N2} | {Syncs:N0} | {(Syncs > 0 ? SyncMs / Syncs : 0):N2} | {CheckpointsTimed} / {CheckpointsRequested} | {Segments:+0;-0;0} |");
    }

    /// <summary>
    /// Where the server's CPU went in each run, by thread name: the background collector's thread (".NET BGC") marks
    /// the whole heap while requests run, and its time counts in the µs a request above.
    /// </summary>
    private static void ThreadTable(IReadOnlyList<(string Name, WrkResult Run)> runs)
    {
        var names = runs.SelectMany(r => r.Run.ServerThreadCpuMs).GroupBy(t => t.Key, StringComparer.Ordinal)
            .OrderByDescending(g => g.Sum(t => t.Value)).Take(6).Select(g => g.Key).ToList();
        Console.WriteLine();
        Console.WriteLine("Server CPU by thread, ms in each run (threads that ended during a run: `(ended)`):");
        Console.WriteLine();
        Console.WriteLine($"| run | {string.Join(" | ", names.Select(n => $"`{n}`"))} | other |");
        Console.WriteLine($"| --- |{string.Concat(names.Select(_ => " ---: |"))} ---: |");
        foreach (var (name, run) in runs)
        {
            var shown = names.Select(n => run.ServerThreadCpuMs.GetValueOrDefault(n)).ToList();
            var other = run.ServerThreadCpuMs.Values.Sum() - shown.Sum();
            Console.WriteLine($"| {name} | {string.Join(" | ", shown.Select(v => v.ToString("N0", CultureInfo.InvariantCulture)))} | {other.ToString("N0", CultureInfo.InvariantCulture)} |");
        }
    }

    /// <summary>
    /// What the collector did in each run (<see cref="GcWatch"/>): collections started, the time the process was held
    /// suspended for them, and what they promoted. A gen0 or gen1 collection runs on the allocating thread, so its time
    /// is in the thread pool's CPU above; a background gen2 marks on its own thread.
    /// </summary>
    private static async Task GcTableAsync(GcWatch gc, IReadOnlyList<(string Name, WrkResult Run)> runs)
    {
        Console.WriteLine();
        Console.WriteLine("The collector in each run (the runtime's GC events):");
        Console.WriteLine();
        Console.WriteLine("| run | gen0 | gen1 | gen2 background / blocking | suspended ms (% of the run) | longest suspension ms | MB promoted out of gen0 / gen1 |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (name, run) in runs)
        {
            var span = await gc.BetweenAsync(run.StartedUtc, run.EndedUtc);
            Console.WriteLine($"| {name} | {GcWatch.Cells(span, (run.EndedUtc - run.StartedUtc).TotalSeconds)} |");
        }
    }

    private static string Row(string label, Round round) =>
        Row(label, OkPerSecond(round.Creates), round.Creates.P50Ms, round.Creates.P99Ms, round.Creates.Non2xx, round.Creates.ServerCpuMicrosPerRequest,
            OkPerSecond(round.Get), round.Get.P99Ms, round.Get.Non2xx, round.Get.ServerCpuMicrosPerRequest, OkPerSecond(round.Creates) / OkPerSecond(round.Get));

    private static string Row(string label, double creates, double p50, double p99, long non2xx, double cpu, double gets, double getP99, long getNon2xx, double getCpu, double ratio) =>
        $"| {label} | {creates:N0} | {F(p50)} | {F(p99)} | {non2xx} | {F(cpu, "N1")} | {gets:N0} | {F(getP99)} | {getNon2xx} | {F(getCpu, "N1")} | **{F(ratio, "N3")}** |";

    private static string PgRow(bool batching, int connections, string operation, double perSecond, WrkResult run, double postgresMicros, string load) =>
        $"| {OnOff(batching)} | {connections} | {operation} | **{perSecond:N0}** | {F(run.P50Ms)} | {F(run.P99Ms)} | {run.Non2xx} | {F(run.ServerCpuMicrosPerRequest, "N0")} | {F(postgresMicros, "N0")} | {load} |";

    private static int GetWarmup(BenchOptions options) => Math.Max(1, Math.Min(10, options.WarmupSeconds));

    private static string OnOff(bool on) => on ? "on" : "off";

    private static string F(double value, string format = "N2") => Stats.F(value, format);

    private static long Ok(WrkResult run) => run.Requests - run.Non2xx;

    /// <summary>2xx answers a second over wrk's own run time (its Requests/sec counts every answer).</summary>
    private static double OkPerSecond(WrkResult run) => run.Requests == 0 ? 0 : run.RequestsPerSecond * Ok(run) / run.Requests;

    private static string Outcome(WrkResult run) =>
        run.Non2xx == 0 && run.SocketErrors == 0 ? "all 2xx" : $"**{run.Non2xx} non-2xx{StatusList(run)}, {run.SocketErrors} socket errors**";

    /// <summary>What the scripts' <c>response()</c> counted, by status, summed over wrk's threads (empty for runs without a script).</summary>
    private static Dictionary<int, long> Statuses(WrkResult run)
    {
        var counts = new Dictionary<int, long>();
        foreach (Match match in StatusLine().Matches(run.Raw))
        {
            var status = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            counts[status] = counts.GetValueOrDefault(status) + long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        }

        return counts;
    }

    private static string StatusList(WrkResult run)
    {
        var bad = Statuses(run).Where(s => s.Key >= 300).OrderBy(s => s.Key).ToArray();
        return bad.Length == 0 ? string.Empty : $" ({string.Join(", ", bad.Select(s => $"{s.Key}: {s.Value}"))})";
    }

    /// <summary>
    /// How long the deletes took: from the threads' first request to the last one's end of its list, when every
    /// thread ran out of ids before wrk's duration (wrk keeps its clock running after); else wrk's own run time.
    /// </summary>
    private static double DeleteSeconds(WrkResult run)
    {
        var threads = ThreadLine().Matches(run.Raw).Select(m => (Began: double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Finished: double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))).ToArray();
        var wrkSeconds = run.RequestsPerSecond > 0 ? run.Requests / run.RequestsPerSecond : double.NaN;
        return threads.Length > 0 && threads.All(t => t.Finished >= 0)
            ? Math.Max(0.01, threads.Max(t => t.Finished) - threads.Min(t => t.Began))
            : wrkSeconds;
    }

    private static async Task<(WrkResult Run, double PostgresMicrosPerRequest)> WithPostgresCpuAsync(int postmaster, Func<Task<WrkResult>> run)
    {
        var before = PostgresCpuMilliseconds(postmaster);
        var result = await run();
        var used = PostgresCpuMilliseconds(postmaster) - before;
        return (result, result.Requests > 0 ? used * 1000 / result.Requests : double.NaN);
    }

    /// <summary>CPU time of the postmaster and its children (backends, WAL writer, checkpointer...) as they are now.</summary>
    private static double PostgresCpuMilliseconds(int postmaster)
    {
        var total = 0.0;
        foreach (var pid in LifecycleBench.ChildrenOf(postmaster).Prepend(postmaster))
        {
            try
            {
                total += Machine.CpuMilliseconds(pid);
            }
            catch (IOException)
            {
                // A backend that ended between the listing and the read.
            }
        }

        return total;
    }

    private static Dictionary<string, string> IssueProjects() =>
        Issues.ToDictionary(i => $"Jira:IssueProjects:{i.ToString(CultureInfo.InvariantCulture)}", i => Dataset.ProjectOf(i).ToString(CultureInfo.InvariantCulture));

    private static async Task<string> TokenAsync(ApiProcess api) =>
        await api.CreateTokenAsync(await api.SignInAsync("557058:bench-user"), TokenScopes);

    /// <summary>
    /// Seeds every worklog of authors [<paramref name="from"/>, <paramref name="to"/>): day by day, the day's worklogs of
    /// all those authors, in bulk requests of 50, request c on issue c mod 500, so the few requests in flight are on
    /// different issues (a bulk holds its issue's lock). A 409 (the lock was held after all) is sent again.
    /// </summary>
    private static async Task<(long Count, double Seconds, long Conflicts)> SeedAsync(ApiProcess api, string token, int from, int to)
    {
        var authors = to - from;
        var total = (long)authors * PerAuthor;
        var requests = (total + BulkItems - 1) / BulkItems;
        var next = -1L;
        var conflicts = 0L;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, SeedInFlight).Select(_ => Task.Run(async () =>
        {
            var body = new StringBuilder(BulkItems * 140);
            long c;
            while ((c = Interlocked.Increment(ref next)) < requests)
            {
                body.Clear().Append('[');
                for (var k = c * BulkItems; k < Math.Min(total, (c + 1) * BulkItems); k++)
                {
                    var day = DayTexts[(int)(k / (authors * (long)Dataset.PerDay))];
                    var author = Dataset.Author(from + (int)(k / Dataset.PerDay % authors));
                    body.Append(body.Length > 1 ? "," : string.Empty)
                        .Append(CultureInfo.InvariantCulture, $$"""{"authorAccountId":"{{author}}","startDate":"{{day}}","startTime":"{{StartTimes[k % Dataset.PerDay]}}","timeSpentSeconds":1800,"description":"bench"}""");
                }

                body.Append(']');
                var path = $"/4/worklogs/issue/{Issues[c % Issues.Length].ToString(CultureInfo.InvariantCulture)}/bulk";
                while (true)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body.ToString(), Encoding.UTF8, "application/json") };
                    request.Headers.Authorization = new("Bearer", token);
                    using var response = await api.Http.SendAsync(request);
                    if (response.IsSuccessStatusCode)
                    {
                        break;
                    }

                    if (response.StatusCode != HttpStatusCode.Conflict)
                    {
                        throw new InvalidOperationException($"Seeding: {path} answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }

                    Interlocked.Increment(ref conflicts);
                }
            }
        })));
        return (total, watch.Elapsed.TotalSeconds, conflicts);
    }

    // ---- wrk Lua scripts, written into the log directory for each run. wrk runs LuaJIT (Lua 5.1: no integer division).
    // Each wrk thread has its own Lua state: setup() (in the main state) gives each its index and the stride, a
    // thread's requests are the indexes first, first + stride, ...; response() counts answers by status, and done()
    // (main state again) prints every thread's counts as `tempo-status <status> <count>` for Statuses().

    private static string Prologue(BenchOptions options, string name, string? filePrefix) => $$"""
        -- {{name}}: written by Tempo.Bench.Gate (mode writes, bench/Gate.Bench/WritesBench.cs) for one wrk run.
        local threads, started = {}, 0
        function setup(thread)
          thread:set("first", started)
          thread:set("stride", {{options.Threads}})
          {{(filePrefix is null ? "-- no id files" : $"thread:set(\"idfile\", \"{filePrefix}\" .. started .. \".txt\")")}}
          started = started + 1
          threads[#threads + 1] = thread
        end
        statuses = {}
        local headers = {}
        local function prepare()
          -- wrk.format uses the headers it is given instead of wrk's (-H): copy the token's in.
          for key, value in pairs(wrk.headers) do headers[key] = value end
          headers["Content-Type"] = "application/json"
        end
        local function uptime()
          local f = io.open("/proc/uptime")
          local seconds = f:read("*n")
          f:close()
          return seconds
        end
        function response(status, headers, body)
          statuses[status] = (statuses[status] or 0) + 1
          if record then record(status, body) end
        end
        function done(summary, latency, requests)
          for _, t in ipairs(threads) do
            for status, count in pairs(t:get("statuses")) do io.write(string.format("tempo-status %d %d\n", status, count)) end
            local began, finished = t:get("began"), t:get("finished")
            if began then io.write(string.format("tempo-thread %.2f %.2f\n", began, finished or -1)) end
          end
        end
        local issues = { {{string.Join(", ", Issues)}} }
        local days = { {{string.Join(", ", DayTexts.Select(d => $"\"{d}\""))}} }

        """;

    /// <summary>
    /// One worklog a request, request k to author k mod authors, day k / authors (mod the days) and issue 263k mod 500
    /// (263 is prime to 500: consecutive requests go to other issues, all 500 in turn), as WorklogWrites.Bench's
    /// Creates body. With <paramref name="idPrefix"/>, each thread appends "id author day" of every 2xx answer to its own file.
    /// </summary>
    private static string CreateScript(BenchOptions options, string name, int authors, string? idPrefix) => Write(options, name, Prologue(options, name, idPrefix) + $$"""
        local authors = {{authors}}
        local n, every, ids
        function init(args)
          prepare()
          n, every = first or 0, stride or 1
          if idfile then ids = io.open(idfile, "w") end
        end
        function request()
          local k = n
          n = n + every
          local body = string.format('{"authorAccountId":"557058:bench-%05d","issueId":%d,"startDate":"%s","startTime":"17:00:00","timeSpentSeconds":1800,"description":"bench create"}',
            k % authors, issues[(k * 263) % #issues + 1], days[math.floor(k / authors) % #days + 1])
          return wrk.format("POST", "{{CreatePath}}", headers, body)
        end
        function record(status, body)
          if ids and status < 300 then
            local id = string.match(body, '"tempoWorklogId":(%d+)')
            local author = string.match(body, '"author":{[^}]-"accountId":"([^"]+)"')
            local day = string.match(body, '"startDate":"([%d-]+)"')
            if id and author and day then
              ids:write(id, " ", author, " ", day, "\n")
              ids:flush()
            end
          end
        end

        """);

    /// <summary>50 worklogs a request, request r on issue r mod 500 (all 500 in turn), its items to consecutive authors and days.</summary>
    private static string BulkScript(BenchOptions options, string name, int authors) => Write(options, name, Prologue(options, name, null) + $$"""
        local authors = {{authors}}
        local n, every
        function init(args)
          prepare()
          n, every = first or 0, stride or 1
        end
        function request()
          local r = n
          n = n + every
          local items = {}
          for i = 0, {{BulkItems - 1}} do
            local k = r * {{BulkItems}} + i
            items[#items + 1] = string.format('{"authorAccountId":"557058:bench-%05d","startDate":"%s","startTime":"10:00:00","timeSpentSeconds":1800,"description":"bench bulk"}',
              k % authors, days[math.floor(k / authors) % #days + 1])
          end
          return wrk.format("POST", "/4/worklogs/issue/" .. issues[r % #issues + 1] .. "/bulk", headers, "[" .. table.concat(items, ",") .. "]")
        end

        """);

    /// <summary>The "id author day" lines of the id files, each thread its stride of them.</summary>
    private static string ReadIds(IEnumerable<string> files) => $$"""
        local rows = {}
        local function load()
          local n, mine, every = 0, first or 0, stride or 1
          for _, path in ipairs({ {{string.Join(", ", files.Select(f => $"\"{f}\""))}} }) do
            for line in io.lines(path) do
              if n % every == mine then
                local id, author, day = string.match(line, "^(%d+) (%S+) (%S+)$")
                if id then rows[#rows + 1] = { id, author, day } end
              end
              n = n + 1
            end
          end
        end

        """;

    /// <summary>An update in place of each created worklog in turn (same author and day, another time and description), as WorklogWrites.Bench's Updates.</summary>
    private static string UpdateScript(BenchOptions options, string name, IEnumerable<string> files) => Write(options, name, Prologue(options, name, null) + ReadIds(files) + """
        local i = 0
        function init(args)
          prepare()
          load()
        end
        function request()
          i = i + 1
          local row = rows[(i - 1) % #rows + 1]
          local body = string.format('{"authorAccountId":"%s","startDate":"%s","startTime":"08:00:00","timeSpentSeconds":900,"description":"edited %d"}', row[2], row[3], i)
          return wrk.format("PUT", "/4/worklogs/" .. row[1], headers, body)
        end

        """);

    /// <summary>
    /// A DELETE of each created worklog once. wrk asks delay() before each request of a connection and calls request()
    /// when that delay ends, so delay() is where a connection reserves the next id: once a thread has reserved all of
    /// its ids, its connections wait instead of sending more, and when the last answer is in, the thread notes the time
    /// (/proc/uptime) and stops. So every DELETE is sent once, answered and counted, and nothing else is sent. (wrk
    /// also calls request() once before the run, unasked by delay(), to check the script: that one is not sent.)
    /// </summary>
    private static string DeleteScript(BenchOptions options, string name, IEnumerable<string> files) => Write(options, name, Prologue(options, name, null) + ReadIds(files) + $$"""
        local reserved, i, answered = 0, 0, 0
        function init(args)
          prepare()
          load()
          began = uptime()
          if #rows == 0 then finished = began end
        end
        function delay()
          if reserved >= #rows then return 3600000 end
          reserved = reserved + 1
          return 0
        end
        function request()
          if reserved == 0 or #rows == 0 then
            -- wrk's check of the script before the run: not sent.
            return wrk.format("GET", "{{HttpBench.Endpoint}}")
          end
          i = i + 1
          -- Never past the end (delay() reserved it); if it were, the repeated DELETE would show as a 404.
          return wrk.format("DELETE", "/4/worklogs/" .. rows[math.min(i, #rows)][1], headers)
        end
        function record(status, body)
          answered = answered + 1
          if answered >= #rows and not finished then
            finished = uptime()
            wrk.thread:stop()
          end
        end

        """);

    private static string Write(BenchOptions options, string name, string script)
    {
        Directory.CreateDirectory(options.LogDirectory);
        var path = Path.Combine(options.LogDirectory, name + ".lua");
        File.WriteAllText(path, script);
        return path;
    }

    [GeneratedRegex(@"^tempo-status (\d+) (\d+)$", RegexOptions.Multiline)]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"^tempo-thread ([\d.]+) (-?[\d.]+)$", RegexOptions.Multiline)]
    private static partial Regex ThreadLine();
}
