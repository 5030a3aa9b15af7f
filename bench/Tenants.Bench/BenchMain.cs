using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime;
using Tempo.Api.Hosting;

// Many tenants on one process: each gets a user, a token, a few accounts and worklogs through the HTTP API. Reports
// memory per tenant while its grains are active and once they are idle, and shows the idle tenants' grains deactivate.
// Usage: dotnet run -c Release --project bench/Tenants.Bench [-- --tenants 1000 --collection-age 30]
var tenants = Option("--tenants", 1000);
var collectionAge = TimeSpan.FromSeconds(Option("--collection-age", 30));

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
builder.Configuration["Tempo:SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture);
builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
builder.WebHost.UseUrls("http://127.0.0.1:0");
// Production keeps Orleans' default idle age (15 minutes); the mechanism is the same, only sooner here.
builder.Services.Configure<GrainCollectionOptions>(o =>
{
    o.CollectionAge = collectionAge;
    o.CollectionQuantum = TimeSpan.FromSeconds(5);
});
// Benchmarks measure throughput, not the per-token rate limit: lift it out of the way.
foreach (var setting in new[] { "PerSecond", "Burst", "MaxPerSecond", "MaxBurst" })
{
    builder.Configuration[$"Tokens:RateLimit:{setting}"] = "10000000";
}

builder.AddTempoOrleans();
builder.AddTempoApi();
var app = builder.Build();
app.UseTempoApi();
app.MapTempoEndpoints();
await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
var management = app.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}");
Console.WriteLine($"{tenants} tenants, each: 1 user, 1 token, 3 accounts (with a customer), 5 worklogs; idle collection age {collectionAge.TotalSeconds:N0} s");
var baseline = await SnapshotAsync("started, no tenant");

using var http = new HttpClient { BaseAddress = new Uri(address) };
var clock = Stopwatch.StartNew();
var failures = 0;
await Parallel.ForEachAsync(Enumerable.Range(0, tenants), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
{
    try
    {
        await SeedTenantAsync($"bench-{i:D5}");
    }
    catch (Exception exception)
    {
        if (Interlocked.Increment(ref failures) <= 3)
        {
            Console.WriteLine($"tenant {i}: {exception.Message}");
        }
    }
});
Console.WriteLine($"seeded {tenants} tenants in {clock.Elapsed.TotalSeconds:N1} s ({tenants * 10 / clock.Elapsed.TotalSeconds:N0} requests/s), {failures} failed");
var active = await SnapshotAsync("all tenants active");

clock.Restart();
var idle = active;
while (clock.Elapsed < collectionAge * 4)
{
    await Task.Delay(TimeSpan.FromSeconds(5));
    idle = await SnapshotAsync($"idle {clock.Elapsed.TotalSeconds:N0} s");
    if (idle.TenantActivations == 0)
    {
        break;
    }
}

Console.WriteLine();
Console.WriteLine($"tenant grain activations: {active.TenantActivations:N0} active -> {idle.TenantActivations:N0} after {clock.Elapsed.TotalSeconds:N0} s idle");
Console.WriteLine($"memory per active tenant: {PerTenant(active.HeapBytes - baseline.HeapBytes)} managed heap, {PerTenant(active.RssBytes - baseline.RssBytes)} RSS");
Console.WriteLine($"memory per idle tenant:   {PerTenant(idle.HeapBytes - baseline.HeapBytes)} managed heap (what in-memory storage keeps), {PerTenant(idle.RssBytes - baseline.RssBytes)} RSS");
await app.StopAsync();
return failures == 0 && idle.TenantActivations == 0 ? 0 : 1;

async Task SeedTenantAsync(string tenant)
{
    var signIn = await http.PostAsJsonAsync("/dev/sign-in", new { accountId = "557058:owner", tenant });
    var jwt = (await signIn.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
    using var create = new HttpRequestMessage(HttpMethod.Post, "/api-integration/tokens") { Content = JsonContent.Create(new { name = "bench", access = new { type = "FULL" } }) };
    create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", jwt);
    var token = (await (await http.SendAsync(create)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
    await SendAsync(token, "/4/customers", new { key = "CUST", name = $"{tenant} customer" });
    for (var a = 0; a < 3; a++)
    {
        await SendAsync(token, "/4/accounts", new { key = $"ACC{a}", name = $"Account {a}", status = "OPEN", leadAccountId = "557058:lead", customerKey = "CUST" });
    }

    for (var w = 0; w < 5; w++)
    {
        await SendAsync(token, "/4/worklogs", new { authorAccountId = $"557058:author-{w % 2}", issueId = 100 + w, startDate = $"2026-11-{w + 2:D2}", timeSpentSeconds = 3600, description = "bench" });
    }
}

async Task SendAsync(string token, string path, object body)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    var response = await http.SendAsync(request);
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}

async Task<Snapshot> SnapshotAsync(string label)
{
    GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    GC.WaitForPendingFinalizers();
    var statistics = await management.GetSimpleGrainStatistics();
    // Tenant grains: every grain of this service but the token grains (global, one per token) and Orleans' own.
    var tenantActivations = statistics.Where(s => s.GrainType.StartsWith("Tempo.Grains.", StringComparison.Ordinal) && !s.GrainType.Contains(".TokenGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    var tokenActivations = statistics.Where(s => s.GrainType.Contains(".TokenGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    var snapshot = new Snapshot(GC.GetTotalMemory(false), Process.GetCurrentProcess().WorkingSet64, tenantActivations, tokenActivations);
    Console.WriteLine($"- {label,-22} heap {snapshot.HeapBytes / 1048576.0,8:N1} MiB, RSS {snapshot.RssBytes / 1048576.0,8:N1} MiB, tenant grain activations {tenantActivations,6:N0}, token grains {tokenActivations,6:N0}");
    return snapshot;
}

string PerTenant(long bytes) => $"{bytes / (double)tenants / 1024:N1} KiB";

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

internal sealed record Snapshot(long HeapBytes, long RssBytes, int TenantActivations, int TokenActivations);
