using Tempo.Cluster.Tests.Infrastructure;

namespace Tempo.Cluster.Tests;

/// <summary>
/// The gate cache across processes (docs/design/gate-cache.md): three silos and two API processes on one PostgreSQL
/// database, with a 3 s lease. A revoke through one API process is refused by the other on its very next request,
/// whether that process holds the entry, is frozen, or is dead.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterGateCacheTests(PostgresFixture postgres)
{
    private const int Repetitions = 200;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);
    private const string Path = "/4/account-category-types";

    [Fact]
    public async Task A_revoke_through_one_api_is_refused_by_every_other_on_the_next_request()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        await TestCluster.MigrateAsync(database);
        await using var cluster = new TestCluster(database);
        cluster.ExtraEnvironment["Tempo__Gate__Cache__LeaseSeconds"] = Lease.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await cluster.StartAsync(silos: 3, apis: 2);
        try
        {
            var (api1, api2) = (cluster.Apis[0], cluster.Apis[1]);
            var user = await api1.SignInAsync("557058:gate-cache");

            await RegenerateIsRefusedOnTheOtherApiAsync(api1, api2, user);
            await DeleteIsRefusedOnTheOtherApiAsync(api1, api2, user);
            await AFrozenApiHoldsARevokeUpToTheLeaseAndThenRefusesAsync(api1, api2, user);
            await AKilledApiDoesNotStopARevokeAsync(api1, api2, user);
        }
        catch (Exception exception)
        {
            throw new Xunit.Sdk.XunitException(exception.Message + "\n" + exception.StackTrace + "\n" + cluster.Diagnostics());
        }
    }

    private static async Task RegenerateIsRefusedOnTheOtherApiAsync(TempoNode api1, TempoNode api2, HttpClient user)
    {
        var (id, secret) = await user.CreateTokenAsync(new { type = "FULL" });
        for (var i = 0; i < Repetitions; i++)
        {
            await AssertStatusAsync(HttpStatusCode.OK, api2, secret, $"repetition {i}: the current secret on API 2");
            var next = await RegenerateAsync(user, id);

            await AssertRevokedAsync(api2, secret, $"repetition {i}: the old secret on API 2 right after regenerate on API 1");
            secret = next;
        }
    }

    private static async Task DeleteIsRefusedOnTheOtherApiAsync(TempoNode api1, TempoNode api2, HttpClient user)
    {
        for (var i = 0; i < Repetitions; i++)
        {
            var (id, secret) = await user.CreateTokenAsync(new { type = "CUSTOM", scopes = new { accounts = "VIEW" } });
            await AssertStatusAsync(HttpStatusCode.OK, api2, secret, $"repetition {i}: the secret on API 2");
            await AssertStatusAsync(HttpStatusCode.OK, api1, secret, $"repetition {i}: the secret on API 1");
            Assert.Equal(HttpStatusCode.NoContent, (await user.DeleteAsync($"/api-integration/tokens/{id}")).StatusCode);

            await AssertRevokedAsync(api2, secret, $"repetition {i}: the secret on API 2 right after delete on API 1");
        }
    }

    private static async Task AFrozenApiHoldsARevokeUpToTheLeaseAndThenRefusesAsync(TempoNode api1, TempoNode api2, HttpClient user)
    {
        var (id, secret) = await user.CreateTokenAsync(new { type = "FULL" });
        await AssertStatusAsync(HttpStatusCode.OK, api2, secret, "the secret on API 2 before it is frozen");

        await api2.SignalAsync("STOP");
        TimeSpan took;
        string next;
        try
        {
            var clock = Stopwatch.StartNew();
            next = await RegenerateAsync(user, id);
            took = clock.Elapsed;
        }
        finally
        {
            await api2.SignalAsync("CONT");
        }

        // At most the lease plus the margin (0.53 s for 3 s), and some slack for a loaded machine.
        Assert.True(took < Lease + TimeSpan.FromSeconds(3), $"the regenerate took {took} while API 2 was frozen; the lease is {Lease}");
        await AssertRevokedAsync(api2, secret, "the old secret on API 2 right after it resumed");
        await AssertStatusAsync(HttpStatusCode.OK, api2, next, "the new secret on API 2");
        Console.WriteLine($"ClusterGateCacheTests: regenerate with API 2 frozen answered in {took.TotalMilliseconds:F0} ms (lease {Lease.TotalSeconds} s)");
    }

    private static async Task AKilledApiDoesNotStopARevokeAsync(TempoNode api1, TempoNode api2, HttpClient user)
    {
        var (id, secret) = await user.CreateTokenAsync(new { type = "FULL" });
        await AssertStatusAsync(HttpStatusCode.OK, api2, secret, "the secret on API 2 before it is killed");
        await AssertStatusAsync(HttpStatusCode.OK, api1, secret, "the secret on API 1");

        await api2.KillAsync();
        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.NoContent, (await user.DeleteAsync($"/api-integration/tokens/{id}")).StatusCode);

        Assert.True(clock.Elapsed < Lease + TimeSpan.FromSeconds(3), $"the delete took {clock.Elapsed} after API 2 was killed; the lease is {Lease}");
        await AssertRevokedAsync(api1, secret, "the secret on API 1 after the delete");
        Console.WriteLine($"ClusterGateCacheTests: delete with API 2 killed answered in {clock.Elapsed.TotalMilliseconds:F0} ms");
    }

    private static async Task<string> RegenerateAsync(HttpClient user, string id)
    {
        var response = await user.PostAsync($"/api-integration/tokens/{id}/regenerate", null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!["token"]!.GetValue<string>();
    }

    private static async Task AssertStatusAsync(HttpStatusCode expected, TempoNode api, string secret, string what)
    {
        using var client = api.WithToken(secret);
        var response = await client.GetAsync(Path);
        Assert.True(response.StatusCode == expected, $"{what}: expected {(int)expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task AssertRevokedAsync(TempoNode api, string secret, string what)
    {
        using var client = api.WithToken(secret);
        var response = await client.GetAsync(Path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(
            response.StatusCode == HttpStatusCode.Unauthorized && body.Contains("The token has been revoked.", StringComparison.Ordinal),
            $"{what}: expected 401 revoked, got {(int)response.StatusCode} {body}");
    }
}
