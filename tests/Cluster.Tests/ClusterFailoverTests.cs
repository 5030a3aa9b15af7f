using System.Text;
using Npgsql;
using Tempo.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tempo.Cluster.Tests;

/// <summary>
/// Scaling under a steady load: a fourth silo joins, a silo leaves gracefully, a silo is killed with SIGKILL.
/// Phases share one cluster because each starts from where the last left it; every phase has its own assertions.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterFailoverTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private static readonly TimeSpan LoadPhase = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task Silos_join_leave_and_die_under_load_without_losing_an_acknowledged_write()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        await TestCluster.MigrateAsync(database);
        await using var cluster = new TestCluster(database);
        await cluster.StartAsync(silos: 3, apis: 2);
        var report = new StringBuilder();
        try
        {
            var user = await cluster.Apis[0].SignInAsync("557058:load");
            var (_, secret) = await user.CreateTokenAsync(new { type = "CUSTOM", scopes = new { accounts = "MANAGE" } });
            var clients = cluster.Apis.Select(a => a.WithToken(secret)).ToArray();
            var load = new LoadGenerator(clients, "L");

            // 1. A fourth silo joins under load: no request fails, and new activations land on it.
            using (var phase = new CancellationTokenSource())
            {
                var running = load.RunAsync(workers: 8, phase.Token);
                var fourth = await cluster.StartSiloAsync();
                await CreateTokensAsync(user, count: 40);
                phase.CancelAfter(LoadPhase);
                await running;
                Assert.True(load.Failures.Count == 0, "joining failed requests: " + Describe(load.Failures) + "\n" + ApiWarnings(cluster));
                var onFourth = await ActivationsOnAsync(cluster, fourth);
                report.AppendLine($"join: {load.Requests} requests, 0 failed; {onFourth} activations on the new silo");
                Assert.True(onFourth > 0, "no grain was activated on the fourth silo");
            }

            // 2. A silo stops gracefully (SIGTERM) under load: no request fails.
            using (var phase = new CancellationTokenSource())
            {
                var before = load.Requests;
                var running = load.RunAsync(workers: 8, phase.Token);
                await cluster.Silos[1].TerminateAsync(TimeSpan.FromSeconds(90));
                phase.CancelAfter(LoadPhase);
                await running;
                report.AppendLine($"graceful stop: {load.Requests - before} requests, {load.Failures.Count} failed");
                Assert.True(load.Failures.Count == 0, "a graceful stop failed requests: " + Describe(load.Failures) + "\n" + ApiWarnings(cluster));
            }

            // 3. A silo is killed (SIGKILL) under load: the cluster declares it dead and carries on; every
            //    acknowledged write is still there.
            using (var phase = new CancellationTokenSource())
            {
                var before = load.Requests;
                var victim = cluster.Silos[0];
                var victimPort = victim.SiloPort;
                var running = load.RunAsync(workers: 8, phase.Token);
                var killedAt = DateTime.UtcNow;
                await victim.KillAsync();
                var declaredDeadAfter = await WaitDeclaredDeadAsync(cluster, victimPort, TimeSpan.FromSeconds(90));
                phase.CancelAfter(LoadPhase);
                await running;
                var failures = load.Failures;
                var window = failures.Count == 0 ? TimeSpan.Zero : failures.Max(f => f.At) - killedAt;
                report.AppendLine($"kill -9: declared dead after {declaredDeadAfter.TotalSeconds:F1} s; {load.Requests - before} requests, {failures.Count} failed, the last failure {window.TotalSeconds:F1} s after the kill");
                Assert.True(window < TimeSpan.FromSeconds(45), $"requests failed for {window} after the kill");
            }

            // Every acknowledged write survived.
            var acknowledged = load.AcknowledgedKeys.ToHashSet();
            var stored = await StoredCustomerKeysAsync(cluster.Apis[0].WithToken(secret));
            var lost = acknowledged.Except(stored).ToArray();
            report.AppendLine($"acknowledged writes: {acknowledged.Count}, lost: {lost.Length}");
            Assert.True(lost.Length == 0, $"{lost.Length} acknowledged writes are gone, e.g. {string.Join(", ", lost.Take(5))}");
        }
        catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException(exception + "\n" + cluster.Diagnostics());
        }
        finally
        {
            output.WriteLine(report.ToString());
            var artifacts = Path.Combine(TestCluster.RepoRoot, ".tmp", "artifacts");
            Directory.CreateDirectory(artifacts);
            await File.WriteAllTextAsync(Path.Combine(artifacts, "cluster-failover.txt"), report.ToString());
        }
    }

    private static async Task CreateTokensAsync(HttpClient user, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await user.CreateTokenAsync(new { type = "FULL" });
        }
    }

    private static async Task<int> ActivationsOnAsync(TestCluster cluster, TempoNode silo) =>
        (await cluster.ActivationsBySiloPortAsync()).GetValueOrDefault(silo.SiloPort);

    private static async Task<TimeSpan> WaitDeclaredDeadAsync(TestCluster cluster, int siloPort, TimeSpan within)
    {
        var started = DateTime.UtcNow;
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        while (DateTime.UtcNow - started < within)
        {
            await using var command = new NpgsqlCommand("SELECT status FROM orleansmembershiptable WHERE deploymentid = @cluster AND port = @port", connection);
            command.Parameters.AddWithValue("cluster", cluster.ClusterId);
            command.Parameters.AddWithValue("port", siloPort);
            if (await command.ExecuteScalarAsync() is int status && status == 6)
            {
                return DateTime.UtcNow - started;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"the killed silo on port {siloPort} was not declared dead within {within}");
    }

    private static async Task<HashSet<string>> StoredCustomerKeysAsync(HttpClient api)
    {
        var keys = new HashSet<string>();
        string? next = "/4/customers?limit=5000";
        for (var page = 0; next is not null && page < 100; page++)
        {
            var body = (await api.GetFromJsonAsync<JsonObject>(next))!;
            foreach (var customer in body["results"]!.AsArray())
            {
                keys.Add(customer!["key"]!.GetValue<string>());
            }

            next = body["metadata"]!["next"]?.GetValue<string>();
        }

        return keys;
    }

    private static string Describe(IReadOnlyList<(DateTime At, string What)> failures) =>
        $"{failures.Count}: " + string.Join(", ", failures.GroupBy(f => f.What).Select(g => $"{g.Key} x{g.Count()}"));

    /// <summary>What the API processes said about the failures (their 503s name the Orleans error).</summary>
    private static string ApiWarnings(TestCluster cluster) =>
        string.Join("\n", cluster.Apis.SelectMany(a => a.Output.Split('\n')).Where(l => l.Contains("Cluster unavailable", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal)).Distinct().Take(20));
}
