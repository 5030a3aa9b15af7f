using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Storage;

namespace Tempo.Grains.Hosting;

/// <summary>
/// Grain storage over the same <c>OrleansStorage</c> table as Orleans' ADO.NET provider, whose writes are committed
/// in groups: every write that arrives while a commit is in flight goes into the next transaction of one connection
/// (<see cref="PostgresWriteBatcher"/>), so concurrent grains share one fsync'd commit instead of one each.
/// <para>
/// Rows are the ADO.NET provider's: the same grain id hash and type hash (<see cref="OrleansDefaultHasher"/> over the
/// same bytes), keys, payload (the configured storage serializer of that provider's options) and version rules
/// (the database's <c>WriteToStorageKey</c> query), so a database written by one provider is read by the other.
/// Reads and clears are the ADO.NET provider's own (an instance of it inside this one).
/// </para>
/// <para>
/// Guarantees: a caller is answered only after the transaction holding its write committed; a write whose ETag is
/// not the stored version fails alone with <see cref="InconsistentStateException"/> and changes nothing (the write
/// query returns the caller's version instead of a new one; nothing raises, so the transaction goes on); a batch
/// whose transaction fails fails every write in it, and none of them is stored.
/// </para>
/// </summary>
public sealed partial class BatchingGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly OrleansDefaultHasher DefaultHasher = new();

    private readonly AdoNetGrainStorage _inner;
    private readonly IGrainStorageSerializer _serializer;
    private readonly IStorageHasherPicker? _hashPicker;
    private readonly string _serviceId;
    private readonly string _name;
    private readonly PostgresWriteBatcher _batcher;
    private readonly int _initStage;

    private BatchingGrainStorage(
        AdoNetGrainStorage inner,
        AdoNetGrainStorageOptions adoOptions,
        string serviceId,
        string name,
        PostgresWriteBatcher batcher)
    {
        _inner = inner;
        _serializer = adoOptions.GrainStorageSerializer
            ?? throw new InvalidOperationException($"Grain storage '{name}' has no storage serializer.");
        _hashPicker = adoOptions.HashPicker;
        _serviceId = serviceId;
        _name = name;
        _batcher = batcher;
        _initStage = adoOptions.InitStage;
    }

    /// <summary>The writer loops of this provider (tests and benchmarks read their counters).</summary>
    public PostgresWriteBatcher Batcher => _batcher;

    /// <summary>
    /// Creates the provider for storage <paramref name="name"/> from the ADO.NET options registered under that name
    /// (<c>AddAdoNetGrainStorage</c> must have been called: its options, serializer and lifecycle registration are used).
    /// </summary>
    public static BatchingGrainStorage Create(IServiceProvider services, string name, StorageBatchingOptions? batching = null)
    {
        var adoOptions = services.GetRequiredService<IOptionsMonitor<AdoNetGrainStorageOptions>>().Get(name);
        var serviceId = services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId;
        var dataSource = adoOptions.DataSource as NpgsqlDataSource
            ?? NpgsqlDataSource.Create(WriterConnectionString(adoOptions.ConnectionString
                ?? throw new InvalidOperationException($"Grain storage '{name}' has neither a connection string nor a data source.")));
        var batcher = new PostgresWriteBatcher(
            dataSource,
            ownsDataSource: adoOptions.DataSource is null,
            batching ?? services.GetService<IOptions<StorageBatchingOptions>>()?.Value ?? new StorageBatchingOptions(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger<PostgresWriteBatcher>(),
            new StorageBatchingMetrics(services.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        return new BatchingGrainStorage(AdoNetGrainStorageFactory.Create(services, name), adoOptions, serviceId, name, batcher);
    }

    /// <summary>The application name the writer loops' connections show in <c>pg_stat_activity</c>, unless the connection string names one.</summary>
    public const string WriterApplicationName = "tempo-storage-writer";

    /// <summary>
    /// The writer loops' connection string: the configured one with automatic preparation on (unless it sets its own),
    /// so the one write statement is parsed and planned once per connection instead of once per write, and named.
    /// </summary>
    internal static string WriterConnectionString(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 4;
        }

        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = WriterApplicationName;
        }

        return builder.ConnectionString;
    }

    public void Participate(ISiloLifecycle lifecycle)
    {
        _inner.Participate(lifecycle);
        lifecycle.Subscribe($"{nameof(BatchingGrainStorage)}-{_name}", _initStage, _batcher.StartAsync, _batcher.StopAsync);
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        _inner.ReadStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        _inner.ClearStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (stateName.Contains('`', StringComparison.Ordinal))
        {
            // Generic type names are normalised by the ADO.NET provider's own rules: leave those to it.
            await _inner.WriteStateAsync(stateName, grainId, grainState);
            return;
        }

        var key = StorageRowKey.For(grainId);
        var hasher = _hashPicker?.PickHasher(_serviceId, _name, stateName, grainId, grainState) ?? DefaultHasher;
        int? version = string.IsNullOrWhiteSpace(grainState.ETag) ? null : int.Parse(grainState.ETag, CultureInfo.InvariantCulture);
        var write = new PendingWrite(
            hasher.Hash(key.HashBytes()),
            key.N0,
            key.N1,
            hasher.Hash(Encoding.UTF8.GetBytes(stateName)),
            stateName,
            key.Extension,
            _serviceId,
            version,
            _serializer.Serialize(grainState.State).ToArray());

        var stored = (await _batcher.WriteAsync(write))?.ToString(CultureInfo.InvariantCulture);
        if (stored is null || stored == grainState.ETag)
        {
            throw new InconsistentStateException(
                $"Version conflict (WriteState): ServiceId={_serviceId} ProviderName={_name} GrainType={stateName} GrainId={key} ETag={grainState.ETag}.",
                stored,
                grainState.ETag);
        }

        grainState.ETag = stored;
        grainState.RecordExists = true;
    }
}

/// <summary>
/// The key columns of a grain's row, as the ADO.NET provider lays them out: integer keys (0, key, extension), Guid
/// keys (the two halves of the Guid's bytes, extension), anything else (0, 0, the whole key as text).
/// </summary>
internal readonly record struct StorageRowKey(long N0, long N1, string? Extension, StorageKeyKind Kind)
{
    public static StorageRowKey For(GrainId grainId)
    {
        if (grainId.TryGetGuidKey(out var guid, out var guidExtension))
        {
            Span<byte> bytes = stackalloc byte[16];
            guid.TryWriteBytes(bytes);
            return new(BitConverter.ToInt64(bytes[..8]), BitConverter.ToInt64(bytes[8..]), guidExtension, StorageKeyKind.Guid);
        }

        if (grainId.TryGetIntegerKey(out var integer, out var integerExtension))
        {
            return new(0, integer, integerExtension, StorageKeyKind.Integer);
        }

        return new(0, 0, grainId.Key.ToString(), StorageKeyKind.Text);
    }

    /// <summary>The bytes the grain id hash is computed over (the key, then the extension's UTF-8, reversed).</summary>
    public byte[] HashBytes()
    {
        byte[] bytes;
        switch (Kind)
        {
            case StorageKeyKind.Integer:
                bytes = Append(BitConverter.GetBytes(N1), Extension);
                break;
            case StorageKeyKind.Guid:
                Span<byte> halves = stackalloc byte[16];
                BitConverter.TryWriteBytes(halves[..8], N0);
                BitConverter.TryWriteBytes(halves[8..], N1);
                bytes = Append(halves.ToArray(), Extension);
                break;
            default:
                bytes = Encoding.UTF8.GetBytes(Extension!);
                break;
        }

        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(bytes);
        }

        return bytes;
    }

    public override string ToString() => Kind switch
    {
        StorageKeyKind.Text => Extension!,
        _ => $"{N0}/{N1}{(Extension is null ? "" : "#" + Extension)}",
    };

    private static byte[] Append(byte[] key, string? extension) =>
        extension is null ? key : [.. key, .. Encoding.UTF8.GetBytes(extension)];
}

internal enum StorageKeyKind
{
    Integer,
    Guid,
    Text,
}
