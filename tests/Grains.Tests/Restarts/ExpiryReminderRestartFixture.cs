using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;
using Tempo.Grains.Hosting;
using Tempo.Grains.Tokens;

namespace Tempo.Grains.Tests.Restarts;

/// <summary>
/// Two silos whose grain state and reminder table live in the test process (<see cref="SharedGrainStore"/>,
/// <see cref="SharedReminderTable"/>), so both outlive a killed silo like PostgreSQL does. Reminders run on real
/// time and tick every second (expiry reminders are armed at most a second ahead); the grains' clock is
/// <see cref="Time"/>, which decides which stage is due. Failure detection is fast so a killed silo is declared
/// dead within seconds. One test class owns it: it kills a silo.
/// </summary>
public sealed class ExpiryReminderRestartFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; } = new(Start);

    public SharedGrainStore Store { get; } = new();

    public SharedReminderTable Reminders { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddGrainStorage(StorageNames.Default, (services, _) => new SharedGrainStorage(Store, services.GetRequiredService<IGrainStorageSerializer>()));
            silo.AddReminders();
            silo.Services.AddSingleton<IReminderTable>(Reminders);
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
            });
            silo.AddTempoGrains();
            silo.Services.Configure<TokenExpiryReminderOptions>(o =>
            {
                o.Period = TimeSpan.FromSeconds(1);
                o.LongestDue = TimeSpan.FromSeconds(1);
            });
            silo.Services.AddSingleton<TimeProvider>(Time);
            silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
