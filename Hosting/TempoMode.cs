using Microsoft.Extensions.Configuration;
using Tempo.Grains.Hosting;

namespace Tempo.Hosting;

/// <summary>How an API process reaches the grains: a silo inside the process, or a client of a cluster.</summary>
public enum TempoMode
{
    /// <summary>A silo in this process (the default): one process in memory, or a co-hosting member of a cluster.</summary>
    Embedded,

    /// <summary>A thin front whose grains live in separate silo processes, found in the PostgreSQL membership table.</summary>
    Client,
}

/// <summary>The one place that reads <c>Tempo:Mode</c> and says what follows from it.</summary>
public static class TempoModes
{
    public const string SettingKey = "Tempo:Mode";

    public static TempoMode Of(IConfiguration configuration) => configuration[SettingKey] switch
    {
        null or "" => TempoMode.Embedded,
        var value when string.Equals(value, nameof(TempoMode.Embedded), StringComparison.OrdinalIgnoreCase) => TempoMode.Embedded,
        var value when string.Equals(value, nameof(TempoMode.Client), StringComparison.OrdinalIgnoreCase) => TempoMode.Client,
        var value => throw new StartupConfigurationException($"'{SettingKey}' must be Embedded or Client, not '{value}'."),
    };

    /// <summary>Whether this process needs PostgreSQL: a provider is AdoNet, or it is a client of a cluster.</summary>
    public static bool UsesDatabase(IConfiguration configuration) =>
        TempoSiloHosting.UsesDatabase(configuration) || Of(configuration) == TempoMode.Client;

    /// <summary>The one-process in-memory mode: an embedded silo and no PostgreSQL anywhere.</summary>
    public static bool IsInMemory(IConfiguration configuration) => !UsesDatabase(configuration);
}
