using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using Tempo.Grains.Interfaces.Scopes;

namespace Tempo.Api.Tests.Infrastructure;

/// <summary>
/// The whole service in process (embedded silo, in-memory storage) on fake time, with a grain-call counter, a log
/// sink and a catalogue that a test can grow. Shared per test class; tests use their own account ids.
/// </summary>
public class TempoApiFactory : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Start = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; } = new(Start);

    public GrainCallCounter GrainCalls { get; } = new();

    public LogSink Logs { get; } = new();

    public MutableCatalogue Catalogue { get; } = new();

    public byte[] HashKey { get; } = RandomNumberGenerator.GetBytes(32);

    protected virtual string EnvironmentName => "Development";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("Tempo:SiloPort", FreeTcpPort().ToString());
        builder.UseSetting("Tokens:HashKey", Convert.ToBase64String(HashKey));
        builder.UseSetting("AllowedHosts", "localhost");
        // Suites drive one token hard; token rate limits are tested with a token's own, lower limit.
        builder.UseSetting("Tokens:RateLimit:PerSecond", "1000000");
        builder.UseSetting("Tokens:RateLimit:Burst", "1000000");
        builder.UseSetting("Tokens:RateLimit:MaxPerSecond", "1000000");
        builder.UseSetting("Tokens:RateLimit:MaxBurst", "1000000");
        ConfigureSettings(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            services.AddTransient(_ => Catalogue.Current);
            services.AddSingleton<Orleans.IIncomingGrainCallFilter>(GrainCalls);
            ConfigureTestServices(services);
        });
    }

    protected virtual void ConfigureSettings(IWebHostBuilder builder)
    {
    }

    protected virtual void ConfigureTestServices(IServiceCollection services)
    {
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed class MutableCatalogue
{
    public ScopeCatalogue Current { get; set; } = ScopeCatalogue.Seed;
}
