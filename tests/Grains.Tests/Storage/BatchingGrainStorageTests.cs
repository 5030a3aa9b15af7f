using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Storage;
using Tempo.Cluster.Tests.Infrastructure;
using Tempo.Grains.Hosting;

namespace Tempo.Grains.Tests.Storage;

/// <summary>One throwaway PostgreSQL server (fsync off) for the storage tests; each test migrates its own database.</summary>
public sealed class StoragePostgres : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public async Task<string> MigratedDatabaseAsync()
    {
        var connection = await Server.CreateDatabaseAsync();
        await OrleansDatabase.MigrateAsync(connection);
        return connection;
    }
}

public sealed record StoredNote(string Text, int Number)
{
    public StoredNote()
        : this("", 0)
    {
    }
}

/// <summary>
/// <see cref="BatchingGrainStorage"/> against a real PostgreSQL, through an embedded silo configured as production
/// configures it (<c>Tempo:GrainStorage=AdoNet</c>, with and without <c>Tempo:StorageBatching</c>).
/// </summary>
public sealed class BatchingGrainStorageTests(StoragePostgres postgres) : IClassFixture<StoragePostgres>
{
    private const string StateName = "storageTestNote";

    private static readonly GrainId[] KeysOfEveryKind =
    [
        GrainId.Create("storagetest", "notes_acme_1"),
        GrainId.Create(GrainType.Create("storagetest"), GrainIdKeyExtensions.CreateGuidKey(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"))),
        GrainId.Create(GrainType.Create("storagetest"), GrainIdKeyExtensions.CreateGuidKey(Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7"), "ext_1")),
        GrainId.Create(GrainType.Create("storagetest"), GrainIdKeyExtensions.CreateIntegerKey(42)),
        GrainId.Create(GrainType.Create("storagetest"), GrainIdKeyExtensions.CreateIntegerKey(-7, "ext_2")),
    ];

    [Fact]
    public async Task A_write_is_read_back_and_a_clear_removes_it()
    {
        var database = await postgres.MigratedDatabaseAsync();
        await using var silo = await StorageSilo.StartAsync(database, batching: true);
        var id = KeysOfEveryKind[0];

        var first = await silo.WriteAsync(id, new StoredNote("one", 1), etag: null);
        Assert.Equal("1", first);
        var second = await silo.WriteAsync(id, new StoredNote("two", 2), first);
        Assert.Equal("2", second);

        var read = await silo.ReadAsync(id);
        Assert.True(read.RecordExists);
        Assert.Equal(new StoredNote("two", 2), read.State);
        Assert.Equal("2", read.ETag);

        await silo.Storage.ClearStateAsync(StateName, id, read);
        var cleared = await silo.ReadAsync(id);
        Assert.Equal(new StoredNote(), cleared.State);
        Assert.Equal(0, await CountRowsWithPayloadAsync(database));
    }

    [Fact]
    public async Task A_stale_etag_fails_alone_inside_a_batch_of_concurrent_writes()
    {
        var database = await postgres.MigratedDatabaseAsync();
        var firstBatch = new TaskCompletionSource();
        var batchStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batches = 0;
        await using var silo = await StorageSilo.StartAsync(database, batching: true, o =>
        {
            o.Writers = 1;
            // Holds the first batch open until every other write is queued, so they all land in the second batch.
            o.BeforeCommit = async _ =>
            {
                if (Interlocked.Increment(ref batches) == 1)
                {
                    batchStarted.TrySetResult();
                    await firstBatch.Task;
                }
            };
        });
        var contested = GrainId.Create("storagetest", "contested");
        var holder = silo.WriteAsync(GrainId.Create("storagetest", "holder"), new StoredNote("holder", 0), null);
        await batchStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));

        firstBatch.SetResult();
        Assert.Equal("1", await holder);
        Assert.Equal("1", await silo.WriteAsync(contested, new StoredNote("stored", 1), null));

        firstBatch = new TaskCompletionSource();
        batchStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref batches, 0);
        var blocker = silo.WriteAsync(GrainId.Create("storagetest", "blocker"), new StoredNote("blocker", 0), null);
        await batchStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var others = Enumerable.Range(0, 20)
            .Select(i => silo.WriteAsync(GrainId.Create("storagetest", $"other_{i}"), new StoredNote("other", i), null))
            .ToArray();
        var stale = silo.WriteAsync(contested, new StoredNote("stale", 2), etag: "7");
        var duplicateFirst = silo.WriteAsync(contested, new StoredNote("second first write", 3), etag: null);
        firstBatch.SetResult();

        Assert.Equal("1", await blocker);
        Assert.All(await Task.WhenAll(others), etag => Assert.Equal("1", etag));
        await Assert.ThrowsAsync<InconsistentStateException>(() => stale);
        await Assert.ThrowsAsync<InconsistentStateException>(() => duplicateFirst);
        Assert.Equal(2, Volatile.Read(ref batches));

        var read = await silo.ReadAsync(contested);
        Assert.Equal(new StoredNote("stored", 1), read.State);
        Assert.Equal("1", read.ETag);
        Assert.Equal(20, (await Task.WhenAll(Enumerable.Range(0, 20).Select(i => silo.ReadAsync(GrainId.Create("storagetest", $"other_{i}"))))).Count(r => r.RecordExists));
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task Rows_written_by_one_provider_are_read_and_updated_by_the_other(bool writerBatches, bool readerBatches)
    {
        var database = await postgres.MigratedDatabaseAsync();
        var etags = new Dictionary<GrainId, string>();
        await using (var writer = await StorageSilo.StartAsync(database, writerBatches))
        {
            foreach (var id in KeysOfEveryKind)
            {
                etags[id] = (await writer.WriteAsync(id, new StoredNote($"written {id}", 1), null))!;
            }
        }

        await using (var reader = await StorageSilo.StartAsync(database, readerBatches))
        {
            foreach (var id in KeysOfEveryKind)
            {
                var read = await reader.ReadAsync(id);
                Assert.True(read.RecordExists, $"{id} not found by the other provider");
                Assert.Equal(new StoredNote($"written {id}", 1), read.State);
                // An update with the read ETag finds the same row (same hashes and keys) and bumps its version.
                etags[id] = (await reader.WriteAsync(id, new StoredNote($"updated {id}", 2), read.ETag))!;
                Assert.Equal("2", etags[id]);
            }
        }

        await using (var writerAgain = await StorageSilo.StartAsync(database, writerBatches))
        {
            foreach (var id in KeysOfEveryKind)
            {
                var read = await writerAgain.ReadAsync(id);
                Assert.Equal(new StoredNote($"updated {id}", 2), read.State);
                Assert.Equal("2", read.ETag);
            }
        }

        Assert.Equal(KeysOfEveryKind.Length, await CountRowsWithPayloadAsync(database));
    }

    [Fact]
    public async Task A_failed_batch_fails_every_write_in_it_and_stores_none()
    {
        var database = await postgres.MigratedDatabaseAsync();
        var failing = false;
        var gate = new TaskCompletionSource();
        await using var silo = await StorageSilo.StartAsync(database, batching: true, o =>
        {
            o.Writers = 1;
            o.BeforeCommit = async count =>
            {
                if (Volatile.Read(ref failing))
                {
                    await gate.Task;
                    throw new NpgsqlException("forced failure before commit");
                }
            };
        });
        var existing = GrainId.Create("storagetest", "existing");
        var etag = await silo.WriteAsync(existing, new StoredNote("before", 1), null);

        Volatile.Write(ref failing, true);
        var writes = new List<Task<string?>> { silo.WriteAsync(existing, new StoredNote("after", 2), etag) };
        writes.AddRange(Enumerable.Range(0, 10).Select(i => silo.WriteAsync(GrainId.Create("storagetest", $"new_{i}"), new StoredNote("new", i), null)));
        gate.SetResult();
        foreach (var write in writes)
        {
            var failure = await Assert.ThrowsAsync<OrleansException>(() => write);
            Assert.Contains("none was stored", failure.Message, StringComparison.Ordinal);
        }

        Volatile.Write(ref failing, false);
        var read = await silo.ReadAsync(existing);
        Assert.Equal(new StoredNote("before", 1), read.State);
        Assert.Equal("1", read.ETag);
        Assert.Equal(1, await CountRowsWithPayloadAsync(database));
        // The provider goes on: the next write, with the ETag the grain still holds, is stored.
        Assert.Equal("2", await silo.WriteAsync(existing, new StoredNote("after", 2), etag));
    }

    [Fact]
    public async Task AdoNet_grain_storage_batches_by_default()
    {
        var database = await postgres.MigratedDatabaseAsync();
        await using var silo = await StorageSilo.StartAsync(database, batching: null);
        Assert.IsType<BatchingGrainStorage>(silo.Storage);
    }

    [Fact]
    public async Task A_writer_whose_connection_was_closed_fails_that_batch_and_stores_the_next_on_a_new_one()
    {
        var database = await postgres.MigratedDatabaseAsync();
        await using var silo = await StorageSilo.StartAsync(database, batching: true, o => o.Writers = 1);
        var first = GrainId.Create("storagetest", "kept_first");
        Assert.Equal("1", await silo.WriteAsync(first, new StoredNote("first", 1), null));

        // The writer loop keeps its connection between batches; the server ends it (a restart, an administrator),
        // and the function's timeout argument waits until that backend is gone.
        await using (var admin = new NpgsqlConnection(database))
        {
            await admin.OpenAsync();
            await using var terminate = new NpgsqlCommand(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 10000)) FROM pg_stat_activity WHERE application_name = @name",
                admin);
            terminate.Parameters.AddWithValue("name", BatchingGrainStorage.WriterApplicationName);
            Assert.Equal(1L, (long)(await terminate.ExecuteScalarAsync())!);
        }

        var lost = GrainId.Create("storagetest", "kept_lost");
        var failure = await Assert.ThrowsAsync<OrleansException>(() => silo.WriteAsync(lost, new StoredNote("lost", 2), null));
        Assert.Contains("none was stored", failure.Message, StringComparison.Ordinal);

        var next = GrainId.Create("storagetest", "kept_next");
        Assert.Equal("1", await silo.WriteAsync(next, new StoredNote("next", 3), null));
        Assert.False((await silo.ReadAsync(lost)).RecordExists);
        Assert.Equal(new StoredNote("next", 3), (await silo.ReadAsync(next)).State);
        Assert.Equal(2, await CountRowsWithPayloadAsync(database));
    }

    [Fact]
    public async Task A_write_the_database_refuses_fails_its_batch_and_every_write_is_stored_exactly_when_acknowledged()
    {
        var database = await postgres.MigratedDatabaseAsync();
        await using var silo = await StorageSilo.StartAsync(database, batching: true, o => o.Writers = 1);
        // A state name longer than the column (varchar(512)) makes its statement fail inside the database: the
        // implicit transaction of its batch (no test seam here) rolls back.
        var refused = GrainId.Create("storagetest", "refused");
        var ids = Enumerable.Range(0, 60).Select(i => GrainId.Create("storagetest", $"peer_{i}")).ToArray();
        var writes = ids.Select((id, i) => (Id: id, Task: silo.WriteAsync(id, new StoredNote("peer", i), null))).ToList();
        var refusedState = new GrainState<StoredNote>(new StoredNote("refused", 0));
        var refusedWrite = silo.Storage.WriteStateAsync(new string('s', 600), refused, refusedState);
        var late = Enumerable.Range(0, 30).Select(i => GrainId.Create("storagetest", $"late_{i}")).ToArray();
        writes.AddRange(late.Select((id, i) => (Id: id, Task: silo.WriteAsync(id, new StoredNote("late", i), null))));

        await Assert.ThrowsAsync<OrleansException>(() => refusedWrite);
        var failed = 0;
        foreach (var (id, task) in writes)
        {
            var acknowledged = await task.ContinueWith(t => t.IsCompletedSuccessfully);
            var stored = (await silo.ReadAsync(id)).RecordExists;
            Assert.Equal(acknowledged, stored);
            failed += acknowledged ? 0 : 1;
        }

        Assert.Equal(writes.Count - failed, await CountRowsWithPayloadAsync(database));
    }

    [Fact]
    public async Task Many_concurrent_writers_are_all_acknowledged_and_durable_after_a_restart()
    {
        var database = await postgres.MigratedDatabaseAsync();
        const int Grains = 400;
        string?[] etags;
        long batches, writes;
        await using (var silo = await StorageSilo.StartAsync(database, batching: true))
        {
            var ids = Enumerable.Range(0, Grains).Select(i => GrainId.Create("storagetest", $"many_{i}")).ToArray();
            etags = await Task.WhenAll(ids.Select(id => silo.WriteAsync(id, new StoredNote("first", 1), null)));
            etags = await Task.WhenAll(ids.Select((id, i) => silo.WriteAsync(id, new StoredNote("second", i), etags[i])));
            var batcher = ((BatchingGrainStorage)silo.Storage).Batcher;
            (batches, writes) = (batcher.Batches, batcher.Writes);
        }

        Assert.All(etags, etag => Assert.Equal("2", etag));
        Assert.Equal(2 * Grains, writes);
        Assert.True(batches < writes / 4, $"{writes} writes went in {batches} transactions: not grouped");

        await using var restarted = await StorageSilo.StartAsync(database, batching: true);
        for (var i = 0; i < Grains; i++)
        {
            var read = await restarted.ReadAsync(GrainId.Create("storagetest", $"many_{i}"));
            Assert.Equal(new StoredNote("second", i), read.State);
            Assert.Equal("2", read.ETag);
        }
    }

    [Fact]
    public async Task Each_transaction_and_each_write_is_measured_with_its_outcome()
    {
        var database = await postgres.MigratedDatabaseAsync();
        var failNext = 0;
        await using var silo = await StorageSilo.StartAsync(database, batching: true, o =>
        {
            o.Writers = 1;
            o.BeforeCommit = _ => Interlocked.Exchange(ref failNext, 0) == 1 ? throw new InvalidOperationException("refused by the test") : Task.CompletedTask;
        });
        var measured = new List<(string Instrument, double Value, string? Outcome)>();
        using var listener = new MeterListener();
        var factory = silo.Services.GetRequiredService<IMeterFactory>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // This silo's meter only: other test classes' silos record on meters of the same name at the same time.
            if (instrument.Meter.Name == StorageBatchingMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? outcome = null;
            foreach (var tag in tags)
            {
                outcome = tag.Key == "outcome" ? tag.Value as string : outcome;
            }

            lock (measured)
            {
                measured.Add((instrument.Name, value, outcome));
            }
        }

        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<int>((i, v, t, _) => Record(i, v, t));
        listener.Start();

        const int Writes = 40;
        await Task.WhenAll(Enumerable.Range(0, Writes).Select(i => silo.WriteAsync(GrainId.Create("storagetest", $"measured_{i}"), new StoredNote("n", i), null)));
        Volatile.Write(ref failNext, 1);
        await Assert.ThrowsAnyAsync<Exception>(() => silo.WriteAsync(GrainId.Create("storagetest", "refused"), new StoredNote("no", 0), null));

        var batcher = ((BatchingGrainStorage)silo.Storage).Batcher;
        lock (measured)
        {
            var sizes = measured.Where(m => m.Instrument == "tempo.storage.batch.writes").ToList();
            var batches = measured.Where(m => m.Instrument == "tempo.storage.batch.duration").ToList();
            var writes = measured.Where(m => m.Instrument == "tempo.storage.write.duration").ToList();
            Assert.Equal(batcher.Batches, batches.Count);
            Assert.Equal(batcher.Batches, sizes.Count);
            Assert.Equal(Writes, sizes.Where(m => m.Outcome == "committed").Sum(m => m.Value));
            Assert.Equal([1.0], sizes.Where(m => m.Outcome == "failed").Select(m => m.Value));
            Assert.Single(batches, m => m.Outcome == "failed");
            Assert.Equal(Writes + 1, writes.Count);
            Assert.All(batches.Concat(writes), m => Assert.InRange(m.Value, 0, 60));
        }
    }

    private static async Task<long> CountRowsWithPayloadAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM OrleansStorage WHERE PayloadBinary IS NOT NULL", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>An embedded silo with AdoNet grain storage, batching or not; its storage is called directly.</summary>
    private sealed class StorageSilo(IHost host) : IAsyncDisposable
    {
        public IGrainStorage Storage { get; } = host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);

        public IServiceProvider Services => host.Services;

        /// <param name="batching">Sets <c>Tempo:StorageBatching</c>; null leaves it unset (the default).</param>
        public static async Task<StorageSilo> StartAsync(string database, bool? batching, Action<StorageBatchingOptions>? configure = null)
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Configuration["Tempo:GrainStorage"] = "AdoNet";
            if (batching is { } on)
            {
                builder.Configuration["Tempo:StorageBatching"] = on ? "true" : "false";
            }

            builder.Configuration["Tempo:SiloPort"] = Ports.Free().ToString(CultureInfo.InvariantCulture);
            builder.Configuration["Tempo:GatewayPort"] = Ports.Free().ToString(CultureInfo.InvariantCulture);
            builder.Configuration["ConnectionStrings:Orleans"] = database;
            builder.Logging.ClearProviders();
            builder.UseOrleans(silo => silo.UseTempoSilo(builder.Configuration, gateway: false));
            if (configure is not null)
            {
                builder.Services.Configure(configure);
            }

            var host = builder.Build();
            await host.StartAsync();
            var silo = new StorageSilo(host);
            Assert.Equal(batching ?? true, silo.Storage is BatchingGrainStorage);
            return silo;
        }

        public async Task<string?> WriteAsync(GrainId id, StoredNote note, string? etag)
        {
            var state = new GrainState<StoredNote>(note) { ETag = etag, RecordExists = etag is not null };
            await Storage.WriteStateAsync(StateName, id, state);
            return state.ETag;
        }

        public async Task<GrainState<StoredNote>> ReadAsync(GrainId id)
        {
            var state = new GrainState<StoredNote>();
            await Storage.ReadStateAsync(StateName, id, state);
            return state;
        }

        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            host.Dispose();
        }
    }
}
