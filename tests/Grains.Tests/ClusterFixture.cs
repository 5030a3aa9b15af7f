using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Storage;
using Tempo.Grains.Interfaces.Tokens;
using Tempo.Grains.Tokens;
using Orleans.TestingHost;
using Tempo.Grains.Hosting;
using Tempo.Grains.Interfaces.Scopes;

namespace Tempo.Grains.Tests;

/// <summary>
/// One in-process cluster (two silos, in-memory storage) shared by a collection. Grain timers and token expiry run
/// on <see cref="Time"/>; membership and other background loops stay on real time. Tests use their own keys.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; } = new(Start);

    /// <summary>The catalogue a new grain activation sees; a test may add a scope to it.</summary>
    public ScopeCatalogueHolder Catalogue { get; } = new();

    /// <summary>When token grain activations finish deactivating, in every silo of the cluster.</summary>
    public Deactivations Deactivations { get; } = new("token");

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(StorageNames.Default);
            silo.UseInMemoryReminderService();
            silo.AddTempoGrains();
            silo.Services.AddSingleton<TimeProvider>(Time);
            silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            silo.Services.AddTransient(_ => Catalogue.Current);
            silo.Services.AddSingleton<IConfigureGrainContextProvider>(Deactivations);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>The token's state as storage holds it, read past the grain.</summary>
    public async Task<TokenState> ReadStoredTokenAsync(TokenId id)
    {
        var storage = Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);
        var state = new GrainState<TokenState>();
        await storage.ReadStateAsync("apiToken", GrainId.Create("token", id.GrainKey), state);
        return state.State ?? new TokenState();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

public sealed class ScopeCatalogueHolder
{
    public ScopeCatalogue Current { get; set; } = ScopeCatalogue.Seed;
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
