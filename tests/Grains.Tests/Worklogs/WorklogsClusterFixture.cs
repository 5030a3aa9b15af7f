using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.TestingHost;
using Tempo.Grains.Hosting;
using Tempo.Grains.Interfaces.Worklogs;
using Tempo.Grains.Worklogs;

namespace Tempo.Grains.Tests.Worklogs;

/// <summary>
/// A two-silo in-memory cluster for the worklog grains, with fake time, issues whose project is issue / 100, and a
/// fault script that tests use to crash a write between two steps. Tests use their own authors and issues.
/// </summary>
public sealed class WorklogsClusterFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; } = new(Start);

    public WorklogFaultScript Faults { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    /// <summary>Signals when a timesheet or work-attributes activation has deactivated (the lease tests reactivate them).</summary>
    public Deactivations Deactivations { get; } = new("timesheet", "work-attributes");

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The tenant every worklog grain test writes to.</summary>
    public static TenantId Tenant { get; } = new("worklog-tests");

    public IWorklogsGrain Worklogs => Grains.GetWorklogsGrain(Tenant);

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(StorageNames.Default);
            silo.AddTempoGrains();
            silo.Services.AddSingleton<TimeProvider>(Time);
            silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            silo.Services.AddSingleton<IWorklogWriteFaults>(Faults);
            silo.Services.AddSingleton<IJiraIssueProjects>(new ProjectPerHundredIssues());
            silo.Services.AddSingleton<IConfigureGrainContextProvider>(Deactivations);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>
    /// Collects the idle activations and waits until <paramref name="grain"/>'s has deactivated. A call made while the
    /// collection is still on its way is answered by the old activation, so a test of what a new activation does must
    /// wait for the old one to be gone (the tests watch the grain types of <see cref="Deactivations"/>).
    /// </summary>
    public async Task CollectAsync(GrainId grain)
    {
        var deactivated = Deactivations.WhenDeactivatedAsync(grain);
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await deactivated.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private sealed class ProjectPerHundredIssues : IJiraIssueProjects
    {
        public ValueTask<long?> ProjectOfAsync(long issueId) => ValueTask.FromResult<long?>(issueId / 100);
    }
}

/// <summary>Faults a test arms: at a step, for worklogs that match, throw (a crash there) or wait on a barrier.</summary>
public sealed class WorklogFaultScript : IWorklogWriteFaults
{
    private readonly List<Rule> _rules = [];

    public async ValueTask OnStepAsync(WorklogWriteStep step, ImmutableArray<Worklog> worklogs)
    {
        Rule[] rules;
        lock (_rules)
        {
            rules = [.. _rules.Where(r => r.Step == step && worklogs.Any(r.Matches))];
        }

        foreach (var rule in rules)
        {
            await rule.Action();
        }
    }

    /// <summary>Makes writes of matching worklogs crash right after <paramref name="step"/>, until disposed.</summary>
    public IDisposable CrashAfter(WorklogWriteStep step, Func<Worklog, bool> matches) =>
        Add(new Rule(step, matches, () => throw new SimulatedCrashException(step)));

    public IDisposable Add(Rule rule)
    {
        lock (_rules)
        {
            _rules.Add(rule);
        }

        return new Removal(() =>
        {
            lock (_rules)
            {
                _rules.Remove(rule);
            }
        });
    }

    public sealed record Rule(WorklogWriteStep Step, Func<Worklog, bool> Matches, Func<Task> Action);

    private sealed class Removal(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }
}

public sealed class SimulatedCrashException(WorklogWriteStep step) : Exception($"simulated crash after {step}");

[CollectionDefinition(Name)]
public sealed class WorklogsClusterCollection : ICollectionFixture<WorklogsClusterFixture>
{
    public const string Name = "worklogs-cluster";
}
