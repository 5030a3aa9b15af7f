using System.Data.Common;
using Npgsql;

namespace Tempo.Grains.Hosting;

/// <summary>
/// The PostgreSQL side of the ADO.NET providers: applies <c>deploy/sql</c> (the <c>migrate</c> command) and checks, before
/// a silo starts, that the database is reachable, migrated and holds every query key the providers need.
/// </summary>
public static class OrleansDatabase
{
    /// <summary>The folder of the SQL scripts next to the program (copied from <c>deploy/sql</c>).</summary>
    public static string ScriptsFolder => Path.Combine(AppContext.BaseDirectory, "sql");

    /// <summary>Applies every numbered script in order. The scripts are idempotent, so running this again is safe.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var scripts = Directory.GetFiles(ScriptsFolder, "*.sql").Order(StringComparer.Ordinal).ToArray();
        if (scripts.Length == 0)
        {
            throw new OrleansDatabaseException($"No SQL scripts found in {ScriptsFolder}.");
        }

        await using var connection = await OpenAsync(connectionString, cancellationToken);
        foreach (var script in scripts)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var command = new NpgsqlCommand(await File.ReadAllTextAsync(script, cancellationToken), connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return [.. scripts.Select(Path.GetFileName)!];
    }

    /// <summary>Throws <see cref="OrleansDatabaseException"/> with a message that says what is wrong, if anything is.</summary>
    public static async Task VerifyAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(connectionString, cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT to_regclass('orleansquery') IS NOT NULL", connection);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
        {
            throw new OrleansDatabaseException(
                $"The database '{connection.Database}' is not migrated (no OrleansQuery table). Run: dotnet run --project Silo -- migrate");
        }

        var present = new HashSet<string>(StringComparer.Ordinal);
        await using var keys = new NpgsqlCommand("SELECT querykey FROM orleansquery", connection);
        await using (var reader = await keys.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                present.Add(reader.GetString(0));
            }
        }

        var missing = RequiredQueryKeys().Where(k => !present.Contains(k)).ToArray();
        if (missing.Length > 0)
        {
            throw new OrleansDatabaseException(
                $"The schema of database '{connection.Database}' lacks query keys the Orleans providers need: {string.Join(", ", missing)}. Run: dotnet run --project Silo -- migrate");
        }
    }

    public static IReadOnlyList<string> RequiredQueryKeys() =>
        [.. File.ReadAllLines(Path.Combine(ScriptsFolder, "required-query-keys.txt")).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException exception)
        {
            throw new OrleansDatabaseException($"ConnectionStrings:Orleans is not a valid PostgreSQL connection string: {exception.Message}");
        }

        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (Exception exception) when (exception is DbException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException)
        {
            await connection.DisposeAsync();
            throw new OrleansDatabaseException(
                $"Cannot connect to PostgreSQL at {builder.Host}:{builder.Port}, database '{builder.Database}': {exception.Message}");
        }
    }
}

/// <summary>The database is unusable for the Orleans providers; the message says why and what to do.</summary>
public sealed class OrleansDatabaseException(string message) : Exception(message);

/// <summary>The configuration can't work; the message names the key and what it needs.</summary>
public sealed class StartupConfigurationException(string message) : InvalidOperationException(message);
