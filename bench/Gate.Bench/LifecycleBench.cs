using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Tempo.Bench.Gate;

/// <summary>
/// Token lifecycle throughput through the management HTTP API (<c>POST /api-integration/tokens</c>,
/// <c>POST .../{id}/regenerate</c>, <c>DELETE .../{id}</c>) of one Release process on the in-memory service:
/// concurrent workers, each on its own users (a user's index grain serializes that user's creates and deletes).
/// </summary>
public static class LifecycleBench
{
    private sealed record Phase(string Name, double OpsPerSecond, double P50Ms, double P99Ms, int Failures);

    public static async Task RunAsync(BenchOptions options)
    {
        var workers = options.LifecycleWorkers;
        var usersPerWorker = Math.Max(1, (int)Math.Ceiling(options.LifecycleTokens / (double)workers / 150));
        var perUser = (int)Math.Ceiling(options.LifecycleTokens / (double)(workers * usersPerWorker));
        var total = workers * usersPerWorker * perUser;

        Console.WriteLine();
        Console.WriteLine("## Token lifecycle: management HTTP API on the in-memory service");
        Console.WriteLine();
        await using var api = await ApiProcess.StartAsync(options, "lifecycle", new Dictionary<string, string>());
        Console.WriteLine($"- one Release API process (Benchmark environment, development sign-in on, memory storage) on CPUs {Machine.CpusAllowed(api.Pid)}; " +
            $"the HTTP client (this process, {workers} concurrent workers, {workers * usersPerWorker} users × {perUser} tokens = {total:N0} tokens per repeat) on CPUs {Machine.CpusAllowed(Environment.ProcessId)}");
        Console.WriteLine($"- machine: {Machine.Describe()}");

        var results = new List<Phase[]>();
        for (var repeat = 0; repeat < options.LifecycleRepeats + 1; repeat++)
        {
            var users = new List<(string Jwt, List<string> Ids)>[workers];
            for (var w = 0; w < workers; w++)
            {
                users[w] = [];
                for (var u = 0; u < usersPerWorker; u++)
                {
                    users[w].Add((await api.SignInAsync($"bench:life:{repeat}:{w}:{u}"), []));
                }
            }

            var create = await PhaseAsync("create", users, perUser, async (jwt, ids, i) =>
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
            var regenerate = await PhaseAsync("regenerate", users, perUser, async (jwt, ids, i) =>
            {
                if (i >= ids.Count)
                {
                    return false;
                }

                using var response = await api.Http.SendAsync(Request(HttpMethod.Post, $"/api-integration/tokens/{ids[i]}/regenerate", jwt));
                return response.StatusCode == HttpStatusCode.OK;
            });
            var delete = await PhaseAsync("delete", users, perUser, async (jwt, ids, i) =>
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

        Console.WriteLine($"- resident size after {options.LifecycleRepeats + 1} repeats: {api.RssKiB / 1024.0:N0} MiB; load average now {Machine.LoadAverage}");
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
}
