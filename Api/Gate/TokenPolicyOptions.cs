using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Api.Gate;

/// <summary>
/// <c>Tokens:RateLimit:*</c>: the tenant default (<c>PerSecond</c> 10, <c>Burst</c> 50), the most a token may ask
/// for at creation (<c>MaxPerSecond</c> 100, <c>MaxBurst</c> 500), and <c>ApiProcesses</c> (1): the number of API
/// processes the limit is shared between. Buckets live per process; with <c>ApiProcesses</c> = N each process
/// enforces 1/N of the limit (rounded up, at least 1), so a token spread evenly over all processes gets the limit
/// and one that hits a single process gets 1/N of it. With 1 (the default), each process allows the full limit and a
/// token can reach N times it across N processes. docs/design/token-policies.md.
/// </summary>
public sealed record TokenPolicyOptions(TokenRateLimit Default, TokenRateLimit Maximum, int ApiProcesses)
{
    public static TokenPolicyOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Tokens:RateLimit");
        var options = new TokenPolicyOptions(
            new TokenRateLimit(section.GetValue("PerSecond", 10), section.GetValue("Burst", 50)),
            new TokenRateLimit(section.GetValue("MaxPerSecond", 100), section.GetValue("MaxBurst", 500)),
            section.GetValue("ApiProcesses", 1));
        if (options.Default.PerSecond < 1 || options.Default.Burst < 1 || options.ApiProcesses < 1
            || options.Default.PerSecond > options.Maximum.PerSecond || options.Default.Burst > options.Maximum.Burst)
        {
            throw new Tempo.Grains.Hosting.StartupConfigurationException(
                "'Tokens:RateLimit' needs PerSecond, Burst and ApiProcesses of at least 1, and the default no higher than MaxPerSecond/MaxBurst.");
        }

        return options;
    }

    /// <summary>This process's share of a token's limit.</summary>
    public TokenRateLimit ShareOf(TokenRateLimit? limit)
    {
        var l = limit ?? Default;
        return ApiProcesses == 1 ? l : new TokenRateLimit(Math.Max(1, (l.PerSecond + ApiProcesses - 1) / ApiProcesses), Math.Max(1, (l.Burst + ApiProcesses - 1) / ApiProcesses));
    }
}
