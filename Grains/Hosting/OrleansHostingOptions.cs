namespace Tempo.Grains.Hosting;

/// <summary>
/// Configuration section <c>Tempo</c> (not <c>Orleans</c>, which Orleans reads for its own declarative configuration): how a process joins the cluster and what backs its grains. The defaults
/// are the one-process mode: localhost clustering, in-memory storage and reminders.
/// </summary>
public sealed class OrleansHostingOptions
{
    public const string SectionName = "Tempo";

    /// <summary>The connection string name (<c>ConnectionStrings:Orleans</c>), an Npgsql connection string.</summary>
    public const string ConnectionStringName = "Orleans";

    /// <summary>
    /// API processes only: <c>Embedded</c> (a silo in the process; the default) or <c>Client</c> (a thin front that
    /// reaches the silos' gateways).
    /// </summary>
    public string Mode { get; set; } = "Embedded";

    /// <summary><c>Localhost</c> (one process) or <c>AdoNet</c> (PostgreSQL membership table).</summary>
    public ProviderKind Clustering { get; set; } = ProviderKind.Localhost;

    /// <summary><c>Memory</c> or <c>AdoNet</c> (PostgreSQL, System.Text.Json rows).</summary>
    public ProviderKind GrainStorage { get; set; } = ProviderKind.Memory;

    /// <summary>
    /// With <see cref="GrainStorage"/> AdoNet: group commit of grain-state writes (<see cref="BatchingGrainStorage"/>,
    /// the same rows as Orleans' ADO.NET provider, which is used when this is false). On by default.
    /// </summary>
    public bool StorageBatching { get; set; } = true;

    /// <summary>Writer loops and batch cap of the batching storage.</summary>
    public StorageBatchingOptions Batching { get; set; } = new();

    /// <summary><c>Memory</c> or <c>AdoNet</c>.</summary>
    public ProviderKind Reminders { get; set; } = ProviderKind.Memory;

    /// <summary>The cluster this deployment runs; silos and API clients of one cluster share it.</summary>
    public string ClusterId { get; set; } = "tempo";

    /// <summary>Stable across deployments: stored state is keyed by it.</summary>
    public string ServiceId { get; set; } = "tempo-orleans";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients reach this silo on (a pod IP); loopback when absent.</summary>
    public string? AdvertisedIP { get; set; }

    /// <summary>Listen on every interface while advertising <see cref="AdvertisedIP"/> (containers).</summary>
    public bool ListenOnAnyHostAddress { get; set; }

    /// <summary>Failure detection; see the README's operator section for why these values.</summary>
    public MembershipTuning Membership { get; set; } = new();
}

public enum ProviderKind
{
    Localhost,
    Memory,
    AdoNet,
}

public sealed class MembershipTuning
{
    /// <summary>How long a probe may take before it counts as missed.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Missed probes before a silo suspects another.</summary>
    public int NumMissedProbesLimit { get; set; } = 2;

    /// <summary>How often a silo writes its heartbeat to the membership table.</summary>
    public TimeSpan IAmAliveTablePublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a grain call may take before it fails; bounds how long requests hang on a killed silo.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
