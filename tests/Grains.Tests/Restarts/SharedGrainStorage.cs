using System.Collections.Concurrent;
using Orleans.Runtime;
using Orleans.Storage;

namespace Tempo.Grains.Tests.Restarts;

/// <summary>
/// Grain state kept by the test process rather than by any silo, so it outlives a killed silo as a database would.
/// Rows hold the bytes the silo's storage serializer (System.Text.Json, as in production) wrote, with an ETag.
/// </summary>
public sealed class SharedGrainStore
{
    private readonly ConcurrentDictionary<(string State, GrainId Grain), (BinaryData Data, string ETag)> _rows = new();
    private long _version;

    public bool TryRead(string state, GrainId grain, out (BinaryData Data, string ETag) row) => _rows.TryGetValue((state, grain), out row);

    /// <summary>Writes when the caller's ETag matches the stored one (null for a new row); returns the new ETag.</summary>
    public string Write(string state, GrainId grain, string? expectedETag, BinaryData data)
    {
        var key = (state, grain);
        var etag = Interlocked.Increment(ref _version).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var written = expectedETag is null
            ? _rows.TryAdd(key, (data, etag))
            : _rows.TryGetValue(key, out var current) && current.ETag == expectedETag && _rows.TryUpdate(key, (data, etag), current);
        return written ? etag : throw new InconsistentStateException($"ETag mismatch writing {state} of {grain}", _rows.TryGetValue(key, out var now) ? now.ETag : null, expectedETag);
    }

    public void Clear(string state, GrainId grain) => _rows.TryRemove((state, grain), out _);
}

/// <summary>One silo's view of the <see cref="SharedGrainStore"/>, through that silo's storage serializer.</summary>
public sealed class SharedGrainStorage(SharedGrainStore store, IGrainStorageSerializer serializer) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (store.TryRead(stateName, grainId, out var row))
        {
            grainState.State = serializer.Deserialize<T>(row.Data);
            grainState.ETag = row.ETag;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        grainState.ETag = store.Write(stateName, grainId, grainState.ETag, serializer.Serialize(grainState.State));
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        store.Clear(stateName, grainId);
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
        return Task.CompletedTask;
    }
}
