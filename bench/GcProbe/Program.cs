using System.Diagnostics;
using System.Globalization;
using System.Runtime;

// Whether a gen2 collection runs in the background or with every thread stopped, in a process shaped like the API at
// the write benchmark's 1,000,000 size: millions of small live objects held in arrays (partitions of rows), then a
// load that allocates garbage and keeps one object in ten, written into the old arrays. An idle spell between the
// two lets the runtime end its background-GC thread. Run it pinned (`taskset -c 1`) to see the one-CPU case.
//
//   dotnet Tempo.Bench.GcProbe.dll [--objects-millions 8] [--idle 25] [--seconds 30] [--sustained-low-latency]
var options = Options.Parse(args);
if (options.SustainedLowLatency)
{
    GCSettings.LatencyMode = GCLatencyMode.SustainedLowLatency;
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"CPUs {Environment.ProcessorCount}, server collector {GCSettings.IsServerGC}, latency mode {GCSettings.LatencyMode}; {options.ObjectsMillions} million live objects, idle {options.IdleSeconds} s, load {options.Seconds} s"));

var partitions = new List<Row[]>();
for (var p = 0; p < options.ObjectsMillions * 1000; p++)
{
    var rows = new Row[1000];
    for (var r = 0; r < rows.Length; r++)
    {
        rows[r] = new Row(p * 1000L + r, "row " + r);
    }

    partitions.Add(rows);
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"built: managed heap {GC.GetTotalMemory(false) >> 20} MiB, {GC.CollectionCount(2)} gen2 collections so far"));
Thread.Sleep(TimeSpan.FromSeconds(options.IdleSeconds));

var random = new Random(1);
// Each kind's latest collection: a background gen2 ends while gen0 collections go on, so the latest of any kind can hide it.
GCKind[] kinds = [GCKind.FullBlocking, GCKind.Background];
var seen = kinds.Select(k => GC.GetGCMemoryInfo(k).Index).ToHashSet();
var clock = Stopwatch.StartNew();
var sink = 0L;
while (clock.Elapsed.TotalSeconds < options.Seconds)
{
    for (var i = 0; i < 1000; i++)
    {
        sink += new byte[200].Length;
        var row = new Row(i, null);
        if (i % 10 == 0)
        {
            var rows = partitions[random.Next(partitions.Count)];
            rows[random.Next(rows.Length)] = row;
        }
    }

    foreach (var kind in kinds)
    {
        var info = GC.GetGCMemoryInfo(kind);
        if (info.Index != 0 && info.Generation == 2 && seen.Add(info.Index))
        {
            var pause = info.PauseDurations.ToArray().Sum(p => p.TotalMilliseconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{clock.Elapsed.TotalSeconds,6:F1} s into the load: gen2 #{info.Index} {(info.Concurrent ? "in the background" : "with every thread stopped")}{(info.Compacted ? ", compacting" : "")}: paused {pause:F0} ms, heap {info.HeapSizeBytes >> 20} MiB"));
        }
    }
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"load: {GC.CollectionCount(0)} collections in all, {GC.GetTotalPauseDuration().TotalSeconds:F1} s paused since start ({sink >> 20} MiB of garbage)"));

internal sealed record Row(long Id, string? Text);

internal sealed record Options(int ObjectsMillions, int IdleSeconds, int Seconds, bool SustainedLowLatency)
{
    public static Options Parse(string[] args)
    {
        var options = new Options(8, 25, 30, false);
        for (var i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--objects-millions" => options with { ObjectsMillions = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--idle" => options with { IdleSeconds = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--seconds" => options with { Seconds = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--sustained-low-latency" => options with { SustainedLowLatency = true },
                _ => throw new ArgumentException($"unknown option '{args[i]}': --objects-millions N, --idle S, --seconds S, --sustained-low-latency"),
            };
        }

        return options;
    }
}
