using Npgsql;

namespace Tempo.Cluster.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL server from the installed binaries: initdb into a temporary folder, pg_ctl on a free
/// loopback port, stopped and deleted afterwards. Fails with a message saying what to install when the binaries
/// are missing. As root it runs the server as the <c>postgres</c> user (initdb refuses root).
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _dataDir;
    private readonly bool _asPostgresUser;

    private PostgresServer(string bin, string dataDir, int port, bool asPostgresUser)
    {
        _bin = bin;
        _dataDir = dataDir;
        Port = port;
        _asPostgresUser = asPostgresUser;
    }

    public int Port { get; }

    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false";

    /// <param name="durable">
    /// False (the tests): fsync and full_page_writes off, because a test database never has to outlive a crash and
    /// the tests should not wait for the disk. True (benchmarks): PostgreSQL's own defaults, so every commit waits
    /// for its WAL flush as it would in production.
    /// </param>
    public static async Task<PostgresServer> StartAsync(bool durable = false)
    {
        var bin = FindBinaries();
        var dataDir = Path.Combine(Path.GetTempPath(), "tempo-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dataDir);
        var asPostgresUser = Environment.UserName == "root";
        if (asPostgresUser)
        {
            await Processes.RunAsync("chown", ["postgres", dataDir]);
        }

        var server = new PostgresServer(bin, dataDir, Ports.Free(), asPostgresUser);
        await server.RunAsync("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
        var durability = durable ? "" : " -c fsync=off -c full_page_writes=off";
        await server.RunAsync("pg_ctl", ["-D", dataDir, "-l", Path.Combine(dataDir, "server.log"), "-w", "-t", "60", "-o",
            $"-p {server.Port} -k {dataDir} -c listen_addresses=127.0.0.1{durability} -c max_connections=300", "start"]);
        return server;
    }

    /// <summary>A new, empty database; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "tempo_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name};Maximum Pool Size=40";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("pg_ctl", ["-D", _dataDir, "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    private Task RunAsync(string tool, string[] args)
    {
        var path = Path.Combine(_bin, tool);
        return _asPostgresUser
            ? Processes.RunAsync("runuser", ["-u", "postgres", "--", path, .. args])
            : Processes.RunAsync(path, args);
    }

    private static string FindBinaries()
    {
        var candidates = Environment.GetEnvironmentVariable("TEMPO_PG_BIN") is { Length: > 0 } configured
            ? [configured]
            : Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).OrderDescending().ToArray()
                : [];
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException(
                "PostgreSQL server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin. Install them: apt-get install postgresql (or set TEMPO_PG_BIN).");
    }
}
