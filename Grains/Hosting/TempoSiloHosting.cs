using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Storage;

namespace Tempo.Grains.Hosting;

public static class TempoSiloHosting
{
    private const string Invariant = "Npgsql";

    /// <summary>
    /// Configures a silo from the <c>Tempo</c> section and <c>ConnectionStrings:Orleans</c>: clustering, grain
    /// storage and reminders (each Localhost/Memory or AdoNet), endpoints and membership tuning, then the grains.
    /// With <paramref name="gateway"/> false no gateway opens (a silo inside the API process needs none).
    /// </summary>
    public static ISiloBuilder UseTempoSilo(this ISiloBuilder silo, IConfiguration configuration, bool gateway = true)
    {
        var options = configuration.GetSection(OrleansHostingOptions.SectionName).Get<OrleansHostingOptions>() ?? new();
        var connectionString = configuration.GetConnectionString(OrleansHostingOptions.ConnectionStringName);
        var gatewayPort = gateway ? options.GatewayPort : 0;

        if (options.Clustering == ProviderKind.AdoNet)
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = options.ServiceId;
            });
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = Require(connectionString, "Tempo:Clustering is AdoNet");
            });
            var advertised = options.AdvertisedIP is { Length: > 0 } ip ? IPAddress.Parse(ip) : IPAddress.Loopback;
            silo.ConfigureEndpoints(advertised, options.SiloPort, gatewayPort, options.ListenOnAnyHostAddress);
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = options.Membership.ProbeTimeout;
                o.NumMissedProbesLimit = options.Membership.NumMissedProbesLimit;
                o.IAmAliveTablePublishTimeout = options.Membership.IAmAliveTablePublishTimeout;
            });
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = options.Membership.ResponseTimeout);
        }
        else
        {
            silo.UseLocalhostClustering(siloPort: options.SiloPort, gatewayPort: gatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
        }

        if (options.GrainStorage == ProviderKind.AdoNet)
        {
            silo.AddAdoNetGrainStorage(StorageNames.Default, o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = Require(connectionString, "Tempo:GrainStorage is AdoNet");
            });
            if (options.StorageBatching)
            {
                // The ADO.NET provider's registration stays (options, serializer, lifecycle); the storage the grains
                // get is the batching one, which reads and clears through an instance of it.
                silo.Services.AddOptions<StorageBatchingOptions>().Configure(o =>
                {
                    o.Writers = options.Batching.Writers;
                    o.MaxBatch = options.Batching.MaxBatch;
                });
                silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Default, (services, _) => BatchingGrainStorage.Create(services, StorageNames.Default));
            }
        }
        else if (!gateway && options.Clustering == ProviderKind.Localhost)
        {
            // The embedded silo is its whole cluster: its state can live as objects in this process.
            silo.Services.AddKeyedSingleton<IGrainStorage, InProcessGrainStorage>(StorageNames.Default);
        }
        else
        {
            silo.AddMemoryGrainStorage(StorageNames.Default);
        }

        if (options.Reminders == ProviderKind.AdoNet)
        {
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = Require(connectionString, "Tempo:Reminders is AdoNet");
            });
        }
        else
        {
            silo.UseInMemoryReminderService();
        }

        return silo.AddTempoGrains();
    }

    /// <summary>True when any provider of this configuration needs PostgreSQL.</summary>
    public static bool UsesDatabase(IConfiguration configuration)
    {
        var options = configuration.GetSection(OrleansHostingOptions.SectionName).Get<OrleansHostingOptions>() ?? new();
        return options.Clustering == ProviderKind.AdoNet || options.GrainStorage == ProviderKind.AdoNet || options.Reminders == ProviderKind.AdoNet;
    }

    private static string Require(string? connectionString, string why) =>
        string.IsNullOrWhiteSpace(connectionString)
            ? throw new OrleansDatabaseException($"{why}, but ConnectionStrings:Orleans is not set.")
            : connectionString;
}
