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
/// a clear removes the record (keeping only its write count, so no ETag of it is ever valid again). One instance per silo container: only for a silo that is its whole cluster
/// (<see cref="TempoSiloHosting"/> uses it for the embedded silo with localhost clustering), never for a cluster of
/// several silos (they would not share it) and never across restarts (nothing is durable).
/// </para>
/// </summary>
public sealed class InProcessGrainStorage(DeepCopier copier) : IGrainStorage
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string State, GrainId Grain), Stored> _records = [];

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Stored record;
        lock (_gate)
        {
            _records.TryGetValue((stateName, grainId), out record);
        }

        if (record.Exists)
        {
            grainState.State = copier.Copy((T)record.Value!);
            grainState.ETag = ETags.Of(record.Version);
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
        long version;
        lock (_gate)
        {
            var stored = Check(stateName, grainId, grainState.ETag, "write");
            version = stored.Version + 1;
            _records[(stateName, grainId)] = new Stored(value, version, Exists: true);
        }

        grainState.ETag = ETags.Of(version);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        lock (_gate)
        {
            var stored = Check(stateName, grainId, grainState.ETag, "clear");
            if (stored.Exists)
            {
                // A tombstone: it keeps the record's version, so the ETags of the cleared record are never given again.
                _records[(stateName, grainId)] = new Stored(null, stored.Version, Exists: false);
            }
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    /// <summary>Refuses a write or clear whose ETag is not the stored record's (null: there must be no record); returns the stored one.</summary>
    private Stored Check(string stateName, GrainId grainId, string? etag, string what)
    {
        _records.TryGetValue((stateName, grainId), out var record);
        var stored = record.Exists ? ETags.Of(record.Version) : null;
        if (!string.Equals(stored, etag, StringComparison.Ordinal))
        {
            throw new InconsistentStateException(
                $"In-process storage: {what} of '{stateName}' for {grainId} with ETag '{etag}', but the stored ETag is '{stored}'.",
                stored,
                etag);
        }

        return record;
    }

    /// <summary>
    /// A record: its state, and how many times it was written (its ETag), which a clear keeps (<see cref="Exists"/> false).
    /// </summary>
    private readonly record struct Stored(object? Value, long Version, bool Exists);

    /// <summary>
    /// A record's ETag is its version as text, counted per record: most records are written a few times (a partition
    /// segment at most its capacity), so the first versions' strings are made once for the process. A process-wide
    /// counter made a new string on every write, and kept one per record alive (bench/README.md "Session 8").
    /// </summary>
    private static class ETags
    {
        private static readonly string[] Small = [.. Enumerable.Range(0, 1024).Select(i => i.ToString(CultureInfo.InvariantCulture))];

        public static string Of(long version) => version < Small.Length ? Small[version] : version.ToString(CultureInfo.InvariantCulture);
    }
}
