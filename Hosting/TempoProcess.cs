using Microsoft.Extensions.Configuration;
using Tempo.Grains.Hosting;

namespace Tempo.Hosting;

/// <summary>
/// The outer frame of a process: configuration and database problems stop it at once with one line that says what
/// is wrong (exit code 2), not a stack trace. Shared by the Api and Silo processes.
/// </summary>
public static class TempoProcess
{
    public static async Task<int> RunAsync(string name, string[] args, Func<Task> run)
    {
        try
        {
            await run();
            return 0;
        }
        catch (Exception exception) when (Describe(exception) is { } message)
        {
            await Console.Error.WriteLineAsync($"{name}: {message}");
            return 2;
        }
    }

    /// <summary>When a provider uses PostgreSQL: reachable, migrated, every query key present.</summary>
    public static async Task VerifyDatabaseAsync(IConfiguration configuration)
    {
        if (TempoModes.UsesDatabase(configuration))
        {
            var connectionString = configuration.GetConnectionString(OrleansHostingOptions.ConnectionStringName);
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new OrleansDatabaseException("A provider is AdoNet (or Tempo:Mode is Client), but ConnectionStrings:Orleans is not set.");
            }

            await OrleansDatabase.VerifyAsync(connectionString);
        }
    }

    private static string? Describe(Exception exception) => exception switch
    {
        OrleansDatabaseException or StartupConfigurationException => exception.Message,
        _ => null,
    };
}
