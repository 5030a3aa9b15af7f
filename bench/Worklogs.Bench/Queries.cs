using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Tempo.Bench.Worklogs;

/// <summary>The four measured queries, each over HTTP with a worklogs:view token, with parameters drawn at random.</summary>
public sealed class Queries(HttpClient http, Dataset data, int measuredAuthors)
{
    public static readonly string[] Names = ["author's month", "issue's worklogs", "project's week", "GET /4/worklogs one day"];

    private static string D(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The URL of query <paramref name="kind"/> with random parameters.</summary>
    public string Url(int kind, Random random)
    {
        switch (kind)
        {
            case 0:
                var month = new DateOnly(2025, 1 + random.Next(11), 1);
                return $"/4/worklogs/user/{Dataset.Author(random.Next(measuredAuthors))}?from={D(month)}&to={D(month.AddMonths(1).AddDays(-1))}&limit=1000";
            case 1:
                return $"/4/worklogs/issue/{Dataset.Issue(random.Next(Dataset.Projects), random.Next(Dataset.IssuesPerProject))}";
            case 2:
                var monday = data.WorkingDays[random.Next(data.WorkingDays.Count / 5) * 5];
                return $"/4/worklogs/project/{Dataset.FirstProject + random.Next(Dataset.Projects)}?from={D(monday)}&to={D(monday.AddDays(4))}";
            default:
                var day = data.WorkingDays[random.Next(data.WorkingDays.Count)];
                return $"/4/worklogs?from={D(day)}&to={D(day)}";
        }
    }

    /// <summary>Runs every query <paramref name="samples"/> times, interleaved, after <paramref name="warmup"/> rounds.</summary>
    public async Task<Measurement[]> MeasureAsync(int samples, int warmup, int seed)
    {
        var random = new Random(seed);
        var gcBefore = (Gen0: GC.CollectionCount(0), Gen1: GC.CollectionCount(1), Gen2: GC.CollectionCount(2), Pause: GC.GetTotalPauseDuration());
        var latencies = Names.Select(_ => new List<double>()).ToArray();
        var results = Names.Select(_ => new List<int>()).ToArray();
        for (var round = 0; round < warmup + samples; round++)
        {
            for (var kind = 0; kind < Names.Length; kind++)
            {
                var url = Url(kind, random);
                var watch = Stopwatch.StartNew();
                using var response = await http.GetAsync(url);
                var body = await response.Content.ReadAsStringAsync();
                watch.Stop();
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"{url}: {(int)response.StatusCode} {body}");
                }

                if (round >= warmup)
                {
                    latencies[kind].Add(watch.Elapsed.TotalMilliseconds);
                    results[kind].Add(JsonNode.Parse(body)!["results"]!.AsArray().Count);
                }
            }
        }

        Gc = string.Create(CultureInfo.InvariantCulture,
            $"{GC.CollectionCount(0) - gcBefore.Gen0} gen0, {GC.CollectionCount(1) - gcBefore.Gen1} gen1, {GC.CollectionCount(2) - gcBefore.Gen2} gen2 collections, {(GC.GetTotalPauseDuration() - gcBefore.Pause).TotalMilliseconds:N0} ms paused");
        return [.. Names.Select((name, k) => new Measurement(name, [.. latencies[k].Order()], results[k].Average()))];
    }

    /// <summary>What the garbage collector did during the last <see cref="MeasureAsync"/>.</summary>
    public string Gc { get; private set; } = string.Empty;

    public sealed record Measurement(string Name, double[] SortedMs, double MeanResults)
    {
        public double P50 => Percentile(0.50);

        public double P99 => Percentile(0.99);

        public double Max => SortedMs[^1];

        private double Percentile(double q) => SortedMs[Math.Clamp((int)Math.Ceiling(q * SortedMs.Length) - 1, 0, SortedMs.Length - 1)];
    }
}
