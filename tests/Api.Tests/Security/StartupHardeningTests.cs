using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Tempo.Api.Hosting;
using Tempo.Api.Security;
using Tempo.Api.Tests.Infrastructure;
using Tempo.Grains.Hosting;

namespace Tempo.Api.Tests.Security;

/// <summary>
/// Findings 8, 9 and 10: the operator's environment wins over the launch profile; outside Development the Host
/// header is either filtered (<c>AllowedHosts</c>) or never used for links (<c>Api:PublicBaseUrl</c>); OpenAPI is a
/// setting; an http:// authority that JWT bearer would refuse on every request stops the start.
/// </summary>
public sealed class StartupHardeningTests
{
    private static readonly string HashKey = Convert.ToBase64String(new byte[32]);

    [Theory]
    [InlineData(null, null, "Development", "Development")]
    [InlineData("Production", null, "Development", null)]
    [InlineData(null, "Staging", "Development", null)]
    [InlineData(null, null, null, null)]
    public void The_launch_default_applies_only_when_the_operator_chose_no_environment(string? aspnetcore, string? dotnet, string? launchDefault, string? expected)
    {
        var variables = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = aspnetcore,
            ["DOTNET_ENVIRONMENT"] = dotnet,
            [TempoEnvironment.DefaultVariable] = launchDefault,
        };

        Assert.Equal(expected, TempoEnvironment.Options([], v => variables.GetValueOrDefault(v)).EnvironmentName);
        Assert.Null(TempoEnvironment.Options(["--environment", "Production"], v => variables.GetValueOrDefault(v)).EnvironmentName);
    }

    [Fact]
    public void The_launch_profile_sets_only_a_default_environment()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Tempo.Orleans.sln")))
        {
            root = root.Parent!;
        }

        var profile = JsonNode.Parse(File.ReadAllText(Path.Combine(root.FullName, "Api", "Properties", "launchSettings.json")))!["profiles"]!.AsObject()
            .Single().Value!["environmentVariables"]!.AsObject();

        Assert.False(profile.ContainsKey("ASPNETCORE_ENVIRONMENT"), "the profile would override the operator's ASPNETCORE_ENVIRONMENT");
        Assert.False(profile.ContainsKey("DOTNET_ENVIRONMENT"), "the profile would override the operator's DOTNET_ENVIRONMENT");
        Assert.Equal("Development", profile[TempoEnvironment.DefaultVariable]!.GetValue<string>());
    }

    [Fact]
    public async Task The_operators_production_wins_over_the_launch_profiles_default()
    {
        var (exitCode, output) = await ApiProcess.RunToExitAsync(new()
        {
            [TempoEnvironment.DefaultVariable] = "Development",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Authentication__Authority"] = "https://login.example.invalid/",
        });

        Assert.True(exitCode == 2, $"expected exit code 2, got {exitCode}: {output}");
        Assert.Contains("tempo-api: 'Tokens:HashKey' is required outside Development", output);
    }

    [Fact]
    public async Task With_nothing_chosen_the_launch_profiles_default_is_development()
    {
        // The benchmark switch is refused naming the environment: a cheap way to learn which one the process chose.
        var (exitCode, output) = await ApiProcess.RunToExitAsync(new()
        {
            [TempoEnvironment.DefaultVariable] = "Development",
            ["Benchmark__DisableTokenGate"] = "true",
        });

        Assert.True(exitCode == 2, $"expected exit code 2, got {exitCode}: {output}");
        Assert.Contains("refused in the 'Development' environment", output);
    }

    [Fact]
    public async Task Production_with_an_http_authority_stops_at_start_naming_the_setting()
    {
        var (exitCode, output) = await ApiProcess.RunToExitAsync(new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Tokens__HashKey"] = HashKey,
            ["AllowedHosts"] = "tempo.example.com",
            ["Authentication__Authority"] = "http://login.example.invalid/",
        });

        Assert.True(exitCode == 2, $"expected exit code 2, got {exitCode}: {output}");
        Assert.Contains("tempo-api: 'Authentication:Authority' must use https://", output);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("tempo-api:", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task Production_with_any_host_allowed_and_no_public_base_url_stops_at_start()
    {
        var (exitCode, output) = await ApiProcess.RunToExitAsync(new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Tokens__HashKey"] = HashKey,
            ["Authentication__Authority"] = "https://login.example.invalid/",
        });

        Assert.True(exitCode == 2, $"expected exit code 2, got {exitCode}: {output}");
        Assert.Contains("tempo-api: 'AllowedHosts' is '*' in the 'Production' environment", output);
    }

    [Theory]
    [InlineData("Production", "*", null, "'AllowedHosts' is '*'")]
    [InlineData("Staging", "", null, "'AllowedHosts' is '*'")]
    [InlineData("Production", "*", "ftp://x", "'Api:PublicBaseUrl' must be an absolute http(s) URL")]
    [InlineData("Development", "*", null, null)]
    [InlineData("Production", "tempo.example.com", null, null)]
    [InlineData("Production", "*", "https://tempo.example.com/base", null)]
    public void Host_settings_are_checked_outside_development(string environment, string allowedHosts, string? publicBaseUrl, string? error)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AllowedHosts"] = allowedHosts,
            [PublicBaseUrl.SettingKey] = publicBaseUrl,
        }).Build();
        var host = new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = environment };

        var exception = Record.Exception(() => StartupChecks.Verify(configuration, host));

        if (error is null)
        {
            Assert.Null(exception);
        }
        else
        {
            Assert.Contains(error, Assert.IsType<StartupConfigurationException>(exception).Message);
        }
    }

    private sealed class PublicUrlFactory(string? publicBaseUrl, string allowedHosts, bool openApi = true) : TempoApiFactory
    {
        protected override string EnvironmentName => "Production";

        protected override void ConfigureSettings(IWebHostBuilder builder)
        {
            builder.UseSetting("Authentication:Authority", "https://login.example.invalid/");
            builder.UseSetting("DevSignIn:Enabled", "true");
            builder.UseSetting("AllowedHosts", allowedHosts);
            builder.UseSetting(PublicBaseUrl.SettingKey, publicBaseUrl);
            builder.UseSetting(TempoApiPipeline.OpenApiEnabledKey, openApi ? "true" : "false");
        }
    }

    [Fact]
    public async Task A_forged_host_never_reaches_self_links_when_a_public_base_url_is_set()
    {
        await using var factory = new PublicUrlFactory("https://tempo.example.com/tempo", "*");
        var api = await factory.FullAccessClientAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/4/accounts?limit=1");
        request.Headers.Host = "evil.example";

        var page = await (await api.SendAsync(request)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("https://tempo.example.com/tempo/4/accounts?limit=1", page["self"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_forged_host_is_refused_in_tempos_body_when_allowed_hosts_names_the_hosts()
    {
        await using var factory = new PublicUrlFactory(null, "localhost");
        var api = await factory.FullAccessClientAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/4/accounts");
        request.Headers.Host = "evil.example";

        var response = await api.SendAsync(request);

        await SecurityAsserts.AssertTempoErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Openapi_and_scalar_can_be_turned_off()
    {
        await using var on = new PublicUrlFactory(null, "localhost");
        await using var off = new PublicUrlFactory(null, "localhost", openApi: false);

        Assert.Equal(HttpStatusCode.OK, (await on.CreateClient().GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await off.CreateClient().GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await off.CreateClient().GetAsync("/scalar")).StatusCode);
    }
}
