using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Tempo.Hosting;

/// <summary>
/// What operators need from every process, silo or API: <c>/health/live</c> (the process answers; never calls grains
/// or the database), <c>/health/ready</c> (started and not shutting down), and OpenTelemetry metrics and traces
/// (ASP.NET Core, Orleans, Npgsql, the gate's counters, the storage batcher's), collected and exported over OTLP only when an endpoint is
/// configured.
/// Shared by the Api and Silo processes.
/// </summary>
public static class OperationsHosting
{
    public const string GateMeter = "Tempo.Gate";

    public static IHostApplicationBuilder AddTempoOperations(this IHostApplicationBuilder builder, string serviceName)
    {
        builder.Services.AddHealthChecks().AddCheck<ShutdownReadinessCheck>("ready", tags: ["ready"]);

        var otlp = builder.Configuration["OpenTelemetry:OtlpEndpoint"] ?? builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(otlp))
        {
            // Nothing would be exported: no providers, so no listener makes every request, grain message and query
            // record spans and measurements only to drop them. Measured side by side (bench/README.md, "Session 5"):
            // the gated GET's server CPU went from 72-77 to 55-57 µs a request without them.
            return builder;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter("Microsoft.Orleans", GateMeter, Tempo.Grains.Hosting.StorageBatchingMetrics.MeterName))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddNpgsql()
                .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"))
            .UseOtlpExporter(OpenTelemetry.Exporter.OtlpExportProtocol.Grpc, new Uri(otlp));
        return builder;
    }

    public static WebApplication MapTempoHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        return app;
    }

    /// <summary>Ready once the host has started, and no longer as soon as shutdown begins, so load balancers drain first.</summary>
    private sealed class ShutdownReadinessCheck(IHostApplicationLifetime lifetime) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(
                lifetime.ApplicationStopping.IsCancellationRequested ? HealthCheckResult.Unhealthy("shutting down")
                : lifetime.ApplicationStarted.IsCancellationRequested ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("starting"));
    }
}
