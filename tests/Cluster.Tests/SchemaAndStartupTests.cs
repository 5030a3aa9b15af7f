using Npgsql;
using Tempo.Cluster.Tests.Infrastructure;

namespace Tempo.Cluster.Tests;

[Collection(PostgresCollection.Name)]
public sealed class SchemaAndStartupTests(PostgresFixture postgres)
{
    private static readonly string[] RequiredKeys = File.ReadAllLines(Path.Combine(TestCluster.RepoRoot, "deploy", "sql", "required-query-keys.txt"))
        .Where(l => l.Trim().Length > 0).ToArray();

    [Fact]
    public async Task Migrate_applies_the_schema_to_an_empty_database_and_is_safe_to_run_again()
    {
        var database = await postgres.Server.CreateDatabaseAsync();

        await TestCluster.MigrateAsync(database);
        await TestCluster.MigrateAsync(database);

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT querykey FROM orleansquery", connection);
        var keys = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                keys.Add(reader.GetString(0));
            }
        }

        Assert.Subset(keys.ToHashSet(), RequiredKeys.ToHashSet());
        Assert.Contains("CleanupDefunctSiloEntriesKey", keys);
    }

    [Fact]
    public async Task A_silo_without_a_connection_string_stops_with_a_message()
    {
        var (exitCode, output) = await RunSiloAsync(new() { ["Tempo__Clustering"] = "AdoNet" });

        AssertStoppedWith(exitCode, output, "ConnectionStrings:Orleans is not set");
    }

    [Fact]
    public async Task A_silo_with_a_wrong_connection_string_stops_with_a_message()
    {
        var wrong = $"Host=127.0.0.1;Port={Ports.Free()};Username=postgres;Database=nowhere;Timeout=3";

        var (exitCode, output) = await RunSiloAsync(Adonet(wrong));

        AssertStoppedWith(exitCode, output, "Cannot connect to PostgreSQL at 127.0.0.1");
    }

    [Fact]
    public async Task A_silo_on_an_unmigrated_database_stops_with_a_message()
    {
        var database = await postgres.Server.CreateDatabaseAsync();

        var (exitCode, output) = await RunSiloAsync(Adonet(database));

        AssertStoppedWith(exitCode, output, "is not migrated (no OrleansQuery table). Run: dotnet run --project Silo -- migrate");
    }

    [Fact]
    public async Task A_silo_on_a_schema_that_lacks_a_query_key_names_it()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        await TestCluster.MigrateAsync(database);
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var delete = new NpgsqlCommand("DELETE FROM orleansquery WHERE querykey = 'CleanupDefunctSiloEntriesKey'", connection);
            await delete.ExecuteNonQueryAsync();
        }

        var (exitCode, output) = await RunSiloAsync(Adonet(database));

        AssertStoppedWith(exitCode, output, "lacks query keys the Orleans providers need: CleanupDefunctSiloEntriesKey");
    }

    private static Dictionary<string, string> Adonet(string connectionString) => new()
    {
        ["Tempo__Clustering"] = "AdoNet",
        ["Tempo__GrainStorage"] = "AdoNet",
        ["ConnectionStrings__Orleans"] = connectionString,
    };

    private static Task<(int ExitCode, string Output)> RunSiloAsync(Dictionary<string, string> environment)
    {
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Ports.Free()}";
        return Processes.TryRunAsync("dotnet", [TestCluster.SiloDll], environment, Path.GetDirectoryName(TestCluster.SiloDll)!, TimeSpan.FromSeconds(60));
    }

    private static void AssertStoppedWith(int exitCode, string output, string message)
    {
        Assert.True(exitCode == 2, $"expected exit code 2, got {exitCode}:\n{output}");
        Assert.Contains(message, output);
        Assert.DoesNotContain("   at ", output);
    }
}
