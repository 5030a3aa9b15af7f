using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using Tempo.Bench.Worklogs;
using Tempo.Grains.Interfaces.Worklogs;

// Seeds the in-memory service with worklogs through grain calls (in parallel batches), then measures four queries over
// HTTP on loopback at a small size and at the full size, side by side. Options: --authors N (1000), --days N (250),
// --small-authors N (10), --samples N (400), --warmup N (300).
var options = Options.Parse(args);
var data = new Dataset(options.Authors, options.Days);
Console.WriteLine($"# Worklogs benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores ({Cpu()}), {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024 / 1024:N1} GiB for the GC; {RuntimeInformation.OSDescription}, .NET {Environment.Version}, server GC {GCSettings.IsServerGC}");
Console.WriteLine($"dataset: {options.Authors} authors x {data.WorkingDays.Count} working days x {Dataset.PerDay} a day = {data.Count:N0} worklogs, {Dataset.Projects * Dataset.IssuesPerProject} issues in {Dataset.Projects} projects");

await using var host = await BenchHost.StartAsync();
var worklogs = host.Grains.GetWorklogsGrain(TenantId.Default);
using var http = await host.ViewClientAsync();
var queries = new Queries(http, data, options.SmallAuthors);
var baseline = ManagedBytes();

// Small: the first authors, a whole year each (author by author).
var watch = Stopwatch.StartNew();
await SeedAsync(Enumerable.Range(0, options.SmallAuthors).Select(a => data.Drafts([a], data.WorkingDays)), parallel: 2);
var smallCount = (long)options.SmallAuthors * data.WorkingDays.Count * Dataset.PerDay;
Console.WriteLine($"seeded {smallCount:N0} in {watch.Elapsed.TotalSeconds:N1} s");
var smallBytes = ManagedBytes();
Console.WriteLine($"load average before measuring: {LoadAverage()}");
var small = await queries.MeasureAsync(options.Samples, options.Warmup, seed: 1);
var smallGc = queries.Gc;

// Full: everyone else, a week at a time for all of them.
watch.Restart();
var rest = Enumerable.Range(options.SmallAuthors, options.Authors - options.SmallAuthors).ToArray();
await SeedAsync(data.WorkingDays.Chunk(5).Select(week => data.Drafts(rest, week)), parallel: 2, progress: true);
var seedSeconds = watch.Elapsed.TotalSeconds;
Console.WriteLine($"seeded {data.Count - smallCount:N0} more in {seedSeconds:N1} s ({(data.Count - smallCount) / seedSeconds:N0} worklogs/s)");
var fullBytes = ManagedBytes();
Console.WriteLine($"load average before measuring: {LoadAverage()}");
var full = await queries.MeasureAsync(options.Samples, options.Warmup, seed: 2);
var fullGc = queries.Gc;

Console.WriteLine();
Console.WriteLine($"| query ({options.Samples} samples each, HTTP) | p50 at {smallCount:N0} | p99 at {smallCount:N0} | p50 at {data.Count:N0} | p99 at {data.Count:N0} | p50 ratio | p99 ratio | max (small / full) | results a page (small / full) |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
for (var i = 0; i < small.Length; i++)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {small[i].Name} | {small[i].P50:N2} ms | {small[i].P99:N2} ms | {full[i].P50:N2} ms | {full[i].P99:N2} ms | {full[i].P50 / small[i].P50:N2}x | {full[i].P99 / small[i].P99:N2}x | {small[i].Max:N0} / {full[i].Max:N0} ms | {small[i].MeanResults:N1} / {full[i].MeanResults:N1} |"));
}

Console.WriteLine();
Console.WriteLine($"garbage collection while measuring: at {smallCount:N0}: {smallGc}; at {data.Count:N0}: {fullGc}");

Console.WriteLine();
var perThousand = (fullBytes - smallBytes) / ((data.Count - smallCount) / 1000.0);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"memory: managed heap {baseline / 1048576.0:N0} MiB empty, {smallBytes / 1048576.0:N0} MiB at {smallCount:N0}, {fullBytes / 1048576.0:N0} MiB at {data.Count:N0}: {perThousand / 1024:N0} KiB per 1,000 worklogs; process working set {Environment.WorkingSet / 1048576.0:N0} MiB"));

async Task SeedAsync(IEnumerable<IEnumerable<WorklogDraft>> batches, int parallel, bool progress = false)
{
    var done = 0;
    await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (batch, _) =>
    {
        var result = await worklogs.ImportAsync([.. batch]);
        if (result.Status != ResultStatus.Ok)
        {
            throw new InvalidOperationException($"import failed: {result.Status} {result.Error}");
        }

        var n = Interlocked.Increment(ref done);
        if (progress && n % 10 == 0)
        {
            Console.WriteLine($"  {n} batches, {watch.Elapsed.TotalSeconds:N0} s");
        }
    });
}

static long ManagedBytes()
{
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    GC.WaitForPendingFinalizers();
    return GC.GetTotalMemory(forceFullCollection: true);
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static string Cpu() =>
    File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
        : "?";

internal sealed record Options(int Authors, int Days, int SmallAuthors, int Samples, int Warmup)
{
    public static Options Parse(string[] args)
    {
        int Read(string name, int fallback)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
        }

        return new Options(Read("--authors", 1000), Read("--days", 250), Read("--small-authors", 10), Read("--samples", 400), Read("--warmup", 300));
    }
}
