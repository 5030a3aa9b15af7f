using Tempo.Api.Auth;
using Tempo.Grains.Hosting;

namespace Tempo.Api.Security;

/// <summary>
/// Configurations that can never work safely stop the start with one line naming the setting (exit code 2),
/// instead of starting and failing every request.
/// </summary>
public static class StartupChecks
{
    public const string AllowedHostsKey = "AllowedHosts";

    public static void Verify(IConfiguration configuration, IHostEnvironment environment)
    {
        VerifyAuthority(configuration);
        VerifyHosts(configuration, environment);
    }

    /// <summary>JWT bearer refuses an http:// authority while HTTPS metadata is required, on every request.</summary>
    private static void VerifyAuthority(IConfiguration configuration)
    {
        var section = ManagementAuthenticationOptions.SectionName;
        var options = configuration.GetSection(section).Get<ManagementAuthenticationOptions>() ?? new();
        if (string.IsNullOrWhiteSpace(options.Authority))
        {
            return;
        }

        if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("http" or "https"))
        {
            throw new StartupConfigurationException($"'{section}:Authority' must be an absolute https:// URL, not '{options.Authority}'.");
        }

        if (authority.Scheme == "http" && options.RequireHttpsMetadata)
        {
            throw new StartupConfigurationException(
                $"'{section}:Authority' must use https:// ('{options.Authority}'); only for a provider on a private loopback set '{section}:RequireHttpsMetadata' to false.");
        }
    }

    /// <summary>
    /// Outside Development (and the local Benchmark environment), the <c>Host</c> header must not be trusted as it
    /// comes: name the hosts in <c>AllowedHosts</c>, or set <c>Api:PublicBaseUrl</c> so links never use it.
    /// </summary>
    private static void VerifyHosts(IConfiguration configuration, IHostEnvironment environment)
    {
        if (environment.IsDevelopment() || environment.IsEnvironment("Benchmark") || PublicBaseUrl.From(configuration).IsSet)
        {
            return;
        }

        var hosts = (configuration[AllowedHostsKey] ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (hosts.Length == 0 || hosts.Contains("*"))
        {
            throw new StartupConfigurationException(
                $"'{AllowedHostsKey}' is '*' in the '{environment.EnvironmentName}' environment: name the hosts clients call (e.g. 'tempo.example.com'), or set '{PublicBaseUrl.SettingKey}' so links never use the Host header.");
        }
    }
}
