using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace Tempo.Bench.Gate;

/// <summary>
/// The built API (<c>Tempo.Api.dll</c>) as its own process, on its own loopback port and silo port, optionally pinned
/// to CPUs with <c>taskset</c> (which execs, so the process id is the service's). Stopped with SIGTERM, then killed.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ApiProcess(string name, Process process, StreamWriter log, Uri baseAddress)
    {
        Name = name;
        _process = process;
        _log = log;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>
    /// The runtime settings the images set (deploy/docker/*.Dockerfile, deploy/README.md), so a pinned process here
    /// tiers up and collects as a one-CPU container does; DeployFilesTests checks the images and this list agree.
    /// </summary>
    public static readonly IReadOnlyList<(string Name, string Value)> ImageRuntimeSettings = [("DOTNET_TC_DelaySingleProcMultiplier", "1"), ("DOTNET_GCgen0size", "0x1000000")];

    /// <summary>The line of a benchmark's header that names <see cref="ImageRuntimeSettings"/>.</summary>
    public static string RuntimeSettingsLine =>
        $"- runtime settings of the images, set on every API process: {string.Join(", ", ImageRuntimeSettings.Select(s => $"`{s.Name}={s.Value}`"))}";

    public string Name { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public int Pid => _process.Id;

    public long RssKiB => Machine.RssKiB(_process.Id);

    public double CpuMilliseconds => Machine.CpuMilliseconds(_process.Id);

    public static Task<ApiProcess> StartAsync(BenchOptions options, string name, IReadOnlyDictionary<string, string> settings) =>
        StartAsync(options, name, settings, options.ApiDll);

    /// <summary>The silo (<c>Tempo.Silo.dll</c>, next to the API's folder in the same configuration) as its own process.</summary>
    public static Task<ApiProcess> StartSiloAsync(BenchOptions options, string name, IReadOnlyDictionary<string, string> settings)
    {
        // <repo>/Api/bin/<configuration>/<tfm>/Tempo.Api.dll -> <repo>/Silo/bin/<configuration>/<tfm>/Tempo.Silo.dll
        var tfm = new DirectoryInfo(Path.GetDirectoryName(options.ApiDll)!);
        var configuration = tfm.Parent!;
        var repo = configuration.Parent!.Parent!.Parent!.FullName;
        var siloDll = Path.Combine(repo, "Silo", "bin", configuration.Name, tfm.Name, "Tempo.Silo.dll");
        return StartAsync(options, name, settings, siloDll);
    }

    private static async Task<ApiProcess> StartAsync(BenchOptions options, string name, IReadOnlyDictionary<string, string> settings, string dll)
    {
        var port = FreeTcpPort();
        var url = $"http://127.0.0.1:{port}";
        string[] command = ["dotnet", dll, "--urls", url];
        var start = options.ServerCpus is { } cpus
            ? new ProcessStartInfo("taskset", ["-c", cpus, .. command])
            : new ProcessStartInfo(command[0], command[1..]);
        start.WorkingDirectory = Path.GetDirectoryName(dll)!;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Benchmark";
        foreach (var (knob, setting) in ImageRuntimeSettings)
        {
            start.Environment[knob] = setting;
        }

        start.Environment["Tempo__SiloPort"] = FreeTcpPort().ToString();
        start.Environment["Tokens__HashKey"] = options.HashKey;
        // The benchmark drives one token far above any real limit: the buckets still run, they just never refuse.
        start.Environment["Tokens__RateLimit__PerSecond"] = "10000000";
        start.Environment["Tokens__RateLimit__Burst"] = "10000000";
        start.Environment["Tokens__RateLimit__MaxPerSecond"] = "10000000";
        start.Environment["Tokens__RateLimit__MaxBurst"] = "10000000";
        start.Environment["DevSignIn__Enabled"] = "true";
        // Outside Development a build's output has no wwwroot (static web assets are a Development feature; a publish
        // copies them): point the web root at the source's, so the OAuth consent page (case O's flow) is served.
        // <repo>/Api/bin/<configuration>/<tfm>/Tempo.Api.dll -> <repo>/Api/wwwroot
        var webRoot = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(options.ApiDll)!, "..", "..", "..", "wwwroot"));
        if (Directory.Exists(webRoot) && !Directory.Exists(Path.Combine(Path.GetDirectoryName(dll)!, "wwwroot")))
        {
            start.Environment["ASPNETCORE_WEBROOT"] = webRoot;
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        Directory.CreateDirectory(options.LogDirectory);
        var log = new StreamWriter(Path.Combine(options.LogDirectory, name + ".log"), append: false) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {name}.");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var api = new ApiProcess(name, process, log, new Uri(url));
        try
        {
            await api.WaitReadyAsync(options.LogDirectory);
        }
        catch
        {
            // One that never became ready must not outlive the benchmark (nor keep its database busy).
            await api.DisposeAsync();
            throw;
        }

        return api;
    }

    /// <summary>Signs in as <paramref name="accountId"/> of the default tenant with the development sign-in and returns the JWT.</summary>
    public async Task<string> SignInAsync(string accountId, bool admin = false)
    {
        using var response = await Http.PostAsJsonAsync("/dev/sign-in", new { accountId, admin });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
    }

    /// <summary>Creates a token that may view accounts and returns its secret.</summary>
    public Task<string> CreateAccountsViewTokenAsync(string jwt) =>
        CreateTokenAsync(jwt, new Dictionary<string, string> { ["accounts"] = "VIEW" });

    /// <summary>Creates a CUSTOM token with these scopes (scope key to <c>VIEW</c> or <c>MANAGE</c>) and returns its secret.</summary>
    public async Task<string> CreateTokenAsync(string jwt, IReadOnlyDictionary<string, string> scopes)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api-integration/tokens")
        {
            Content = JsonContent.Create(new { name = "bench", expiresInDays = 30, access = new { type = "CUSTOM", scopes } }),
        };
        request.Headers.Authorization = new("Bearer", jwt);
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
    }

    /// <summary>
    /// An OAuth access token with <c>accounts:view</c> for the user of <paramref name="userJwt"/>, obtained as a client
    /// and a browser would, over HTTP (issue 21, docs/design/oauth.md "The flow"): a tenant administrator registers a
    /// confidential application, the browser opens the authorize URL (no redirects followed), the user approves at
    /// <c>/oauth/consent</c>, the browser follows <c>continue</c> to the redirect carrying the code, and the client
    /// redeems it at <c>/oauth/token/</c> (form-encoded, client credentials in the body).
    /// </summary>
    public async Task<string> CreateOAuthAccountsViewTokenAsync(string userJwt)
    {
        const string Scope = "accounts:view";
        var adminJwt = await SignInAsync("bench:oauth-admin", admin: true);
        var redirectUri = $"http://127.0.0.1:{FreeTcpPort()}/cb";
        using var register = new HttpRequestMessage(HttpMethod.Post, "/settings/oauth-applications")
        {
            Content = JsonContent.Create(new { name = "bench", redirectUris = new[] { redirectUri }, clientType = "CONFIDENTIAL", scopes = new[] { Scope } }),
        };
        register.Headers.Authorization = new("Bearer", adminJwt);
        var application = await ReadAsync(await Http.SendAsync(register), HttpStatusCode.Created, "register the application");
        var clientId = application["clientId"]!.GetValue<string>();
        var clientSecret = application["clientSecret"]!.GetValue<string>();

        var query = "?" + string.Join("&", new Dictionary<string, string>
        {
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri,
            ["response_type"] = "code",
            ["scope"] = Scope,
            ["state"] = "bench",
        }.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));

        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseAddress, Timeout = Http.Timeout };
        using (var page = await browser.GetAsync("/oauth/authorize" + query))
        {
            await ReadTextAsync(page, HttpStatusCode.OK, "open the consent page");
        }

        using var consent = new HttpRequestMessage(HttpMethod.Post, "/oauth/consent") { Content = JsonContent.Create(new { query, approve = true }) };
        consent.Headers.Authorization = new("Bearer", userJwt);
        var next = (await ReadAsync(await Http.SendAsync(consent), HttpStatusCode.OK, "consent"))["continue"]!.GetValue<string>();

        Uri location;
        using (var redirect = await browser.GetAsync(next))
        {
            await ReadTextAsync(redirect, HttpStatusCode.Redirect, "follow continue");
            location = redirect.Headers.Location ?? throw new InvalidOperationException($"{Name}: the authorize redirect has no Location.");
        }

        if (!location.ToString().StartsWith(redirectUri + "?", StringComparison.Ordinal)
            || Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query) is not { } parameters
            || !parameters.TryGetValue("code", out var code) || parameters["state"] != "bench")
        {
            throw new InvalidOperationException($"{Name}: the authorize redirect carries no code for this client: {location}");
        }

        using var tokenRequest = new HttpRequestMessage(HttpMethod.Post, "/oauth/token/")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code",
                ["code"] = code.ToString(),
                ["redirect_uri"] = redirectUri,
                ["client_id"] = clientId,
                ["client_secret"] = clientSecret,
            }),
        };
        var tokens = await ReadAsync(await Http.SendAsync(tokenRequest), HttpStatusCode.OK, "redeem the code");
        if (tokens["token_type"]?.GetValue<string>() != "Bearer" || tokens["scope"]?.GetValue<string>() != Scope)
        {
            throw new InvalidOperationException($"{Name}: unexpected token response {tokens.ToJsonString()}");
        }

        return tokens["access_token"]!.GetValue<string>();
    }

    private async Task<JsonObject> ReadAsync(HttpResponseMessage response, HttpStatusCode expected, string step)
    {
        using (response)
        {
            var body = await ReadTextAsync(response, expected, step);
            return System.Text.Json.Nodes.JsonNode.Parse(body)?.AsObject() ?? throw new InvalidOperationException($"{Name}: {step}: empty body");
        }
    }

    private async Task<string> ReadTextAsync(HttpResponseMessage response, HttpStatusCode expected, string step)
    {
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == expected
            ? body
            : throw new InvalidOperationException($"{Name}: {step}: expected {(int)expected}, got {(int)response.StatusCode} {body}");
    }

    private async Task WaitReadyAsync(string logDirectory)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode}; see {Path.Combine(logDirectory, Name + ".log")}.");
            }

            try
            {
                using var response = await Http.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{Name} was not ready after 3 minutes.");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, 15);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
        await _log.DisposeAsync();
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }

    internal static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
