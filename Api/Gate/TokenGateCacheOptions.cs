using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Api.Gate;

/// <summary>The gate cache's settings, under <c>Tempo:Gate:Cache</c> (docs/design/gate-cache.md).</summary>
public sealed record TokenGateCacheOptions
{
    public const string SectionName = "Tempo:Gate:Cache";

    /// <summary>How many tokens one API process keeps at most (least recently used go first).</summary>
    public int Capacity { get; init; } = 100_000;

    /// <summary>How long an entry is served without the token grain hearing from this process (1 to 20 s).</summary>
    public double LeaseSeconds { get; init; } = 15;

    /// <summary>How long an id the token grain called unknown is answered unknown without asking again.</summary>
    public double UnknownSeconds { get; init; } = 5;

    public TimeSpan Lease => TokenGateLeases.Clamp(TimeSpan.FromSeconds(LeaseSeconds));

    public TimeSpan Unknown => TimeSpan.FromSeconds(Math.Clamp(UnknownSeconds, 0, 60));

    public static TokenGateCacheOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(SectionName).Get<TokenGateCacheOptions>() ?? new TokenGateCacheOptions();
        return options.Capacity < 1
            ? throw new Tempo.Grains.Hosting.StartupConfigurationException($"'{SectionName}:Capacity' must be at least 1.")
            : options;
    }
}
