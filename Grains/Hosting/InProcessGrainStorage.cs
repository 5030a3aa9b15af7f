using System.Globalization;
using Orleans.Serialization;
using Orleans.Storage;

namespace Tempo.Grains.Hosting;

/// <summary>
/// Grain storage for the one-process in-memory mode (an embedded silo that is the whole cluster): it keeps each
/// state object itself, with an ETag, in this process. Orleans' memory storage sends every read and write to a
/// storage grain and serializes the state there; states here are immutable records, so keeping the object costs
/// neither a grain call nor a copy. A type that is not immutable (no <c>[Immutable]</c>) is deep-copied on the way
/// in and out by the Orleans copier, so a grain that mutates its state in place never changes what is stored.
/// <para>
/// What the grains rely on holds as with Orleans' memory storage: a write or clear with an ETag that is not the
/// stored one fails with <see cref="InconsistentStateException"/> and changes nothing; a write changes the ETag;
/// a clear removes the record. One instance per silo container: only for a silo that is its whole cluster
/// (<see cref="TempoSiloHosting"/> uses it for the embedded silo with localhost clustering), never for a cluster of
/// several silos (they would not share it) and never across restarts (nothing is durable).
/// </para>
/// </summary>
public sealed class InProcessGrainStorage(DeepCopier copier) : IGrainStorage
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string State, GrainId Grain), (object? Value, string ETag)> _records = [];
    private long _lastETag;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        (object? Value, string ETag) record;
        bool found;
        lock (_gate)
        {
            found = _records.TryGetValue((stateName, grainId), out record);
        }

        if (found)
        {
            grainState.State = copier.Copy((T)record.Value!);
            grainState.ETag = record.ETag;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var value = copier.Copy(grainState.State);
        string etag;
        lock (_gate)
        {
            Check(stateName, grainId, grainState.ETag, "write");
            etag = (++_lastETag).ToString(CultureInfo.InvariantCulture);
            _records[(stateName, grainId)] = (value, etag);
        }

        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        lock (_gate)
        {
            Check(stateName, grainId, grainState.ETag, "clear");
            _records.Remove((stateName, grainId));
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    /// <summary>Refuses a write or clear whose ETag is not the stored record's (null: there must be no record).</summary>
    private void Check(string stateName, GrainId grainId, string? etag, string what)
    {
        var stored = _records.TryGetValue((stateName, grainId), out var record) ? record.ETag : null;
        if (!string.Equals(stored, etag, StringComparison.Ordinal))
        {
            throw new InconsistentStateException(
                $"In-process storage: {what} of '{stateName}' for {grainId} with ETag '{etag}', but the stored ETag is '{stored}'.",
                stored,
                etag);
        }
    }
}
