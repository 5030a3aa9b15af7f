using System.Collections.Concurrent;
using System.Text.Json;
using Orleans.Storage;

namespace Tempo.Bench.WorklogWrites;

/// <summary>
/// Wraps the grain storage and counts what each write puts in a database row: the state serialized with
/// System.Text.Json (the serializer the service stores with), per state name (segment numbers folded together).
/// Counts only while <see cref="Counting"/> is on (the probes), so the throughput runs don't pay for a serialization
/// per write that the service doesn't make.
/// </summary>
public sealed class CountingGrainStorage(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly ConcurrentDictionary<string, (long Writes, long Bytes)> _written = new(StringComparer.Ordinal);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public bool Counting { get; set; }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (!Counting)
        {
            return inner.WriteStateAsync(stateName, grainId, grainState);
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(grainState.State).LongLength;
        var name = stateName.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
        _written.AddOrUpdate(name, (1, bytes), (_, c) => (c.Writes + 1, c.Bytes + bytes));
        return inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);

    /// <summary>The storage counted.</summary>
    public IGrainStorage Inner => inner;

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    /// <summary>Writes and bytes per state name since the last call, and starts counting afresh.</summary>
    public IReadOnlyDictionary<string, (long Writes, long Bytes)> Take()
    {
        var taken = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        foreach (var name in _written.Keys)
        {
            if (_written.TryRemove(name, out var c))
            {
                taken[name] = c;
            }
        }

        return taken;
    }
}
