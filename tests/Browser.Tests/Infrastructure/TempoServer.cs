using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Tempo.Browser.Tests.Infrastructure;

/// <summary>
/// The whole service (embedded silo, in-memory storage, Development) as a real HTTP server on a free loopback
/// port, so a browser can reach it. Time is fake and starts at the real now, so that the browser's clock (which
/// the page's date picker uses) and the server's agree until a test advances the server's.
/// </summary>
public class TempoServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    public TempoServer()
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The page's address.</summary>
    public string PageUrl => new Uri(BaseAddress, "/settings/api-integration").ToString();

    public virtual Task InitializeAsync()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.Single());
        return Task.CompletedTask;
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    /// <summary>A plain HTTP client over the network, as curl would call, carrying an API token when given.</summary>
    public HttpClient Http(string? bearer = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Tempo:SiloPort", FreeTcpPort().ToString());
        builder.UseSetting("Tokens:HashKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        ConfigureSettings(builder);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
        });
    }

    protected virtual void ConfigureSettings(IWebHostBuilder builder)
    {
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A server of its own, for tests that move its clock.</summary>
public sealed class ExpiryServer : TempoServer;

/// <summary>A server with development sign-in off (and an OpenID Connect authority that is never called).</summary>
public sealed class NoDevSignInServer : TempoServer
{
    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("DevSignIn:Enabled", "false");
        builder.UseSetting("Authentication:Authority", "https://127.0.0.1:9/");
        builder.UseSetting("Authentication:Audience", "tempo-orleans");
    }
}
