using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Tempo.Grains.Hosting;

/// <summary>Settings of <see cref="BatchingGrainStorage"/> (configuration: <c>Tempo:StorageBatching</c> turns it on).</summary>
public sealed class StorageBatchingOptions
{
    /// <summary>Writer loops, each with its own connection, kept open between batches: how many batches may be in flight.</summary>
    public int Writers { get; set; } = 2;

    /// <summary>The most writes one transaction takes.</summary>
    public int MaxBatch { get; set; } = 256;

    /// <summary>
    /// Test seam: runs after a batch's writes were executed and before its commit; an exception fails the batch
    /// (rolled back, every write in it failed). When set, batches run in an explicit transaction (BEGIN, the
    /// writes, then COMMIT after this); when not, in one round trip (the statements' implicit transaction).
    /// </summary>
    public Func<int, Task>? BeforeCommit { get; set; }
}

/// <summary>One grain-state write waiting for its batch: the row's key columns, the expected version and the payload.</summary>
public sealed record PendingWrite(
    int GrainIdHash,
    long GrainIdN0,
    long GrainIdN1,
    int GrainTypeHash,
    string GrainTypeString,
    string? GrainIdExtensionString,
    string ServiceId,
    int? Version,
    byte[] Payload)
{
    internal TaskCompletionSource<int?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When the write was queued (<see cref="Stopwatch.GetTimestamp"/>): what it waited in all is measured from here.</summary>
    internal long QueuedAt { get; set; }
}

/// <summary>
/// What group commit costs, for operators (meter <see cref="MeterName"/>, exported with the others when OpenTelemetry
/// is configured): how long a grain-state write waits in all, how long a transaction takes, how many writes it carries.
/// A write waits for the batch in flight, then for its own; a transaction is a round trip and the WAL flush, so its
/// duration is mostly the disk's commit latency. Session 13 found the creates' p99 there: a fresh PostgreSQL server
/// zero-filling new WAL segments held commits for ~40 ms (deploy/README.md, "PostgreSQL under write load").
/// </summary>
public sealed class StorageBatchingMetrics
{
    public const string MeterName = "Tempo.Storage";

    private readonly Histogram<double> _write;
    private readonly Histogram<double> _batch;
    private readonly Histogram<int> _size;

    public StorageBatchingMetrics(IMeterFactory? meters)
    {
        var meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        _write = meter.CreateHistogram<double>("tempo.storage.write.duration", "s", "From a grain-state write being queued to its answer (stored, refused or failed).");
        _batch = meter.CreateHistogram<double>("tempo.storage.batch.duration", "s", "One storage transaction: sent, executed and committed (or failed).");
        _size = meter.CreateHistogram<int>("tempo.storage.batch.writes", "{write}", "Grain-state writes one transaction carried.");
    }

    internal void Batch(long startedAt, int writes, bool committed)
    {
        var outcome = new KeyValuePair<string, object?>("outcome", committed ? "committed" : "failed");
        _batch.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, outcome);
        _size.Record(writes, outcome);
    }

    internal void Write(PendingWrite write) => _write.Record(Stopwatch.GetElapsedTime(write.QueuedAt).TotalSeconds);
}

/// <summary>
/// Group commit of grain-state writes. Writes are queued; each writer loop takes everything queued (up to
/// <see cref="StorageBatchingOptions.MaxBatch"/>), runs the database's <c>WriteToStorageKey</c> query once per write
/// in one transaction (one round trip, ordered by row key so two batches never wait on each other's locks in
/// opposite order), commits, and only then answers each write with the version the query returned (a conflict is
/// answered as such and changed nothing). When the transaction fails, every write of it fails and none is stored.
/// </summary>
public sealed partial class PostgresWriteBatcher(
    NpgsqlDataSource dataSource,
    bool ownsDataSource,
    StorageBatchingOptions options,
    ILogger<PostgresWriteBatcher> logger,
    StorageBatchingMetrics? metrics = null)
{
    private readonly StorageBatchingMetrics _metrics = metrics ?? new StorageBatchingMetrics(null);
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
    private Task[] _loops = [];
    private string _writeQuery = "";
    private long _batches;
    private long _writes;

    /// <summary>Transactions committed or attempted so far.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Writes taken by those transactions.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>Reads the write query from <c>OrleansQuery</c> and starts the writer loops.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var command = dataSource.CreateCommand("SELECT QueryText FROM OrleansQuery WHERE QueryKey = 'WriteToStorageKey'"))
        {
            var text = await command.ExecuteScalarAsync(cancellationToken) as string
                ?? throw new OrleansDatabaseException("OrleansQuery has no WriteToStorageKey: migrate the database.");
            _writeQuery = text.Trim().TrimEnd(';');
        }

        _loops = [.. Enumerable.Range(0, Math.Max(1, options.Writers)).Select(_ => Task.Run(LoopAsync, CancellationToken.None))];
    }

    /// <summary>Stops taking writes, lets the loops commit what was queued, then closes the connections.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_loops);
        if (ownsDataSource)
        {
            await dataSource.DisposeAsync();
        }
    }

    /// <summary>Queues a write; completes with the stored version (or the query's refusal) once its batch committed.</summary>
    public Task<int?> WriteAsync(PendingWrite write)
    {
        write.QueuedAt = Stopwatch.GetTimestamp();
        if (!_queue.Writer.TryWrite(write))
        {
            throw new OrleansException("The batching grain storage is stopped: the write was not taken.");
        }

        return write.Done.Task;
    }

    private async Task LoopAsync()
    {
        var batch = new List<PendingWrite>(options.MaxBatch);
        var reader = _queue.Reader;
        // Each loop keeps its connection between batches: taking one from the pool costs a session reset (DISCARD ALL)
        // on the next use, which also drops the write function's cached plans, re-planned then in every batch (7 % of
        // the server's CPU in the PostgreSQL profile of bench/README.md). A failed batch closes it; the next opens anew.
        NpgsqlConnection? connection = null;
        try
        {
            while (await reader.WaitToReadAsync())
            {
                while (batch.Count < options.MaxBatch && reader.TryRead(out var write))
                {
                    batch.Add(write);
                }

                if (batch.Count > 0)
                {
                    connection = await CommitAsync(batch, connection);
                    batch.Clear();
                }
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>Commits one batch on <paramref name="connection"/> (opened when null); returns the connection to keep, or null after a failure.</summary>
    private async Task<NpgsqlConnection?> CommitAsync(List<PendingWrite> batch, NpgsqlConnection? connection)
    {
        batch.Sort(RowOrder.Instance);
        var startedAt = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _writes, batch.Count);
        var versions = new int?[batch.Count];
        try
        {
            connection ??= await dataSource.OpenConnectionAsync();
            // Without the test seam the batch is PostgreSQL's implicit transaction: its statements and one Sync go in
            // one round trip and the server commits at the Sync. Reading every result and disposing the reader waits
            // for ReadyForQuery, which comes only after the commit (or brings its error).
            await using var transaction = options.BeforeCommit is null ? null : await connection.BeginTransactionAsync();
            await using (var commands = new NpgsqlBatch(connection, transaction))
            {
                foreach (var write in batch)
                {
                    commands.BatchCommands.Add(Command(write));
                }

                await using var results = await commands.ExecuteReaderAsync();
                for (var i = 0; i < batch.Count; i++)
                {
                    if (i > 0 && !await results.NextResultAsync())
                    {
                        throw new OrleansDatabaseException("The write query returned fewer results than writes were sent.");
                    }

                    versions[i] = await results.ReadAsync() && !await results.IsDBNullAsync(0) ? results.GetInt32(0) : null;
                }

                while (await results.NextResultAsync())
                {
                }
            }

            if (transaction is not null)
            {
                await options.BeforeCommit!(batch.Count);
                await transaction.CommitAsync();
            }
        }
        catch (Exception exception)
        {
            LogBatchFailed(exception, batch.Count);
            _metrics.Batch(startedAt, batch.Count, committed: false);
            foreach (var write in batch)
            {
                _metrics.Write(write);
                write.Done.TrySetException(new OrleansException($"The storage transaction of {batch.Count} writes failed; none was stored.", exception));
            }

            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            return null;
        }

        _metrics.Batch(startedAt, batch.Count, committed: true);
        for (var i = 0; i < batch.Count; i++)
        {
            _metrics.Write(batch[i]);
            batch[i].Done.TrySetResult(versions[i]);
        }

        return connection;
    }

    private NpgsqlBatchCommand Command(PendingWrite write)
    {
        var command = new NpgsqlBatchCommand(_writeQuery);
        command.Parameters.Add(new NpgsqlParameter("GrainIdHash", NpgsqlDbType.Integer) { Value = write.GrainIdHash });
        command.Parameters.Add(new NpgsqlParameter("GrainIdN0", NpgsqlDbType.Bigint) { Value = write.GrainIdN0 });
        command.Parameters.Add(new NpgsqlParameter("GrainIdN1", NpgsqlDbType.Bigint) { Value = write.GrainIdN1 });
        command.Parameters.Add(new NpgsqlParameter("GrainTypeHash", NpgsqlDbType.Integer) { Value = write.GrainTypeHash });
        command.Parameters.Add(new NpgsqlParameter("GrainTypeString", NpgsqlDbType.Text) { Value = write.GrainTypeString });
        command.Parameters.Add(new NpgsqlParameter("GrainIdExtensionString", NpgsqlDbType.Text) { Value = (object?)write.GrainIdExtensionString ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("ServiceId", NpgsqlDbType.Text) { Value = write.ServiceId });
        command.Parameters.Add(new NpgsqlParameter("GrainStateVersion", NpgsqlDbType.Integer) { Value = (object?)write.Version ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("PayloadBinary", NpgsqlDbType.Bytea) { Value = write.Payload });
        return command;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A grain-state batch of {Count} writes failed; every write of it was refused.")]
    private partial void LogBatchFailed(Exception exception, int count);

    /// <summary>A total order on rows (hashes first, as the table's index and the first-write lock): lock order.</summary>
    private sealed class RowOrder : IComparer<PendingWrite>
    {
        public static readonly RowOrder Instance = new();

        public int Compare(PendingWrite? x, PendingWrite? y)
        {
            var c = x!.GrainIdHash.CompareTo(y!.GrainIdHash);
            if (c == 0) c = x.GrainTypeHash.CompareTo(y.GrainTypeHash);
            if (c == 0) c = x.GrainIdN0.CompareTo(y.GrainIdN0);
            if (c == 0) c = x.GrainIdN1.CompareTo(y.GrainIdN1);
            if (c == 0) c = string.CompareOrdinal(x.GrainTypeString, y.GrainTypeString);
            if (c == 0) c = string.CompareOrdinal(x.GrainIdExtensionString, y.GrainIdExtensionString);
            return c;
        }
    }
}
