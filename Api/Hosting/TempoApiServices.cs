using Microsoft.Extensions.DependencyInjection.Extensions;
using Tempo.Api.Auth;
using Tempo.Api.Errors;
using Tempo.Api.Gate;
using Tempo.Api.Json;
using Tempo.Api.Management;
using Tempo.Api.OpenApi;
using Tempo.Api.Tokens;
using Tempo.Grains.Interfaces.Scopes;
using Tempo.Grains.Worklogs;

namespace Tempo.Api.Hosting;

public static class TempoApiServices
{
    /// <summary>Everything the HTTP front needs, whether the silo is embedded or remote.</summary>
    public static WebApplicationBuilder AddTempoApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.ConfigureHttpJsonOptions(o => StrictJson.Apply(o.SerializerOptions));
        services.TryAddSingleton(ScopeCatalogue.Seed);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(TokenHasherFrom(builder.Configuration, builder.Environment));
        services.AddSingleton<TokenGateMetrics>();
        services.AddSingleton(TokenGateCacheOptions.From(builder.Configuration));
        services.AddSingleton<TokenGateCache>();
        services.AddSingleton<TokenServices>();
        services.AddSingleton(Tempo.Api.Gate.TokenPolicyOptions.From(builder.Configuration));
        services.AddSingleton<Tempo.Api.Gate.TokenUseReporter>();
        services.AddHostedService<Tempo.Api.Gate.TokenUseFlusher>();
        services.AddSingleton(Tempo.Api.SecretScanning.SecretScanningKeys.From(builder.Configuration));
        services.AddTempoErrorHandling();
        services.AddManagementAuthentication(builder.Configuration, builder.Environment);
        services.AddManagementAuthorization();
        Tempo.Api.OAuth.OAuthServer.AddTempoOAuth(services, builder.Configuration, builder.Environment);
        services.AddTempoOpenApi();
        services.AddWorklogSeams();
        services.AddSingleton(Tempo.Api.Security.PublicBaseUrl.From(builder.Configuration));

        // Host filtering runs inside the error shaping (UseTempoApi), so a refused Host gets Tempo's body too.
        services.PostConfigure<Microsoft.AspNetCore.HostFiltering.HostFilteringOptions>(o => o.IncludeFailureMessage = false);
        foreach (var filter in services.Where(d => d.ServiceType == typeof(IStartupFilter) && d.ImplementationType?.Name == "HostFilteringStartupFilter").ToList())
        {
            services.Remove(filter);
        }
        return builder;
    }

    private static TokenSecretHasher TokenHasherFrom(IConfiguration configuration, IHostEnvironment environment)
    {
        var key = configuration.GetSection(TokenHashingOptions.SectionName).Get<TokenHashingOptions>()?.HashKey;
        if (string.IsNullOrWhiteSpace(key))
        {
            if (!environment.IsDevelopment())
            {
                throw new Tempo.Grains.Hosting.StartupConfigurationException(
                    $"'{TokenHashingOptions.SectionName}:HashKey' is required outside Development: base64 of at least {TokenSecretHasher.MinKeyBytes} random bytes, the same on every API process.");
            }

            // Development with in-memory storage: tokens die with the process anyway.
            return new TokenSecretHasher(System.Security.Cryptography.RandomNumberGenerator.GetBytes(TokenSecretHasher.MinKeyBytes));
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(key);
        }
        catch (FormatException)
        {
            throw new Tempo.Grains.Hosting.StartupConfigurationException($"'{TokenHashingOptions.SectionName}:HashKey' is not valid base64.");
        }

        return bytes.Length >= TokenSecretHasher.MinKeyBytes
            ? new TokenSecretHasher(bytes)
            : throw new Tempo.Grains.Hosting.StartupConfigurationException($"'{TokenHashingOptions.SectionName}:HashKey' must be at least {TokenSecretHasher.MinKeyBytes} bytes.");
    }
}
