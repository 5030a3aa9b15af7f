using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using Tempo.Api.Tests.Infrastructure;

namespace Tempo.Api.Tests.Security;

/// <summary>
/// Finding 6 at the edge, against the built API on real Kestrel (the test server skips Kestrel). What Kestrel
/// refuses while parsing HTTP (headers over 32 KB, a NUL in the path, a malformed request line) it answers itself,
/// before any middleware runs, with an empty body: that cannot be shaped, and these tests pin it so the README's
/// promise stays true. What reaches the pipeline (a chunked body over the cap) leaves in Tempo's body.
/// </summary>
public sealed class KestrelEdgeTests : IAsyncLifetime
{
    private Process? _process;
    private int _port;

    public async Task InitializeAsync()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Tempo.Orleans.sln")))
        {
            root = root.Parent!;
        }

        var configuration = typeof(KestrelEdgeTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var dll = Path.Combine(root.FullName, "Api", "bin", configuration, "net10.0", "Tempo.Api.dll");
        _port = FreePort();
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{_port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Tempo__SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Tempo__GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        _process = Process.Start(start)!;
        _ = _process.StandardError.ReadToEndAsync();

        // The host's own line is the barrier: once it is written, Kestrel listens and the pipeline is built.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (await _process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Contains("Application started", StringComparison.Ordinal))
            {
                _ = _process.StandardOutput.ReadToEndAsync();
                return;
            }
        }

        throw new InvalidOperationException("the API exited before it started");
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }

    private async Task<(int Status, string Head, string Body)> RawAsync(string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = split < 0 ? text : text[..split];
        return (int.Parse(head.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), head, split < 0 ? string.Empty : text[(split + 4)..]);
    }

    [Fact]
    public async Task Headers_over_kestrels_limit_are_431_from_kestrel_with_an_empty_body()
    {
        var (status, head, body) = await RawAsync($"GET /4/accounts HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: {new string('a', 100 * 1024)}\r\nConnection: close\r\n\r\n");

        Assert.Equal(431, status);
        Assert.Contains("Content-Length: 0", head);
        Assert.Empty(body);
    }

    [Theory]
    [InlineData("GET /4/accounts%00 HTTP/1.1")]
    [InlineData("GET /4/accounts HTTP/9.9")]
    [InlineData("GET  HTTP/1.1")]
    public async Task Malformed_requests_are_400_from_kestrel_with_an_empty_body(string requestLine)
    {
        var (status, _, body) = await RawAsync($"{requestLine}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

        Assert.True(status is 400 or 505, $"got {status}");
        Assert.Empty(body);
    }

    [Fact]
    public async Task A_chunked_body_over_the_cap_is_413_in_tempos_body()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}") };
        var signIn = await http.PostAsJsonAsync("/dev/sign-in", new { accountId = TempoClient.NewAccountId() });
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await signIn.ReadJsonAsync(HttpStatusCode.OK))["accessToken"]!.GetValue<string>());
        var token = await (await http.PostAsJsonAsync("/api-integration/tokens", new { name = "edge", access = new { type = "FULL" } })).ReadJsonAsync(HttpStatusCode.Created);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token["token"]!.GetValue<string>());
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes($$"""{"name":"big","summary":"{{new string('s', 2 * 1024 * 1024)}}"}""")));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/4/teams") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await http.SendAsync(request);

        Assert.Equal("The request body is too large: this endpoint accepts at most 1048576 bytes.", await SecurityAsserts.AssertTempoErrorAsync(response, HttpStatusCode.RequestEntityTooLarge));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
