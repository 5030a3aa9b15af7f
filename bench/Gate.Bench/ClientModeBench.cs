using System.Diagnostics;
using System.Globalization;
using System.Net;
using Tempo.Cluster.Tests.Infrastructure;
using Tempo.Grains.Hosting;

namespace Tempo.Bench.Gate;

/// <summary>
/// The gate in a real deployment's shape (issue 17): an API process in <c>Tempo:Mode=Client</c> whose token grains
/// live in a separate silo process, on a throwaway PostgreSQL (membership, storage). The first request of a token
/// misses the gate cache and crosses to the silo; later ones are answered from the cache. Cold and warm single
/// requests are timed apart, then wrk loads the client-mode API (G) interleaved with the ungated in-memory process
/// (B): the endpoint makes no grain call of its own, so G against B is what the gate costs a client-mode API.
/// </summary>
public static class ClientModeBench
{
    private const int ColdTokens = 30;

    internal static async Task RunAsync(BenchOptions options, HttpBench.Case ungated)
    {
        Console.WriteLine();
        Console.WriteLine("## HTTP: an API process in client mode against a silo process");
        Console.WriteLine();
        await using var postgres = await PostgresServer.StartAsync();
        var connectionString = await postgres.CreateDatabaseAsync();
        await OrleansDatabase.MigrateAsync(connectionString);
        var cluster = new Dictionary<string, string>
        {
            ["Tempo:Clustering"] = "AdoNet",
            ["Tempo:GrainStorage"] = "AdoNet",
            ["Tempo:Reminders"] = "AdoNet",
            ["Tempo:ClusterId"] = "bench-client",
            ["ConnectionStrings:Orleans"] = connectionString,
        };
        await using var silo = await ApiProcess.StartSiloAsync(options, "silo", new Dictionary<string, string>(cluster) { ["Tempo:GatewayPort"] = ApiProcess.FreeTcpPort().ToString(CultureInfo.InvariantCulture) });
        await using var client = await ApiProcess.StartAsync(options, "client-api", new Dictionary<string, string>(cluster) { ["Tempo:Mode"] = "Client" });
        Console.WriteLine($"- load average at the start of the client-mode part: {Machine.LoadAverage}");
        Console.WriteLine($"- a silo process (pid {silo.Pid}, CPUs {Machine.CpusAllowed(silo.Pid)}) and an API process in client mode (pid {client.Pid}, CPUs {Machine.CpusAllowed(client.Pid)}), PostgreSQL on loopback");

        var jwt = await client.SignInAsync("bench:client");
        var cold = new List<double>();
        var warm = new List<double>();
        for (var i = 0; i < ColdTokens; i++)
        {
            var token = await client.CreateAccountsViewTokenAsync(jwt);
            cold.Add(await TimeAsync(client, token));
            warm.Add(await TimeAsync(client, token));
        }

        cold.Sort();
        warm.Sort();
        Console.WriteLine($"- one request at a time, {ColdTokens} new tokens: **cold (first request, a cache miss: one grain call to the silo) p50 {Ms(cold, 0.5)} ms, p90 {Ms(cold, 0.9)} ms; " +
            $"warm (the next request, a hit) p50 {Ms(warm, 0.5)} ms, p90 {Ms(warm, 0.9)} ms** (client to API over loopback HTTP, including the endpoint)");

        var valid = await client.CreateAccountsViewTokenAsync(jwt);
        await HttpBench.ExpectAsync(client, HttpBench.Endpoint, valid, HttpStatusCode.OK, null);
        var g = new HttpBench.Case("G", "valid token, gate on, API in client mode", client, valid, ExpectOk: true);
        var b = new HttpBench.Case("B", ungated.Label, ungated.Server, ungated.Token, ExpectOk: true);
        // O in client mode (issue 21): the same user's OAuth access token on the client-mode API, next to G.
        var oauth = options.OAuth ? await client.CreateOAuthAccountsViewTokenAsync(jwt) : null;
        HttpBench.Case? o = null;
        if (oauth is not null)
        {
            await HttpBench.ExpectAsync(client, HttpBench.Endpoint, oauth, HttpStatusCode.OK, null);
            o = new HttpBench.Case("O", "OAuth access token, gate on, API in client mode", client, oauth, ExpectOk: true);
        }

        HttpBench.Case[] oneOrNone = o is null ? [] : [o];
        for (var warmed = 0; warmed < Math.Max(20, options.WarmupSeconds / 2); warmed += 10)
        {
            await Wrk.RunAsync(g.Server, g.Url, g.Token, options, 10);
        }

        var siloCpu = new List<double>();
        for (var round = 0; round < options.Rounds; round++)
        {
            foreach (var run in round % 2 == 0 ? [g, b, .. oneOrNone] : (HttpBench.Case[])[.. oneOrNone, b, g])
            {
                var siloBefore = silo.CpuMilliseconds;
                var result = await Wrk.RunAsync(run.Server, run.Url, run.Token, options, options.Seconds);
                run.Runs.Add(result);
                if (run == g)
                {
                    siloCpu.Add((silo.CpuMilliseconds - siloBefore) * 1000 / Math.Max(1, result.Requests));
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine("| case | req/s median (min–max) | p50 ms | p99 ms | API CPU µs/request | responses |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | --- |");
        foreach (var row in new[] { g, b }.Concat(oneOrNone))
        {
            Console.WriteLine($"| {row.Key}: {row.Label} | {Stats.Spread([.. row.Runs.Select(r => r.RequestsPerSecond)], "N0")} | {Stats.F(Stats.Median(row.Runs.Select(r => r.P50Ms)), "N2")} | " +
                $"{Stats.F(Stats.Median(row.Runs.Select(r => r.P99Ms)), "N2")} | {Stats.Spread([.. row.Runs.Select(r => r.ServerCpuMicrosPerRequest)], "N1")} | {HttpBench.Check(row)} |");
        }

        var ratio = Stats.Median(g.Runs.Select(r => r.RequestsPerSecond)) / Stats.Median(b.Runs.Select(r => r.RequestsPerSecond));
        var paired = g.Runs.Zip(b.Runs, (x, y) => x.RequestsPerSecond / y.RequestsPerSecond).ToArray();
        var cpuRatio = Stats.Median(b.Runs.Select(r => r.ServerCpuMicrosPerRequest)) / Stats.Median(g.Runs.Select(r => r.ServerCpuMicrosPerRequest));
        Console.WriteLine();
        Console.WriteLine($"- **client-mode gated / in-memory ungated req/s: {Stats.F(ratio, "N3")}** (per round {Stats.Spread(paired, "N3")}); by CPU per request {Stats.F(cpuRatio, "N3")} " +
            $"(goal ≥ 0.97: {(ratio >= 0.97 ? "met" : $"NOT met, short by {Stats.F(0.97 - ratio, "N3")}")})");
        Console.WriteLine($"- p99 added: {Stats.F(Stats.Median(g.Runs.Select(r => r.P99Ms)) - Stats.Median(b.Runs.Select(r => r.P99Ms)), "N3")} ms; p50 added {Stats.F(Stats.Median(g.Runs.Select(r => r.P50Ms)) - Stats.Median(b.Runs.Select(r => r.P50Ms)), "N3")} ms");
        if (o is not null)
        {
            Console.WriteLine($"- **OAuth access token in client mode, O against G**: req/s {Stats.F(Stats.Median(o.Runs.Select(r => r.RequestsPerSecond)) / Stats.Median(g.Runs.Select(r => r.RequestsPerSecond)), "N3")} " +
                $"(per round {Stats.Spread([.. o.Runs.Zip(g.Runs, (x, y) => x.RequestsPerSecond / y.RequestsPerSecond)], "N3")}); API CPU per request {Stats.F(Stats.Median(o.Runs.Select(r => r.ServerCpuMicrosPerRequest)), "N1")} µs " +
                $"against {Stats.F(Stats.Median(g.Runs.Select(r => r.ServerCpuMicrosPerRequest)), "N1")} µs");
        }

        Console.WriteLine($"- silo CPU per G request (lease renewals only): {Stats.Spread([.. siloCpu], "N2")} µs; load average now {Machine.LoadAverage}");
    }

    private static async Task<double> TimeAsync(ApiProcess api, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, HttpBench.Endpoint);
        request.Headers.Authorization = new("Bearer", token);
        var clock = Stopwatch.StartNew();
        using var response = await api.Http.SendAsync(request);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        return response.StatusCode == HttpStatusCode.OK ? elapsed : throw new InvalidOperationException($"{api.Name}: expected 200, got {(int)response.StatusCode}");
    }

    private static string Ms(List<double> sorted, double quantile) =>
        sorted[Math.Min(sorted.Count - 1, (int)(quantile * sorted.Count))].ToString("N2", CultureInfo.InvariantCulture);
}
