using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Tempo.Bench.WorklogWrites;

/// <summary>
/// A throwaway PostgreSQL server from the installed binaries (initdb, pg_ctl on a free loopback port, PostgreSQL's
/// own durability defaults: every commit waits for its WAL flush), deleted afterwards. As root it runs the server as
/// the <c>postgres</c> user. The same recipe as tests/Cluster.Tests' PostgresServer.
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

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBinaries();
        var dataDir = Path.Combine(Path.GetTempPath(), "tempo-pg-bench-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dataDir);
        var asPostgresUser = Environment.UserName == "root";
        if (asPostgresUser)
        {
            await RunAsync("chown", ["postgres", dataDir]);
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var server = new PostgresServer(bin, dataDir, port, asPostgresUser);
        await server.ToolAsync("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
        await server.ToolAsync("pg_ctl", ["-D", dataDir, "-l", Path.Combine(dataDir, "server.log"), "-w", "-t", "60", "-o",
            $"-p {port} -k {dataDir} -c listen_addresses=127.0.0.1 -c max_connections=300", "start"]);
        return server;
    }

    /// <summary>A new, empty database; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "tempo_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name};Maximum Pool Size=40";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ToolAsync("pg_ctl", ["-D", _dataDir, "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    private Task ToolAsync(string tool, string[] args)
    {
        var path = Path.Combine(_bin, tool);
        return _asPostgresUser ? RunAsync("runuser", ["-u", "postgres", "--", path, .. args]) : RunAsync(path, args);
    }

    private static async Task RunAsync(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }

    private static string FindBinaries()
    {
        var candidates = Environment.GetEnvironmentVariable("TEMPO_PG_BIN") is { Length: > 0 } configured
            ? [configured]
            : Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).OrderDescending().ToArray()
                : [];
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException("PostgreSQL server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin (apt-get install postgresql, or set TEMPO_PG_BIN).");
    }
}
