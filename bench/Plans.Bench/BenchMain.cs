using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Tempo.Bench.Plans;
using Tempo.Grains.Interfaces.Plans;

// Seeds the in-memory service with plans through grain calls (IPlansGrain.CreateManyAsync, in parallel batches), then
// measures two queries over HTTP on loopback at a small size and at the full size, side by side.
// Options: --people N (10000), --small-people N (500), --samples N (300), --warmup N (100), --parallel N (2).
var options = Options.Parse(args);
Console.WriteLine($"# Plans benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores ({Cpu()}), {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024 / 1024:N1} GiB for the GC; {RuntimeInformation.OSDescription}, .NET {Environment.Version}, server GC {GCSettings.IsServerGC}");
Console.WriteLine($"dataset: {options.People:N0} people x {Dataset.PlansPerPerson} plans = {options.People * Dataset.PlansPerPerson:N0} plans (a third weekly for 8 weeks), {Dataset.PeoplePerProject} people a project");

await using var host = await BenchHost.StartAsync();
var plans = host.Grains.GetPlansGrain(TenantId.Default);
using var http = await host.ViewClientAsync();

var watch = Stopwatch.StartNew();
await SeedAsync(0, options.SmallPeople);
var smallCount = options.SmallPeople * Dataset.PlansPerPerson;
Console.WriteLine($"seeded {smallCount:N0} in {watch.Elapsed.TotalSeconds:N1} s; load average {LoadAverage()}");
var small = await MeasureAsync(seed: 1);

watch.Restart();
await SeedAsync(options.SmallPeople, options.People, progress: true);
var fullCount = options.People * Dataset.PlansPerPerson;
Console.WriteLine($"seeded {fullCount - smallCount:N0} more in {watch.Elapsed.TotalSeconds:N1} s ({(fullCount - smallCount) / watch.Elapsed.TotalSeconds:N0} plans/s); load average {LoadAverage()}");
var full = await MeasureAsync(seed: 2);

Console.WriteLine();
Console.WriteLine($"| query ({options.Samples} samples each, HTTP) | p50 at {smallCount:N0} | p99 at {smallCount:N0} | p50 at {fullCount:N0} | p99 at {fullCount:N0} | p50 ratio | p99 ratio | results (small / full) |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
for (var i = 0; i < small.Length; i++)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {small[i].Name} | {small[i].P50:N2} ms | {small[i].P99:N2} ms | {full[i].P50:N2} ms | {full[i].P99:N2} ms | {full[i].P50 / small[i].P50:N2}x | {full[i].P99 / small[i].P99:N2}x | {small[i].MeanResults:N1} / {full[i].MeanResults:N1} |"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"managed heap {GC.GetTotalMemory(false) / 1048576.0:N0} MiB, working set {Environment.WorkingSet / 1048576.0:N0} MiB"));

async Task SeedAsync(int firstPerson, int endPerson, bool progress = false)
{
    var done = 0;
    var batches = Enumerable.Range(firstPerson, endPerson - firstPerson).Chunk(Dataset.PeoplePerBatch);
    await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = options.Parallel }, async (people, _) =>
    {
        var result = await plans.CreateManyAsync([.. people.SelectMany(Dataset.Drafts)], "557058:bench-user");
        if (!result.IsOk)
        {
            throw new InvalidOperationException($"seeding failed: {result.Status} {result.Error}");
        }

        if (progress && Interlocked.Increment(ref done) % 40 == 0)
        {
            Console.WriteLine($"  {done * Dataset.PeoplePerBatch * Dataset.PlansPerPerson:N0} plans, {watch.Elapsed.TotalSeconds:N0} s");
        }
    });
}

// Both queries interleaved, parameters drawn among what the small size holds, so both sizes answer the same questions.
async Task<Measurement[]> MeasureAsync(int seed)
{
    string[] names = ["GET /4/plans one month, one project", "GET /4/plans/user/{id} one quarter"];
    var random = new Random(seed);
    var latencies = names.Select(_ => new List<double>()).ToArray();
    var results = names.Select(_ => new List<int>()).ToArray();
    for (var round = 0; round < options.Warmup + options.Samples; round++)
    {
        for (var kind = 0; kind < names.Length; kind++)
        {
            string url;
            if (kind == 0)
            {
                var month = new DateOnly(2026, 1 + random.Next(12), 1);
                url = $"/4/plans?from={D(month)}&to={D(month.AddMonths(1).AddDays(-1))}&projectIds={Dataset.Project(random.Next(options.SmallPeople))}";
            }
            else
            {
                var quarter = new DateOnly(2026, 1 + (3 * random.Next(4)), 1);
                url = $"/4/plans/user/{Dataset.Person(random.Next(options.SmallPeople))}?from={D(quarter)}&to={D(quarter.AddMonths(3).AddDays(-1))}";
            }

            var clock = Stopwatch.StartNew();
            using var response = await http.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            clock.Stop();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{url}: {(int)response.StatusCode} {body}");
            }

            if (round >= options.Warmup)
            {
                latencies[kind].Add(clock.Elapsed.TotalMilliseconds);
                results[kind].Add(JsonNode.Parse(body)!["results"]!.AsArray().Count);
            }
        }
    }

    return [.. names.Select((name, k) => new Measurement(name, [.. latencies[k].Order()], results[k].Average()))];
}

static string D(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static string Cpu() =>
    File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
        : "?";

internal sealed record Measurement(string Name, double[] SortedMs, double MeanResults)
{
    public double P50 => SortedMs[Math.Clamp((int)Math.Ceiling(0.50 * SortedMs.Length) - 1, 0, SortedMs.Length - 1)];

    public double P99 => SortedMs[Math.Clamp((int)Math.Ceiling(0.99 * SortedMs.Length) - 1, 0, SortedMs.Length - 1)];
}

internal sealed record Options(int People, int SmallPeople, int Samples, int Warmup, int Parallel)
{
    public static Options Parse(string[] args)
    {
        int Read(string name, int fallback)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
        }

        return new Options(Read("--people", 10_000), Read("--small-people", 500), Read("--samples", 300), Read("--warmup", 100), Read("--parallel", 2));
    }
}
