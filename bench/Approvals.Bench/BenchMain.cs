using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tempo.Api.Hosting;
using Tempo.Grains.Approvals;
using Tempo.Grains.Interfaces.Worklogs;
using Tempo.Grains.Worklogs;

namespace Tempo.Bench.Approvals;

/// <summary>
/// Worklog create throughput with the worklog lock on (the real <see cref="ApprovalsPeriodClosureCheck"/>: the
/// tenant's periods grain plus an admission and release at each author's timesheet) against every period open
/// (<see cref="AllPeriodsOpen"/>), in the same process: tenants named <c>open-*</c> skip the lock. Rounds
/// alternate between the two so that machine noise falls on both.
/// </summary>
public static class BenchMain
{
    public static async Task<int> Main(string[] args)
    {
        var rounds = Option(args, "--rounds", 6);
        var perRound = Option(args, "--creates", 3000);
        var inFlight = Option(args, "--in-flight", 16);
        var authors = Option(args, "--authors", 100);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.Configuration["Tempo:SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture);
        builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<IPeriodClosureCheck>(sp => new LockSwitch(ActivatorUtilities.CreateInstance<ApprovalsPeriodClosureCheck>(sp)));
        // Benchmarks measure throughput, not the per-token rate limit: lift it out of the way.
        foreach (var setting in new[] { "PerSecond", "Burst", "MaxPerSecond", "MaxBurst" })
        {
            builder.Configuration[$"Tokens:RateLimit:{setting}"] = "10000000";
        }

        builder.AddTempoOrleans();
        builder.AddTempoApi();
        await using var app = builder.Build();
        app.UseTempoApi();
        app.MapTempoEndpoints();
        await app.StartAsync();
        var grains = app.Services.GetRequiredService<IGrainFactory>();

        Console.WriteLine($"{rounds} rounds of {perRound} creates a mode, {inFlight} in flight, {authors} authors over 3 months (3 monthly timesheets an author)");
        var locked = new List<double>();
        var open = new List<double>();
        for (var round = 0; round < rounds + 1; round++)
        {
            foreach (var lockOn in round % 2 == 0 ? new[] { true, false } : [false, true])
            {
                var tenant = new TenantId((lockOn ? "locked-" : "open-") + round.ToString(CultureInfo.InvariantCulture));
                var rate = await CreatesPerSecondAsync(grains.GetWorklogsGrain(tenant), perRound, inFlight, authors);
                if (round == 0)
                {
                    continue; // warm-up
                }

                (lockOn ? locked : open).Add(rate);
                Console.WriteLine($"round {round} lock {(lockOn ? "on " : "off")}: {rate,8:F0} creates/s");
            }
        }

        static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
        Console.WriteLine($"median: lock on {Median(locked):F0} creates/s, all periods open {Median(open):F0} creates/s, ratio {Median(locked) / Median(open):F2}");
        await app.StopAsync();
        return 0;
    }

    private static async Task<double> CreatesPerSecondAsync(IWorklogsGrain worklogs, int count, int inFlight, int authors)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var draft = new WorklogDraft($"557058:bench-{i % authors}", 10_000 + (i % 50), new DateOnly(2026, 4, 1).AddDays(i % 90), new TimeOnly(9, 0), 600, null, null, []);
                var result = await worklogs.CreateAsync(draft, bypassPeriodClosures: false);
                if (!result.IsOk)
                {
                    throw new InvalidOperationException($"create {i} refused: {result.Error}");
                }
            }
        }));
        return count / clock.Elapsed.TotalSeconds;
    }

    private sealed class LockSwitch(IPeriodClosureCheck locked) : IPeriodClosureCheck
    {
        private static readonly AllPeriodsOpen Open = new();

        public ValueTask<bool> IsClosedAsync(TenantId tenant, string authorAccountId, DateOnly day) =>
            tenant.Value.StartsWith("open-", StringComparison.Ordinal) ? Open.IsClosedAsync(tenant, authorAccountId, day) : locked.IsClosedAsync(tenant, authorAccountId, day);

        public ValueTask<PeriodAdmission> AdmitAsync(TenantId tenant, IReadOnlyCollection<(string Author, DateOnly Day)> writes) =>
            tenant.Value.StartsWith("open-", StringComparison.Ordinal) ? ValueTask.FromResult(PeriodAdmission.Open) : locked.AdmitAsync(tenant, writes);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
