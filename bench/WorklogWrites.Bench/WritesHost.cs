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
using Orleans.Storage;
using Tempo.Api.Hosting;
using Tempo.Bench.Worklogs;
using Orleans.Serialization;
using Tempo.Grains;
using Tempo.Grains.Hosting;
using Tempo.Grains.Worklogs;

namespace Tempo.Bench.WorklogWrites;

/// <summary>
/// The whole service in this process, as <c>Api/Program.cs</c> builds it (embedded silo, the token gate, Kestrel on
/// loopback), with in-memory storage or PostgreSQL through AdoNet, the grain storage wrapped in a
/// <see cref="CountingGrainStorage"/>, and the dataset's issue-to-project mapping.
/// </summary>
public sealed class WritesHost : IAsyncDisposable
{
    private WritesHost(WebApplication app, Uri address)
    {
        App = app;
        Address = address;
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public IGrainFactory Grains => App.Services.GetRequiredService<IGrainFactory>();

    public CallCounter Calls => App.Services.GetRequiredService<CallCounter>();

    public CountingGrainStorage Storage => (CountingGrainStorage)App.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);

    /// <param name="postgres">A migrated database's connection string, or null for in-memory storage.</param>
    /// <param name="orleansMemoryStorage">In memory, Orleans' memory storage (a storage grain, a serialized copy) instead of
    /// the service's <see cref="InProcessGrainStorage"/> (before and after session 4, in one binary).</param>
    /// <param name="batching">On PostgreSQL, the batching storage (<c>Tempo:StorageBatching</c>) instead of Orleans' ADO.NET provider.</param>
    public static async Task<WritesHost> StartAsync(string? postgres, bool orleansMemoryStorage = false, bool batching = false)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.Configuration["Tempo:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Configuration["Tempo:GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (postgres is not null)
        {
            builder.Configuration["Tempo:GrainStorage"] = "AdoNet";
            builder.Configuration["Tempo:StorageBatching"] = batching ? "true" : "false";
            builder.Configuration["ConnectionStrings:Orleans"] = postgres;
        }

        builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<IJiraIssueProjects, DatasetIssueProjects>();
        builder.Services.AddSingleton<CallCounter>();
        builder.Services.AddSingleton<IIncomingGrainCallFilter>(sp => sp.GetRequiredService<CallCounter>());
        builder.Services.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(10));
        // Benchmarks measure throughput, not the per-token rate limit: lift it out of the way.
        foreach (var setting in new[] { "PerSecond", "Burst", "MaxPerSecond", "MaxBurst" })
        {
            builder.Configuration[$"Tokens:RateLimit:{setting}"] = "10000000";
        }

        builder.AddTempoOrleans();
        builder.AddTempoApi();
        // Registered last, so it is the storage the grains get: the configured storage, counted.
        builder.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Default, (services, _) => new CountingGrainStorage(
            postgres is not null && batching ? BatchingGrainStorage.Create(services, StorageNames.Default)
            : postgres is not null ? AdoNetGrainStorageFactory.Create(services, StorageNames.Default)
            : orleansMemoryStorage ? MemoryGrainStorageFactory.Create(services, StorageNames.Default)
            : new InProcessGrainStorage(services.GetRequiredService<DeepCopier>())));

        var app = builder.Build();
        app.UseTempoApi();
        app.MapTempoEndpoints();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WritesHost(app, new Uri(address));
    }

    /// <summary>An HTTP client whose API token holds worklogs:MANAGE and accounts:VIEW, made the way a user would.</summary>
    public async Task<HttpClient> ClientAsync()
    {
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(5) };
        var signIn = await http.PostAsJsonAsync("/dev/sign-in", new { accountId = "557058:bench-user" });
        var jwt = (await signIn.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api-integration/tokens")
        {
            Content = JsonContent.Create(new
            {
                name = "bench",
                access = new { type = "CUSTOM", scopes = new Dictionary<string, string> { ["worklogs"] = "MANAGE", ["accounts"] = "VIEW" } },
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", jwt);
        var created = await http.SendAsync(request);
        var token = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class DatasetIssueProjects : IJiraIssueProjects
    {
        public ValueTask<long?> ProjectOfAsync(long issueId) => ValueTask.FromResult<long?>(Dataset.ProjectOf(issueId));
    }
}
