using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Runtime;
using System.Runtime.InteropServices;
using Tempo.Bench.Schemes;
using Tempo.Grains.Interfaces;
using Tempo.Grains.Interfaces.Schemes;

// Seeds a tenant with 100,000 users over 20 workload and 20 holiday schemes (15 holidays each) through grain calls,
// then measures over HTTP a year's schedule (p50, p99) and 1,000 moves one at a time (bytes written per move, moves
// per second), and the same moves in a tenant a tenth the size for comparison. Options: --users N (100000),
// --samples N (1000), --warmup N (300), --moves N (1000).
var options = Options.Parse(args);
Console.WriteLine($"# Schemes benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores ({Cpu()}); {RuntimeInformation.OSDescription}, .NET {Environment.Version}, server GC {GCSettings.IsServerGC}");

await using var host = await BenchHost.StartAsync();
using var viewer = await host.ClientAsync("VIEW");
using var manager = await host.ClientAsync("MANAGE");

var big = await SeedAsync(TenantId.Default, options.Users);
host.Storage.Take();

// A year's schedule of random users, over HTTP.
var random = new Random(7);
Console.WriteLine($"load average before measuring: {LoadAverage()}");
var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
var latencies = new List<double>(options.Samples);
for (var i = 0; i < options.Warmup + options.Samples; i++)
{
    var user = big.Users[random.Next(big.Users.Length)];
    var started = Stopwatch.GetTimestamp();
    using var response = await viewer.GetAsync($"/4/user-schedule/{Uri.EscapeDataString(user)}?from=2026-01-01&to=2026-12-31");
    var body = await response.Content.ReadAsByteArrayAsync();
    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    if (response.StatusCode != HttpStatusCode.OK || body.Length < 10_000)
    {
        throw new InvalidOperationException($"schedule of {user}: {(int)response.StatusCode}, {body.Length} bytes");
    }

    if (i >= options.Warmup)
    {
        latencies.Add(elapsed);
    }
}

latencies.Sort();
Console.WriteLine($"garbage collections while measuring: gen0 {GC.CollectionCount(0) - gcBefore.Item1}, gen1 {GC.CollectionCount(1) - gcBefore.Item2}, gen2 {GC.CollectionCount(2) - gcBefore.Item3}");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"year schedule over HTTP ({options.Samples} samples after {options.Warmup} warm-up, 365 days each): p50 {Percentile(latencies, 0.50):N2} ms, p99 {Percentile(latencies, 0.99):N2} ms, max {latencies[^1]:N2} ms"));
host.Storage.Take();

// Moves one at a time over HTTP in the big tenant.
var watch = Stopwatch.StartNew();
for (var i = 0; i < options.Moves; i++)
{
    var index = (int)((long)i * 97 % big.Users.Length);
    var target = big.Workload[(index + 1) % big.Workload.Length];
    using var response = await manager.PostAsJsonAsync($"/4/workload-schemes/{target}/members", new { accountIds = new[] { big.Users[index] } });
    if (response.StatusCode != HttpStatusCode.NoContent)
    {
        throw new InvalidOperationException($"move: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}

var bigSeconds = watch.Elapsed.TotalSeconds;
var bigWrites = host.Storage.Take();
Report($"{options.Users:N0} users, over HTTP", bigWrites, bigSeconds);

// The same moves in a tenant a tenth the size, through grain calls: bytes a move should not depend on the tenant's size.
var small = await SeedAsync(new TenantId("bench-small"), options.Users / 10, holidays: false);
host.Storage.Take();
var smallSchemes = host.Grains.GetGrain<ISchemesGrain>(SchemesGrainKeys.For(small.Tenant));
watch.Restart();
for (var i = 0; i < options.Moves; i++)
{
    var index = (int)((long)i * 97 % small.Users.Length);
    var moved = await smallSchemes.AssignMembersAsync(SchemeKind.Workload, small.Workload[(index + 1 + (i / small.Users.Length)) % small.Workload.Length], [small.Users[index]]);
    Check(moved);
}

Report($"{options.Users / 10:N0} users, grain calls", host.Storage.Take(), watch.Elapsed.TotalSeconds);

void Report(string label, IReadOnlyDictionary<string, (long Writes, long Bytes)> writes, double seconds)
{
    var bytes = writes.Values.Sum(w => w.Bytes);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{options.Moves:N0} moves ({label}): {options.Moves / seconds:N0} moves/s, {bytes / (double)options.Moves:N0} bytes written per move ({writes.Values.Sum(w => w.Writes) / (double)options.Moves:N2} writes)"));
    foreach (var (name, (count, size)) in writes.OrderBy(w => w.Key, StringComparer.Ordinal))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: {count:N0} writes, {size / (double)count:N0} bytes each, {size / (double)options.Moves:N0} bytes per move"));
    }
}

async Task<Seeded> SeedAsync(TenantId tenant, int users, bool holidays = true)
{
    var seedWatch = Stopwatch.StartNew();
    var schemes = host.Grains.GetGrain<ISchemesGrain>(SchemesGrainKeys.For(tenant));
    var workload = new int[20];
    var holidaySchemes = new int[20];
    for (var s = 0; s < 20; s++)
    {
        var hours = 3_600L * (4 + (s % 5));
        var created = await schemes.CreateWorkloadSchemeAsync(new WorkloadSchemeInput($"Workload {s}", "bench", [hours, hours, hours, hours, hours, s % 2 == 0 ? 0 : hours, 0]));
        workload[s] = Check(created).Scheme.Id;
        var holidayScheme = Check(await schemes.CreateHolidaySchemeAsync(new HolidaySchemeInput($"Holidays {s}", "bench"))).Scheme.Id;
        holidaySchemes[s] = holidayScheme;
        for (var h = 0; h < 15 && holidays; h++)
        {
            var type = h % 3 == 0 ? HolidayType.Floating : HolidayType.Fixed;
            var date = new DateOnly(type == HolidayType.Floating ? 2026 : 2000, 1 + (h * 7 % 12), 1 + ((h * 11 + s) % 28));
            Check(await schemes.CreateHolidayAsync(holidayScheme, new HolidayInput($"Holiday {h}", null, type, date, h % 4 == 0 ? 14_400 : 28_800)));
        }
    }

    var ids = Enumerable.Range(0, users).Select(i => string.Create(CultureInfo.InvariantCulture, $"557058:bench-{i:D6}")).ToArray();
    var batches = Enumerable.Range(0, 20)
        .SelectMany(s => ids.Where((_, i) => i % 20 == s).Chunk(1_000).SelectMany(chunk => holidays
            ? new[] { (SchemeKind.Workload, workload[s], chunk), (SchemeKind.Holiday, holidaySchemes[s], chunk) }
            : [(SchemeKind.Workload, workload[s], chunk)]))
        .ToArray();
    await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (batch, _) =>
        Check(await schemes.AssignMembersAsync(batch.Item1, batch.Item2, [.. batch.chunk])));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"tenant '{tenant}': 20 workload schemes, {(holidays ? "20 holiday schemes of 15 holidays" : "no holiday schemes")}, {users:N0} users assigned through grain calls in {seedWatch.Elapsed.TotalSeconds:N1} s"));
    return new Seeded(tenant, ids, workload);
}

static T Check<T>(GrainResult<T> result) => result.IsOk ? result.Value! : throw new InvalidOperationException($"{result.Status}: {result.Error}");

static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static string Cpu() =>
    File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
        : "?";

internal sealed record Seeded(TenantId Tenant, string[] Users, int[] Workload);

internal sealed record Options(int Users, int Samples, int Warmup, int Moves)
{
    public static Options Parse(string[] args)
    {
        int Read(string name, int fallback)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
        }

        return new Options(Read("--users", 100_000), Read("--samples", 1_000), Read("--warmup", 300), Read("--moves", 1_000));
    }
}
