using System.Net.Http.Headers;
using System.Text;
using Tempo.Cluster.Tests.Infrastructure;

namespace Tempo.Cluster.Tests;

/// <summary>The Orleans dashboard on a silo: off unless configured, never reachable without operator credentials.</summary>
public sealed class SiloDashboardTests
{
    private static Dictionary<string, string> LocalSilo() => new()
    {
        ["Tempo__SiloPort"] = Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Tempo__GatewayPort"] = Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Logging__LogLevel__Default"] = "Warning",
    };

    [Fact]
    public async Task The_dashboard_is_off_by_default_and_liveness_answers()
    {
        await using var silo = TempoNode.Start("silo", TestCluster.SiloDll, Ports.Free(), LocalSilo());
        await silo.WaitReadyAsync(TimeSpan.FromSeconds(90));

        Assert.Equal(HttpStatusCode.NotFound, (await silo.Http.GetAsync("/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await silo.Http.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task The_dashboard_asks_for_credentials_and_admits_the_operator()
    {
        var environment = LocalSilo();
        environment["Dashboard__Enabled"] = "true";
        environment["Dashboard__Username"] = "operator";
        environment["Dashboard__Password"] = "correct horse battery";
        await using var silo = TempoNode.Start("silo", TestCluster.SiloDll, Ports.Free(), environment);
        await silo.WaitReadyAsync(TimeSpan.FromSeconds(90));

        var anonymous = await silo.Http.GetAsync("/dashboard");
        var wrong = await Send(silo, "operator:guess");
        var right = await Send(silo, "operator:correct horse battery");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.StartsWith("Basic", anonymous.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.True(right.IsSuccessStatusCode, $"the operator got {(int)right.StatusCode}");
    }

    [Fact]
    public async Task A_dashboard_without_credentials_refuses_to_start()
    {
        var environment = LocalSilo();
        environment["Dashboard__Enabled"] = "true";
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Ports.Free()}";

        var (exitCode, output) = await Processes.TryRunAsync("dotnet", [TestCluster.SiloDll], environment, Path.GetDirectoryName(TestCluster.SiloDll)!, TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 2, $"expected exit code 2, got {exitCode}:\n{output}");
        Assert.Contains("tempo-silo: Dashboard:Enabled is true: set Dashboard:Username and a Dashboard:Password", output);
    }

    private static Task<HttpResponseMessage> Send(TempoNode silo, string credentials)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return silo.Http.SendAsync(request);
    }
}
