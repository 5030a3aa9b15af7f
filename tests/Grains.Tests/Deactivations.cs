using System.Collections.Concurrent;
using Orleans.Metadata;
using Orleans.Runtime;

namespace Tempo.Grains.Tests;

/// <summary>
/// Signals when a grain activation finishes deactivating, so a test can await that moment instead of polling for it.
/// Hooks the lifecycle of each activation of the watched grain types (stateless workers have none) through Orleans'
/// <see cref="IConfigureGrainContextProvider"/>; one instance is shared by the fixture's silos.
/// </summary>
public sealed class Deactivations(params string[] watchedGrainTypes) : IConfigureGrainContextProvider, IConfigureGrainContext
{
    private readonly ConcurrentDictionary<GrainId, TaskCompletionSource> _ended = new();

    /// <summary>Completes when an activation of <paramref name="grain"/> that exists or starts later has deactivated.</summary>
    public Task WhenDeactivatedAsync(GrainId grain) => Signal(grain).Task;

    public bool TryGetConfigurator(GrainType grainType, GrainProperties properties, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IConfigureGrainContext? configurator)
    {
        configurator = watchedGrainTypes.Contains(grainType.ToString()) ? this : null;
        return configurator is not null;
    }

    public void Configure(IGrainContext context) =>
        context.ObservableLifecycle.Subscribe(
            nameof(Deactivations),
            GrainLifecycleStage.First,
            _ => Task.CompletedTask,
            _ =>
            {
                Signal(context.GrainId).TrySetResult();
                return Task.CompletedTask;
            });

    private TaskCompletionSource Signal(GrainId grain) =>
        _ended.GetOrAdd(grain, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
