using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Tempo.Api.Tests.Infrastructure;
using Tempo.Grains.Interfaces.Tokens;
using Tempo.Hosting;

namespace Tempo.Api.Tests;

public sealed class OperationsTests
{
    [Fact]
    public async Task Live_and_ready_answer_once_started()
    {
        using var factory = new TempoApiFactory();
        var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("http://127.0.0.1:4317", true)]
    public void Telemetry_is_collected_only_when_an_otlp_endpoint_is_configured(string? endpoint, bool collected)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["OpenTelemetry:OtlpEndpoint"] = endpoint;
        builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] = null;
        builder.AddTempoOperations("tempo-test");
        using var host = builder.Build();

        Assert.Equal(collected, host.Services.GetService<OpenTelemetry.Trace.TracerProvider>() is not null);
        Assert.Equal(collected, host.Services.GetService<OpenTelemetry.Metrics.MeterProvider>() is not null);
    }

    [Fact]
    public async Task Readiness_turns_false_as_soon_as_shutdown_starts_and_liveness_calls_nothing()
    {
        using var factory = new TempoApiFactory();
        _ = factory.Server;
        var health = factory.Services.GetRequiredService<HealthCheckService>();
        var callsBefore = factory.GrainCalls.CallsTo<ITokenGrain>();

        var live = await health.CheckHealthAsync(_ => false);
        var readyBefore = await health.CheckHealthAsync(c => c.Tags.Contains("ready"));
        factory.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        var readyAfter = await health.CheckHealthAsync(c => c.Tags.Contains("ready"));

        Assert.Equal(HealthStatus.Healthy, live.Status);
        Assert.Empty(live.Entries);
        Assert.Equal(HealthStatus.Healthy, readyBefore.Status);
        Assert.Equal(HealthStatus.Unhealthy, readyAfter.Status);
        Assert.Equal(callsBefore, factory.GrainCalls.CallsTo<ITokenGrain>());
    }

    [Fact]
    public async Task The_gate_counts_allowed_401_by_reason_and_403_by_scope()
    {
        using var factory = new TempoApiFactory();
        var measurements = new List<(string Instrument, long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Tempo.Gate")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (measurements)
            {
                measurements.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
            }
        });
        listener.Start();
        var user = await factory.SignedInAsync(TempoClient.NewAccountId());
        var secret = (await user.CreateCustomTokenAsync(new { accounts = "VIEW" })).Secret();

        await factory.WithApiToken(secret).GetAsync("/4/account-category-types");
        await factory.WithApiToken(secret).PostAsJsonAsync("/4/customers", new { key = "K", name = "n" });
        await factory.WithApiToken("garbage").GetAsync("/4/account-category-types");

        lock (measurements)
        {
            Assert.Contains(measurements, m => m.Instrument == "tempo.gate.allowed" && (string?)m.Tags["scope"] == "accounts");
            Assert.Contains(measurements, m => m.Instrument == "tempo.gate.forbidden" && (string?)m.Tags["scope"] == "accounts" && (string?)m.Tags["level"] == "manage");
            Assert.Contains(measurements, m => m.Instrument == "tempo.gate.unauthorized" && (string?)m.Tags["reason"] == "malformed");
        }
    }
}
