using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Tempo.Api.Hosting;
using Tempo.Api.Tokens;
using Tempo.Grains.Interfaces.Scopes;
using Tempo.Grains.Interfaces.Tokens;
using Tempo.Hosting;

namespace Tempo.Bench.Gate;

/// <summary>
/// Resident size of the service with many active token grains, and after they deactivate. The service runs in this
/// process, built exactly as <c>Api/Program.cs</c> builds it (embedded silo, memory storage, Kestrel on loopback,
/// server GC), so the management grain can force activation collection. Tokens are created and used once through
/// grain calls, as the management endpoint and the gate make them.
/// </summary>
public static class MemoryBench
{
    private const int TokensPerUser = 100;

    private sealed record Snapshot(string Label, long RssKiB, long HeapBytes, long RssAfterAggressiveGcKiB, int TokenActivations, int TotalActivations);

    public static async Task RunAsync(BenchOptions options)
    {
        Console.WriteLine();
        Console.WriteLine($"## Memory: {options.MemoryTokens:N0} active token grains, then deactivated");
        Console.WriteLine();

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Benchmark", Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tokens:HashKey"] = options.HashKey,
            ["DevSignIn:Enabled"] = "true",
            ["Tempo:SiloPort"] = ApiProcess.FreeTcpPort().ToString(),
            ["urls"] = "http://127.0.0.1:0",
            // 100,000 "Token created" lines would only measure the console.
            ["Logging:LogLevel:Default"] = "Warning",
        });
        // Benchmarks measure throughput, not the per-token rate limit: lift it out of the way.
        foreach (var setting in new[] { "PerSecond", "Burst", "MaxPerSecond", "MaxBurst" })
        {
            builder.Configuration[$"Tokens:RateLimit:{setting}"] = "10000000";
        }

        builder.AddTempoOrleans();
        builder.AddTempoApi();
        builder.AddTempoOperations("tempo-api");
        await using var app = builder.Build();
        app.UseTempoApi();
        app.MapTempoHealth();
        app.MapTempoEndpoints();
        await app.StartAsync();

        var grains = app.Services.GetRequiredService<IGrainFactory>();
        var hasher = app.Services.GetRequiredService<TokenSecretHasher>();
        var management = grains.GetGrain<IManagementGrain>(0);
        Console.WriteLine($"- the service in the benchmark process (pid {Environment.ProcessId}, CPUs {Machine.CpusAllowed(Environment.ProcessId)}, server GC {System.Runtime.GCSettings.IsServerGC}); machine: {Machine.Describe()}");

        var collectionAge = app.Services.GetRequiredService<IOptions<GrainCollectionOptions>>().Value.CollectionAge;
        Console.WriteLine($"- Orleans' idle collection age here: {collectionAge} (an idle grain is deactivated after this without intervention)");
        var snapshots = new List<Snapshot> { await SnapshotAsync("started, no tokens", management) };

        var users = (options.MemoryTokens + TokensPerUser - 1) / TokensPerUser;
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, users), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (user, _) =>
        {
            var owner = $"bench:memory:{user}";
            var index = grains.GetGrain<IUserTokensGrain>(AccountId.UserTokensKey(TenantId.Default, owner));
            for (var i = 0; i < TokensPerUser && user * TokensPerUser + i < options.MemoryTokens; i++)
            {
                var id = ApiTokenFormat.NewId();
                hasher.NewToken(id, out var hash);
                var created = await index.CreateAsync(id, new CreateTokenCommand($"memory {i}", 30, null, "FULL", null, hash, false));
                // Used once, as a request through the gate would: the grain then also holds its lastUsedAt timer.
                if (!created.IsOk
                    || (await grains.GetGrain<ITokenGrain>(id.GrainKey).AuthorizeAsync(hash, "accounts", AccessLevel.View)).Outcome != AuthorizeOutcome.Allowed)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        });
        clock.Stop();
        Console.WriteLine($"- created and used {options.MemoryTokens:N0} tokens ({users:N0} users × {TokensPerUser}) through grain calls in {clock.Elapsed.TotalSeconds:N1} s " +
            $"({options.MemoryTokens / clock.Elapsed.TotalSeconds:N0} create+authorize pairs/s, 32 users at a time); failures: {failures}");
        snapshots.Add(await SnapshotAsync($"{options.MemoryTokens:N0} token grains active", management));
        foreach (var type in (await management.GetSimpleGrainStatistics()).Where(s => s.ActivationCount >= 100))
        {
            Console.WriteLine($"  - {type.GrainType}: {type.ActivationCount:N0} activations");
        }


        // Deactivate: every activation idle for over a second, through the management grain; poll until they are gone.
        await Task.Delay(TimeSpan.FromSeconds(2));
        clock.Restart();
        var remaining = int.MaxValue;
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            await management.ForceActivationCollection(TimeSpan.FromSeconds(1));
            remaining = await TokenActivationsAsync(management);
            if (remaining < options.MemoryTokens / 100)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        Console.WriteLine($"- `IManagementGrain.ForceActivationCollection(1 s)` until under 1% remained: {clock.Elapsed.TotalSeconds:N1} s, {remaining:N0} token activations left");
        snapshots.Add(await SnapshotAsync("after deactivation (state still in memory storage)", management));

        Console.WriteLine();
        Console.WriteLine("| state | RSS MiB | managed heap after full GC MiB | RSS after aggressive GC MiB | token activations | all activations |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var s in snapshots)
        {
            Console.WriteLine($"| {s.Label} | {s.RssKiB / 1024.0:N0} | {s.HeapBytes / 1024.0 / 1024.0:N0} | {s.RssAfterAggressiveGcKiB / 1024.0:N0} | {s.TokenActivations:N0} | {s.TotalActivations:N0} |");
        }

        var active = snapshots[1];
        var baseline = snapshots[0];
        var after = snapshots[2];
        Console.WriteLine();
        Console.WriteLine($"- per active token (grain, its state, its user index share, Orleans directory and catalog entries): " +
            $"{(active.HeapBytes - baseline.HeapBytes) / (double)options.MemoryTokens:N0} B of managed heap, " +
            $"{(active.RssAfterAggressiveGcKiB - baseline.RssAfterAggressiveGcKiB) * 1024.0 / options.MemoryTokens:N0} B resident (after aggressive GC)");
        Console.WriteLine($"- after deactivation the heap keeps {(after.HeapBytes - baseline.HeapBytes) / (double)options.MemoryTokens:N0} B per token: the in-memory storage's copy of every token's state (PostgreSQL holds it in a cluster)");
        await app.StopAsync();
    }

    private static async Task<Snapshot> SnapshotAsync(string label, IManagementGrain management)
    {
        var rss = Machine.SelfRssKiB;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var heap = GC.GetTotalMemory(forceFullCollection: false);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var rssAggressive = Machine.SelfRssKiB;
        var statistics = await management.GetSimpleGrainStatistics();
        return new Snapshot(label, rss, heap, rssAggressive, TokenActivations(statistics), statistics.Sum(s => s.ActivationCount));
    }

    private static async Task<int> TokenActivationsAsync(IManagementGrain management) => TokenActivations(await management.GetSimpleGrainStatistics());

    private static int TokenActivations(SimpleGrainStatistic[] statistics) =>
        statistics.Where(s => s.GrainType.Contains("TokenGrain", StringComparison.Ordinal) && !s.GrainType.Contains("UserTokens", StringComparison.Ordinal))
            .Sum(s => s.ActivationCount);
}
