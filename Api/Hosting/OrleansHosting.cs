using Orleans.Configuration;
using Orleans.Hosting;
using Tempo.Grains.Hosting;
using Tempo.Hosting;

namespace Tempo.Api.Hosting;

public static class OrleansHosting
{
    /// <summary>
    /// <c>Tempo:Mode</c> = <c>Embedded</c> (default): a silo inside this process, configured like any silo by the
    /// <c>Tempo</c> section (localhost and in memory by default; with AdoNet it joins a cluster, co-hosting the API
    /// in a silo). <c>Client</c>: a thin front that reaches the silos' gateways found in the PostgreSQL membership table.
    /// </summary>
    public static WebApplicationBuilder AddTempoOrleans(this WebApplicationBuilder builder)
    {
        if (TempoModes.Of(builder.Configuration) == TempoMode.Embedded)
        {
            builder.UseOrleans(silo => silo.UseTempoSilo(builder.Configuration, gateway: false));
            return builder;
        }

        var options = builder.Configuration.GetSection(OrleansHostingOptions.SectionName).Get<OrleansHostingOptions>() ?? new();
        var connectionString = builder.Configuration.GetConnectionString(OrleansHostingOptions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new OrleansDatabaseException("Tempo:Mode is Client, but ConnectionStrings:Orleans is not set.");
        }

        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = options.ServiceId;
            });
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
            // Find silos that join (and drop ones that left) within seconds, not the default minute.
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
            // A request whose silo was killed fails after this instead of the default 30 s; every call here is short.
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = options.Membership.ResponseTimeout);
        });
        return builder;
    }
}
