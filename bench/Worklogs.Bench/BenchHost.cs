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
using Tempo.Api.Hosting;
using Tempo.Grains.Worklogs;

namespace Tempo.Bench.Worklogs;

/// <summary>
/// The whole service in this process, as <c>Api/Program.cs</c> builds it (embedded silo, in-memory storage, the
/// token gate, Kestrel on loopback), plus the benchmark's issue-to-project mapping.
/// </summary>
public sealed class BenchHost : IAsyncDisposable
{
    private BenchHost(WebApplication app, Uri address)
    {
        App = app;
        Address = address;
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public IGrainFactory Grains => App.Services.GetRequiredService<IGrainFactory>();

    public static async Task<BenchHost> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.Configuration["Tempo:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<IJiraIssueProjects, DatasetIssueProjects>();
        // Seeding sends tens of thousands of worklogs in one call; give it time.
        builder.Services.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(10));
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
        return new BenchHost(app, new Uri(address));
    }

    /// <summary>An HTTP client whose API token holds worklogs:VIEW, made the way a user would (sign in, create a token).</summary>
    public async Task<HttpClient> ViewClientAsync()
    {
        var http = new HttpClient { BaseAddress = Address };
        var signIn = await http.PostAsJsonAsync("/dev/sign-in", new { accountId = "557058:bench-user" });
        var jwt = (await signIn.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api-integration/tokens")
        {
            Content = JsonContent.Create(new { name = "bench", access = new { type = "CUSTOM", scopes = new Dictionary<string, string> { ["worklogs"] = "VIEW" } } }),
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
