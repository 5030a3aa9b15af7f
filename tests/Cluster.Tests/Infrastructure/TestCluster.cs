using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using System.Security.Cryptography;

namespace Tempo.Cluster.Tests.Infrastructure;

/// <summary>
/// Silo and API processes of one cluster on one PostgreSQL database, all on loopback: the built
/// <c>Tempo.Silo.dll</c> and <c>Tempo.Api.dll</c> run as separate processes, as operators run them.
/// </summary>
public sealed class TestCluster(string connectionString) : IAsyncDisposable
{
    private readonly string _clusterId = "test-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _hashKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly string _signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly List<TempoNode> _nodes = [];
    private int _silos;
    private int _apis;

    public string ConnectionString => connectionString;

    public string ClusterId => _clusterId;

    public IReadOnlyList<TempoNode> Silos => [.. _nodes.Where(n => n.Name.StartsWith("silo", StringComparison.Ordinal) && !n.HasExited)];

    public IReadOnlyList<TempoNode> Apis => [.. _nodes.Where(n => n.Name.StartsWith("api", StringComparison.Ordinal) && !n.HasExited)];

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string SiloDll => Built("Silo", "Tempo.Silo.dll");

    public static string ApiDll => Built("Api", "Tempo.Api.dll");

    /// <summary>Settings a test adds to every process it starts from now on (for example a short gate lease).</summary>
    public Dictionary<string, string> ExtraEnvironment { get; } = [];

    /// <summary>The environment every process of this cluster shares.</summary>
    public Dictionary<string, string> Environment() => new Dictionary<string, string>
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["ConnectionStrings__Orleans"] = connectionString,
        ["Tempo__Clustering"] = "AdoNet",
        ["Tempo__GrainStorage"] = "AdoNet",
        ["Tempo__Reminders"] = "AdoNet",
        ["Tempo__ClusterId"] = _clusterId,
        ["Tokens__HashKey"] = _hashKey,
        ["Tokens__RateLimit__PerSecond"] = "1000000",
        ["Tokens__RateLimit__Burst"] = "1000000",
        ["Tokens__RateLimit__MaxPerSecond"] = "1000000",
        ["Tokens__RateLimit__MaxBurst"] = "1000000",
        ["DevSignIn__SigningKey"] = _signingKey,
        ["Logging__LogLevel__Default"] = "Warning",
    }.Concat(ExtraEnvironment).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value);

    public static async Task MigrateAsync(string connectionString)
    {
        var environment = new Dictionary<string, string> { ["ConnectionStrings__Orleans"] = connectionString };
        var (exitCode, output) = await Processes.TryRunAsync("dotnet", [SiloDll, "migrate"], environment, Path.GetDirectoryName(SiloDll)!, TimeSpan.FromMinutes(2));
        Assert.True(exitCode == 0, $"migrate failed with {exitCode}:\n{output}");
    }

    public async Task<TempoNode> StartSiloAsync()
    {
        var n = ++_silos;
        var environment = Environment();
        var siloPort = Ports.Free();
        environment["Tempo__SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["Tempo__GatewayPort"] = Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var node = TempoNode.Start($"silo{n}", SiloDll, Ports.Free(), environment, siloPort);
        _nodes.Add(node);
        await node.WaitReadyAsync(TimeSpan.FromSeconds(90));
        return node;
    }

    public async Task<TempoNode> StartApiAsync()
    {
        var n = ++_apis;
        var environment = Environment();
        environment["Tempo__Mode"] = "Client";
        var node = TempoNode.Start($"api{n}", ApiDll, Ports.Free(), environment);
        _nodes.Add(node);
        await node.WaitReadyAsync(TimeSpan.FromSeconds(90));
        return node;
    }

    public async Task StartAsync(int silos, int apis)
    {
        for (var i = 0; i < silos; i++)
        {
            await StartSiloAsync();
        }

        for (var i = 0; i < apis; i++)
        {
            await StartApiAsync();
        }
    }

    /// <summary>Stops every process gracefully (APIs first).</summary>
    public async Task StopAllAsync()
    {
        foreach (var node in _nodes.OrderBy(n => n.Name.StartsWith("silo", StringComparison.Ordinal)))
        {
            await node.TerminateAsync(TimeSpan.FromSeconds(60));
        }
    }

    /// <summary>Activations per silo port, from the cluster's management grain (asked as an Orleans client).</summary>
    public Task<Dictionary<int, int>> ActivationsBySiloPortAsync() =>
        AskManagementAsync(async management => (await management.GetSimpleGrainStatistics())
            .GroupBy(s => s.SiloAddress.Endpoint.Port).ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount)));

    /// <summary>The silo port of each live activation of one grain type, by grain key.</summary>
    public Task<Dictionary<string, int>> SiloPortsOfAsync(string grainType) =>
        AskManagementAsync(async management => (await management.GetDetailedGrainStatistics())
            .Where(s => s.GrainId.Type.ToString() == grainType)
            .GroupBy(s => s.GrainId.Key.ToString()!)
            .ToDictionary(g => g.Key, g => g.First().SiloAddress.Endpoint.Port));

    private async Task<T> AskManagementAsync<T>(Func<IManagementGrain, Task<T>> ask)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = _clusterId;
                o.ServiceId = "tempo-orleans";
            });
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
        });
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            return await ask(host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    public string Diagnostics() => string.Join("\n", _nodes.Select(n => $"==== {n.Name} ====\n{n.Output}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }

    private static string Built(string project, string dll)
    {
        var configuration = typeof(TestCluster).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var path = Path.Combine(RepoRoot, project, "bin", configuration, "net10.0", dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built; build the solution first.");
    }

    private static string FindRepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Tempo.Orleans.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Tempo.Orleans.sln not found above " + AppContext.BaseDirectory);
    }
}
