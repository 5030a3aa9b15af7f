using Tempo.Grains.Hosting;

namespace Tempo.Api.Gate;

/// <summary>Whether the token gate runs. Off only through <see cref="BenchmarkGateSwitch"/>.</summary>
public sealed record TokenGateMode(bool Disabled);

/// <summary>
/// The benchmark-only switch that turns the token gate off, so that <c>bench/</c> can measure what the gate costs
/// against the same endpoint without it. It cannot take effect anywhere else:
/// <list type="bullet">
/// <item>it is read only when the host environment is <c>Benchmark</c> and <c>Benchmark:DisableTokenGate</c> is <c>true</c>;</item>
/// <item>the key set (to any value) in any other environment (Production, Development, Staging, ...) stops the
/// service at start with one line (exit code 2);</item>
/// <item>turned on, it also requires the one-process in-memory mode (no PostgreSQL provider, not a client of a
/// cluster), so a process without a gate never holds or reaches real data: it serves only what it made itself and
/// loses it on exit.</item>
/// </list>
/// The service logs a warning while the gate is off. No build configuration is required: a Release build is what
/// production runs, so requiring one would protect nothing, while the environment name and in-memory rule do.
/// </summary>
public static partial class BenchmarkGateSwitch
{
    public const string EnvironmentName = "Benchmark";
    public const string SettingKey = "Benchmark:DisableTokenGate";

    /// <summary>
    /// The same for the token policy middleware alone (issue 20's budget: the gate with and without its policies, in
    /// one run). Same rules: the Benchmark environment only, refused at start anywhere else, in-memory mode only.
    /// </summary>
    public const string PoliciesSettingKey = "Benchmark:DisableTokenPolicies";

    /// <summary>True when the gate is off; throws a one-line startup error when the setting is not allowed here.</summary>
    public static bool IsGateDisabled(IConfiguration configuration, IHostEnvironment environment) =>
        IsDisabled(configuration, environment, SettingKey);

    /// <summary>True when the token policies are off; throws a one-line startup error when the setting is not allowed here.</summary>
    public static bool ArePoliciesDisabled(IConfiguration configuration, IHostEnvironment environment) =>
        IsDisabled(configuration, environment, PoliciesSettingKey);

    private static bool IsDisabled(IConfiguration configuration, IHostEnvironment environment, string key)
    {
        var value = configuration[key];
        if (value is null)
        {
            return false;
        }

        if (!environment.IsEnvironment(EnvironmentName))
        {
            throw new Tempo.Grains.Hosting.StartupConfigurationException(
                $"'{key}' is a benchmark-only setting and is refused in the '{environment.EnvironmentName}' environment; remove it (it works only in the '{EnvironmentName}' environment).");
        }

        if (!bool.TryParse(value, out var disabled))
        {
            throw new Tempo.Grains.Hosting.StartupConfigurationException($"'{key}' must be true or false, not '{value}'.");
        }

        if (disabled && !Tempo.Hosting.TempoModes.IsInMemory(configuration))
        {
            throw new Tempo.Grains.Hosting.StartupConfigurationException(
                $"'{key}' needs the one-process in-memory mode: no AdoNet provider under 'Tempo:' and no 'Tempo:Mode=Client'.");
        }

        return disabled;
    }

    /// <summary>The token gate for <c>/4</c>, or, in a benchmark with the switch on, its absence (logged as a warning).</summary>
    public static WebApplication UseTokenGate(this WebApplication app)
    {
        var disabled = IsGateDisabled(app.Configuration, app.Environment);
        if (disabled)
        {
            LogGateOff(app.Logger);
        }

        app.UseMiddleware<TokenGateMiddleware>(new TokenGateMode(disabled));
        return app;
    }

    /// <summary>
    /// The token policy middleware after the gate (IP allowlists, rate limits, the expiry header, use reporting), or,
    /// in a benchmark with <see cref="PoliciesSettingKey"/> on, its absence (logged as a warning).
    /// </summary>
    public static WebApplication UseTokenPolicies(this WebApplication app)
    {
        if (ArePoliciesDisabled(app.Configuration, app.Environment))
        {
            LogPoliciesOff(app.Logger);
            return app;
        }

        app.UseMiddleware<TokenPolicyMiddleware>();
        return app;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The token policies are OFF (Benchmark:DisableTokenPolicies): no IP allowlist, rate limit, expiry header or use reporting. Benchmarks only.")]
    private static partial void LogPoliciesOff(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The token gate is OFF (Benchmark:DisableTokenGate): every /4 request is answered without a token. Benchmarks only.")]
    private static partial void LogGateOff(ILogger logger);
}
