using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Tempo.Api.Gate;
using Tempo.Api.Tests.Infrastructure;
using Tempo.Grains.Hosting;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Api.Tests;

/// <summary>
/// The benchmark-only switch that turns the token gate off (<c>Benchmark:DisableTokenGate</c>): it works only in
/// the <c>Benchmark</c> environment on the in-memory one-process mode, and any other environment refuses to start
/// with it.
/// </summary>
public sealed class GateSwitchTests
{
    private const string Endpoint = "/4/account-category-types";

    private sealed class BenchmarkFactory(bool disableGate, bool disablePolicies = false, bool devSignIn = false) : TempoApiFactory
    {
        protected override string EnvironmentName => "Benchmark";

        protected override void ConfigureSettings(IWebHostBuilder builder)
        {
            builder.UseSetting("Authentication:Authority", "https://login.example.invalid/");
            builder.UseSetting("Authentication:Audience", "tempo-orleans");
            if (disableGate)
            {
                builder.UseSetting(BenchmarkGateSwitch.SettingKey, "true");
            }

            if (devSignIn)
            {
                builder.UseSetting("DevSignIn:Enabled", "true");
            }

            if (disablePolicies)
            {
                builder.UseSetting(BenchmarkGateSwitch.PoliciesSettingKey, "true");
            }
        }
    }

    [Fact]
    public async Task Production_refuses_to_start_with_the_switch()
    {
        var (exitCode, output) = await ApiProcess.RunToExitAsync(new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Tokens__HashKey"] = Convert.ToBase64String(new byte[32]),
            ["Authentication__Authority"] = "https://login.example.invalid/",
            ["Benchmark__DisableTokenGate"] = "true",
        });

        Assert.True(exitCode == 2, $"expected exit code 2, got {exitCode}: {output}");
        Assert.Contains("tempo-api: 'Benchmark:DisableTokenGate' is a benchmark-only setting and is refused in the 'Production' environment", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task Development_refuses_to_start_with_the_switch()
    {
        var (exitCode, output) = await ApiProcess.RunToExitAsync(new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Benchmark__DisableTokenGate"] = "true",
        });

        Assert.True(exitCode == 2, $"expected exit code 2, got {exitCode}: {output}");
        Assert.Contains("tempo-api: 'Benchmark:DisableTokenGate' is a benchmark-only setting and is refused in the 'Development' environment", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Theory]
    [InlineData("Production", "true")]
    [InlineData("Production", "false")]
    [InlineData("Staging", "true")]
    [InlineData("Development", "")]
    public void Any_value_of_the_switch_is_refused_outside_the_benchmark_environment(string environment, string value)
    {
        var error = Assert.Throws<StartupConfigurationException>(() =>
            BenchmarkGateSwitch.IsGateDisabled(Configuration(new() { [BenchmarkGateSwitch.SettingKey] = value }), Environment(environment)));

        Assert.Contains($"refused in the '{environment}' environment", error.Message);
    }

    [Theory]
    [InlineData("Tempo:GrainStorage", "AdoNet")]
    [InlineData("Tempo:Clustering", "AdoNet")]
    [InlineData("Tempo:Reminders", "AdoNet")]
    [InlineData("Tempo:Mode", "Client")]
    public void The_switch_is_refused_in_a_benchmark_that_reaches_a_database_or_a_cluster(string key, string value)
    {
        var configuration = Configuration(new() { [BenchmarkGateSwitch.SettingKey] = "true", [key] = value });

        var error = Assert.Throws<StartupConfigurationException>(() => BenchmarkGateSwitch.IsGateDisabled(configuration, Environment("Benchmark")));

        Assert.Contains("needs the one-process in-memory mode", error.Message);
    }

    [Fact]
    public void The_switch_must_be_a_boolean()
    {
        var error = Assert.Throws<StartupConfigurationException>(() =>
            BenchmarkGateSwitch.IsGateDisabled(Configuration(new() { [BenchmarkGateSwitch.SettingKey] = "yes" }), Environment("Benchmark")));

        Assert.Contains("must be true or false", error.Message);
    }

    [Fact]
    public void The_gate_is_on_without_the_switch_in_every_environment()
    {
        foreach (var environment in new[] { "Production", "Development", "Staging", "Benchmark" })
        {
            Assert.False(BenchmarkGateSwitch.IsGateDisabled(Configuration([]), Environment(environment)));
        }

        Assert.False(BenchmarkGateSwitch.IsGateDisabled(Configuration(new() { [BenchmarkGateSwitch.SettingKey] = "false" }), Environment("Benchmark")));
    }

    [Fact]
    public async Task In_the_benchmark_environment_the_switch_answers_4_routes_without_a_token_or_a_grain_call()
    {
        using var factory = new BenchmarkFactory(disableGate: true);
        var client = factory.CreateClient();

        var response = await client.GetAsync(Endpoint);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty((await response.Content.ReadFromJsonAsync<JsonObject>())!["results"]!.AsArray());
        Assert.Equal(0, factory.GrainCalls.CallsTo<ITokenGrain>());
        Assert.Contains(factory.Logs.Lines, l => l.StartsWith("Warning") && l.Contains("The token gate is OFF"));
    }

    [Fact]
    public async Task In_the_benchmark_environment_without_the_switch_the_gate_stays_on()
    {
        using var factory = new BenchmarkFactory(disableGate: false);
        var client = factory.CreateClient();

        var missing = await client.GetAsync(Endpoint);
        client.DefaultRequestHeaders.Authorization = new("Bearer", "tempo_not-a-token");
        var malformed = await client.GetAsync(Endpoint);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("Missing bearer token: send 'Authorization: Bearer <token>'.", await missing.ErrorMessageAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, malformed.StatusCode);
        Assert.Equal("The bearer token is malformed.", await malformed.ErrorMessageAsync());
        Assert.DoesNotContain(factory.Logs.Lines, l => l.Contains("The token gate is OFF"));
    }

    [Fact]
    public async Task Production_refuses_to_start_with_the_token_policies_switch()
    {
        var (exitCode, output) = await ApiProcess.RunToExitAsync(new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Tokens__HashKey"] = Convert.ToBase64String(new byte[32]),
            ["Authentication__Authority"] = "https://login.example.invalid/",
            ["Benchmark__DisableTokenPolicies"] = "false",
        });

        Assert.True(exitCode == 2, $"expected exit code 2, got {exitCode}: {output}");
        Assert.Contains("tempo-api: 'Benchmark:DisableTokenPolicies' is a benchmark-only setting and is refused in the 'Production' environment", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Theory]
    [InlineData("Production", "true")]
    [InlineData("Staging", "false")]
    [InlineData("Development", "true")]
    public void The_token_policies_switch_is_refused_outside_the_benchmark_environment(string environment, string value)
    {
        var error = Assert.Throws<StartupConfigurationException>(() =>
            BenchmarkGateSwitch.ArePoliciesDisabled(Configuration(new() { [BenchmarkGateSwitch.PoliciesSettingKey] = value }), Environment(environment)));

        Assert.Contains($"'{BenchmarkGateSwitch.PoliciesSettingKey}' is a benchmark-only setting and is refused in the '{environment}' environment", error.Message);
    }

    [Theory]
    [InlineData("Tempo:GrainStorage", "AdoNet")]
    [InlineData("Tempo:Mode", "Client")]
    public void The_token_policies_switch_is_refused_in_a_benchmark_that_reaches_a_database_or_a_cluster(string key, string value)
    {
        var configuration = Configuration(new() { [BenchmarkGateSwitch.PoliciesSettingKey] = "true", [key] = value });

        var error = Assert.Throws<StartupConfigurationException>(() => BenchmarkGateSwitch.ArePoliciesDisabled(configuration, Environment("Benchmark")));

        Assert.Contains("needs the one-process in-memory mode", error.Message);
    }

    [Fact]
    public void The_token_policies_are_on_without_their_switch_in_every_environment()
    {
        foreach (var environment in new[] { "Production", "Development", "Staging", "Benchmark" })
        {
            Assert.False(BenchmarkGateSwitch.ArePoliciesDisabled(Configuration([]), Environment(environment)));
        }

        Assert.True(BenchmarkGateSwitch.ArePoliciesDisabled(Configuration(new() { [BenchmarkGateSwitch.PoliciesSettingKey] = "true" }), Environment("Benchmark")));
    }

    [Fact]
    public async Task In_the_benchmark_environment_the_token_policies_switch_keeps_the_gate_and_drops_only_the_policies()
    {
        using var factory = new BenchmarkFactory(disableGate: false, disablePolicies: true, devSignIn: true);
        var withToken = await factory.ApiClientAsync("accounts", "VIEW");
        var withoutToken = factory.CreateClient();

        var allowed = await withToken.GetAsync(Endpoint);
        var missing = await withoutToken.GetAsync(Endpoint);

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.False(allowed.Headers.Contains("RateLimit"));
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Contains(factory.Logs.Lines, l => l.StartsWith("Warning") && l.Contains("The token policies are OFF"));
        Assert.DoesNotContain(factory.Logs.Lines, l => l.Contains("The token gate is OFF"));
    }

    [Fact]
    public async Task In_the_benchmark_environment_without_the_switch_the_token_policies_run()
    {
        using var factory = new BenchmarkFactory(disableGate: false, devSignIn: true);
        var withToken = await factory.ApiClientAsync("accounts", "VIEW");

        var allowed = await withToken.GetAsync(Endpoint);

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.True(allowed.Headers.Contains("RateLimit"));
        Assert.DoesNotContain(factory.Logs.Lines, l => l.Contains("The token policies are OFF"));
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static IHostEnvironment Environment(string name) => new TestEnvironment { EnvironmentName = name };

    private sealed class TestEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = string.Empty;

        public string ApplicationName { get; set; } = "Tempo.Api";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
