using System.Globalization;
using System.Net;
using System.Text;
using Tempo.Api.Tokens;

namespace Tempo.Bench.Gate;

/// <summary>
/// The gate's cost over HTTP: the same small <c>/4</c> GET on two Release processes started side by side, one with
/// the gate (Benchmark environment, no switch) and one without (Benchmark environment and
/// <c>Benchmark:DisableTokenGate=true</c>), both otherwise configured alike, loaded by wrk in interleaved rounds.
/// Rejected requests (a bad checksum, an invented token) go to the gated one. A third process has the gate but not
/// the token policy middleware (<c>Benchmark:DisableTokenPolicies=true</c>): case H, so that what the policies of
/// issue 20 cost the gated figure is measured in the same run (A against H). Case O (issue 21, <c>--oauth false</c>
/// skips it) sends an OAuth access token, obtained through the OAuth flow over HTTP, to the gated process: the same
/// token format and gate path as an API token, measured next to A in the same rounds.
/// </summary>
public static class HttpBench
{
    public const string Endpoint = "/4/account-category-types";
    private const int WarmupChunkSeconds = 10;

    internal sealed record Case(string Key, string Label, ApiProcess Server, string? Token, bool ExpectOk)
    {
        public List<WrkResult> Runs { get; } = [];

        public Uri Url => new(Server.BaseAddress, Endpoint);
    }

    public static async Task RunAsync(BenchOptions options)
    {
        Console.WriteLine("## HTTP: what the gate costs per request");
        Console.WriteLine();
        Console.WriteLine($"- machine: {Machine.Describe()}");
        Console.WriteLine(ApiProcess.RuntimeSettingsLine);

        await using var gated = await ApiProcess.StartAsync(options, "gated", new Dictionary<string, string>());
        await using var ungated = await ApiProcess.StartAsync(options, "ungated", new Dictionary<string, string> { ["Benchmark:DisableTokenGate"] = "true" });
        await using var noPolicies = await ApiProcess.StartAsync(options, "gated-no-policies", new Dictionary<string, string> { ["Benchmark:DisableTokenPolicies"] = "true" });
        Console.WriteLine($"- load average at the start: {Machine.LoadAverage}");
        Console.WriteLine($"- pinning: servers on CPUs {Machine.CpusAllowed(gated.Pid)} (gated pid {gated.Pid}), {Machine.CpusAllowed(ungated.Pid)} (ungated pid {ungated.Pid}) and {Machine.CpusAllowed(noPolicies.Pid)} (gated, policies off, pid {noPolicies.Pid}); " +
            $"wrk and this driver on CPUs {Machine.CpusAllowed(Environment.ProcessId)}");
        Console.WriteLine($"- load: `wrk -t{options.Threads} -c{options.Connections} -d{options.Seconds}s --latency` on `GET {Endpoint}`; " +
            $"{options.WarmupSeconds} s warm-up of A, of B and of H (alternating, 10 s at a time) and 10 s of {(options.OAuth ? "O, " : string.Empty)}C and of D, then {options.Rounds} interleaved rounds " +
            (options.OAuth ? "(A B H O C D, then O H B A D C, ...)" : "(A B H C D, then H B A D C, ...)"));

        var jwt = await gated.SignInAsync("bench:gate");
        var valid = await gated.CreateAccountsViewTokenAsync(jwt);
        var badChecksum = valid[..^1] + (valid[^1] == 'a' ? 'b' : 'a');
        // Well formed, checksum right, made with a key that is not the server's: an invented token. Its tag fails.
        var unknown = Invent();
        // H's process is its own in-memory cluster: its token is made there (same format and length).
        var validH = await noPolicies.CreateAccountsViewTokenAsync(await noPolicies.SignInAsync("bench:gate"));
        // O: the same user's OAuth access token for accounts:view on the gated process, the way a client gets one.
        var oauth = options.OAuth ? await gated.CreateOAuthAccountsViewTokenAsync(jwt) : null;
        if (oauth is not null)
        {
            Console.WriteLine($"- O's token: an OAuth access token (`accounts:view`) from the authorization code flow over HTTP on the gated process " +
                $"(application registered by a tenant admin, consent, code redeemed at `/oauth/token/`); {oauth.Length} characters against A's {valid.Length}, " +
                $"same format: {(oauth.StartsWith("tempo_", StringComparison.Ordinal) == valid.StartsWith("tempo_", StringComparison.Ordinal) && oauth.Length == valid.Length ? "yes" : "NO")}");
        }

        var a = new Case("A", "valid token, gate on", gated, valid, ExpectOk: true);
        var b = new Case("B", "same request, gate off (switch)", ungated, valid, ExpectOk: true);
        var c = new Case("C", "malformed: bad checksum (401)", gated, badChecksum, ExpectOk: false);
        var d = new Case("D", "invented token, one id, valid format and checksum (401)", gated, unknown, ExpectOk: false);
        var h = new Case("H", "valid token, gate on, token policies off (switch)", noPolicies, validH, ExpectOk: true);
        var o = oauth is null ? null : new Case("O", "gated, OAuth access token", gated, oauth, ExpectOk: true);
        Case[] withO(params Case[] before) => o is null ? before : [.. before, o];

        await ExpectAsync(gated, Endpoint, valid, HttpStatusCode.OK, null);
        if (oauth is not null)
        {
            await ExpectAsync(gated, Endpoint, oauth, HttpStatusCode.OK, null);
        }

        await ExpectAsync(ungated, Endpoint, valid, HttpStatusCode.OK, null);
        await ExpectAsync(noPolicies, Endpoint, validH, HttpStatusCode.OK, null);
        await ExpectAsync(noPolicies, Endpoint, null, HttpStatusCode.Unauthorized, "Missing bearer token");
        await ExpectAsync(ungated, Endpoint, null, HttpStatusCode.OK, null);
        await ExpectAsync(gated, Endpoint, null, HttpStatusCode.Unauthorized, "Missing bearer token");
        await ExpectAsync(gated, Endpoint, badChecksum, HttpStatusCode.Unauthorized, "The bearer token is malformed.");
        await ExpectAsync(gated, Endpoint, unknown, HttpStatusCode.Unauthorized, "Unknown token.");

        // Warm-up until tiered compilation has settled in both servers (on one busy core that takes tens of seconds:
        // a shorter warm-up showed the gated process still speeding up through the rounds), alternating A and B.
        var warmup = new List<string>();
        var roundLoads = new List<string>();
        for (var warmed = 0; warmed < options.WarmupSeconds; warmed += WarmupChunkSeconds)
        {
            var warmA = await Wrk.RunAsync(a.Server, a.Url, a.Token, options, WarmupChunkSeconds);
            var warmB = await Wrk.RunAsync(b.Server, b.Url, b.Token, options, WarmupChunkSeconds);
            var warmH = await Wrk.RunAsync(h.Server, h.Url, h.Token, options, WarmupChunkSeconds);
            warmup.Add($"{warmA.RequestsPerSecond:N0}/{warmB.RequestsPerSecond:N0}/{warmH.RequestsPerSecond:N0}");
        }

        foreach (var warm in withO().Append(c).Append(d))
        {
            await Wrk.RunAsync(warm.Server, warm.Url, warm.Token, options, WarmupChunkSeconds);
        }

        for (var round = 0; round < options.Rounds; round++)
        {
            foreach (var run in round % 2 == 0 ? [.. withO(a, b, h), c, d] : (Case[])[.. (o is null ? [] : new[] { o }), h, b, a, d, c])
            {
                run.Runs.Add(await Wrk.RunAsync(run.Server, run.Url, run.Token, options, options.Seconds));
            }

            roundLoads.Add(Machine.LoadAverage);
        }

        // E: a fresh invented token on every request, as a flood of made-up tokens would send. Before the tag, each
        // one activated a token grain that found nothing; run last, so that anything it leaves behind shows in RSS.
        // A script-fed wrk is still a little slower than a fixed header, so E is compared with F: the valid token
        // through the same script and a table of the same size, interleaved.
        var rssBefore = gated.RssKiB;
        var expected = Stats.Median(d.Runs.Select(r => r.RequestsPerSecond));
        var count = (int)Math.Clamp(expected * options.Seconds * options.FreshIdRounds * 1.2, 10_000, 3_000_000);
        var script = WriteTokenScript(options, "fresh-ids", Enumerable.Range(0, count).Select(_ => Invent()));
        var sameScript = WriteTokenScript(options, "valid-repeated", Enumerable.Repeat(valid, count));
        var e = new Case("E", "invented token, a fresh id per request (401)", gated, null, ExpectOk: false);
        var f = new Case("F", "valid token through the same Lua script as E (200)", gated, null, ExpectOk: true);
        await Wrk.RunAsync(f.Server, f.Url, null, options, WarmupChunkSeconds, sameScript);
        for (var round = 0; round < options.FreshIdRounds; round++)
        {
            foreach (var (run, runScript) in round % 2 == 0 ? new[] { (e, script), (f, sameScript) } : [(f, sameScript), (e, script)])
            {
                run.Runs.Add(await Wrk.RunAsync(run.Server, run.Url, null, options, options.Seconds, runScript));
            }
        }

        var rssAfter = gated.RssKiB;
        var sent = e.Runs.Sum(r => r.Requests);

        Console.WriteLine();
        Console.WriteLine("| case | req/s median (min–max) | p50 ms median (min–max) | p99 ms median (min–max) | server CPU µs/request median (min–max) | req/s vs A | responses as expected |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
        var validRps = Stats.Median(a.Runs.Select(r => r.RequestsPerSecond));
        foreach (var row in withO(a, b, h).Concat([c, d, e, f]))
        {
            var rps = row.Runs.Select(r => r.RequestsPerSecond).ToArray();
            Console.WriteLine($"| {row.Key}: {row.Label} | {Stats.Spread(rps, "N0")} | {Stats.Spread([.. row.Runs.Select(r => r.P50Ms)], "N2")} | " +
                $"{Stats.Spread([.. row.Runs.Select(r => r.P99Ms)], "N2")} | {Stats.Spread([.. row.Runs.Select(r => r.ServerCpuMicrosPerRequest)], "N1")} | {Stats.F(Stats.Median(rps) / validRps, "N2")} | {Check(row)} |");
        }

        var paired = a.Runs.Zip(b.Runs, (x, y) => x.RequestsPerSecond / y.RequestsPerSecond).ToArray();
        var ratio = Stats.Median(a.Runs.Select(r => r.RequestsPerSecond)) / Stats.Median(b.Runs.Select(r => r.RequestsPerSecond));
        Console.WriteLine();
        Console.WriteLine($"- **gated/ungated req/s: {Stats.F(ratio, "N3")}** (ratio of medians); per round {Stats.Spread(paired, "N3")} " +
            $"(goal ≥ 0.97: {(ratio >= 0.97 ? "met" : $"NOT met, short by {Stats.F(0.97 - ratio, "N3")}")})");
        var cpuA = Stats.Median(a.Runs.Select(r => r.ServerCpuMicrosPerRequest));
        var cpuB = Stats.Median(b.Runs.Select(r => r.ServerCpuMicrosPerRequest));
        var cpuPaired = a.Runs.Zip(b.Runs, (x, y) => y.ServerCpuMicrosPerRequest / x.ServerCpuMicrosPerRequest).ToArray();
        Console.WriteLine($"- **by server CPU per request** (less sensitive to a shared machine than req/s): gate on {Stats.F(cpuA, "N1")} µs, off {Stats.F(cpuB, "N1")} µs, " +
            $"so the gate costs {Stats.F(cpuA - cpuB, "N1")} µs of CPU per request and a server on a dedicated core would reach **{Stats.F(cpuB / cpuA, "N3")}** of the ungated req/s " +
            $"(per round {Stats.Spread(cpuPaired, "N3")}; goal ≥ 0.97: {(cpuB / cpuA >= 0.97 ? "met" : "NOT met")})");
        Console.WriteLine($"- p50 latency added by the gate: {Stats.F(Stats.Median(a.Runs.Select(r => r.P50Ms)) - Stats.Median(b.Runs.Select(r => r.P50Ms)), "N3")} ms; " +
            $"p99: {Stats.F(Stats.Median(a.Runs.Select(r => r.P99Ms)) - Stats.Median(b.Runs.Select(r => r.P99Ms)), "N3")} ms (medians, {options.Connections} connections at saturation)");
        // Issue 20's budget: the token policies (allowlist, rate limiter, headers, use reporting) against the same gate without them.
        var policyRatio = Stats.Median(a.Runs.Select(r => r.RequestsPerSecond)) / Stats.Median(h.Runs.Select(r => r.RequestsPerSecond));
        var policyPaired = a.Runs.Zip(h.Runs, (x, y) => x.RequestsPerSecond / y.RequestsPerSecond).ToArray();
        var cpuH = Stats.Median(h.Runs.Select(r => r.ServerCpuMicrosPerRequest));
        var policyCpuPaired = a.Runs.Zip(h.Runs, (x, y) => y.ServerCpuMicrosPerRequest / x.ServerCpuMicrosPerRequest).ToArray();
        Console.WriteLine($"- **token policies (issue 20), A against H**: A/H req/s {Stats.F(policyRatio, "N3")} (per round {Stats.Spread(policyPaired, "N3")}), " +
            $"so the policies cost **{Stats.F((1 - policyRatio) * 100, "N1")} %** of the gated req/s; by CPU: {Stats.F(cpuA, "N1")} µs with, {Stats.F(cpuH, "N1")} µs without, " +
            $"{Stats.F(cpuA - cpuH, "N2")} µs a request, **{Stats.F((1 - (cpuH / cpuA)) * 100, "N1")} %** (per round H/A {Stats.Spread(policyCpuPaired, "N3")}; budget 2 %: " +
            $"{(1 - (cpuH / cpuA) <= 0.02 ? "within" : "NOT within")} by CPU)");
        Console.WriteLine($"- gate without policies against no gate (H/B): req/s {Stats.F(Stats.Median(h.Runs.Select(r => r.RequestsPerSecond)) / Stats.Median(b.Runs.Select(r => r.RequestsPerSecond)), "N3")}, " +
            $"by CPU {Stats.F(cpuB / cpuH, "N3")}");
        if (o is not null)
        {
            // Issue 21: an OAuth access token is one of the project's tokens, so its gate cost should be an API token's.
            var oRatio = Stats.Median(o.Runs.Select(r => r.RequestsPerSecond)) / Stats.Median(a.Runs.Select(r => r.RequestsPerSecond));
            var oPaired = o.Runs.Zip(a.Runs, (x, y) => x.RequestsPerSecond / y.RequestsPerSecond).ToArray();
            var cpuO = Stats.Median(o.Runs.Select(r => r.ServerCpuMicrosPerRequest));
            Console.WriteLine($"- **OAuth access token (issue 21), O against A** (same process, same route): O/A req/s **{Stats.F(oRatio, "N3")}** (per round {Stats.Spread(oPaired, "N3")}); " +
                $"server CPU per request {Stats.F(cpuO, "N1")} µs against {Stats.F(cpuA, "N1")} µs ({Stats.F(cpuO - cpuA, "N2")} µs); p50 {Stats.F(Stats.Median(o.Runs.Select(r => r.P50Ms)), "N2")} " +
                $"against {Stats.F(Stats.Median(a.Runs.Select(r => r.P50Ms)), "N2")} ms, p99 {Stats.F(Stats.Median(o.Runs.Select(r => r.P99Ms)), "N2")} against {Stats.F(Stats.Median(a.Runs.Select(r => r.P99Ms)), "N2")} ms");
        }

        foreach (var (garbage, baseline) in new[] { (c, a), (d, a), (e, f) })
        {
            var baselineRps = Stats.Median(baseline.Runs.Select(r => r.RequestsPerSecond));
            var baselineCpu = Stats.Median(baseline.Runs.Select(r => r.ServerCpuMicrosPerRequest));
            var x = Stats.Median(garbage.Runs.Select(r => r.RequestsPerSecond)) / baselineRps;
            var cpu = Stats.Median(garbage.Runs.Select(r => r.ServerCpuMicrosPerRequest));
            Console.WriteLine($"- {garbage.Key} vs valid ({baseline.Key}): {Stats.F(x, "N2")}× the req/s of {baseline.Key}, {Stats.F(cpu, "N1")} µs of server CPU against {Stats.F(baselineCpu, "N1")}: " +
                $"{(x > 1 && cpu < baselineCpu ? "cheaper than a valid request" : "NOT cheaper than a valid request")}");
        }

        Console.WriteLine($"- E sent {sent:N0} requests over {count:N0} distinct made-up ids{(sent > count ? " (ids were reused after the first pass)" : string.Empty)}; " +
            $"the gated process grew from {rssBefore / 1024.0:N0} MiB to {rssAfter / 1024.0:N0} MiB resident");
        Console.WriteLine($"- warm-up, A/B/H req/s per 10 s: {string.Join(", ", warmup)}");
        Console.WriteLine($"- resident size at the end: gated {gated.RssKiB / 1024.0:N0} MiB, ungated {ungated.RssKiB / 1024.0:N0} MiB; load average now {Machine.LoadAverage}");

        Console.WriteLine();
        Console.WriteLine("Rounds (req/s):");
        Console.WriteLine();
        Console.WriteLine($"| round | A | B | A/B | H | A/H | {(o is null ? string.Empty : "O | O/A | ")}C | D | CPU µs/request {string.Join(", ", withO(a, b, h).Concat([c, d]).Select(x => x.Key))} | load average after the round |");
        Console.WriteLine($"| ---: | ---: | ---: | ---: | ---: | ---: | {(o is null ? string.Empty : "---: | ---: | ")}---: | ---: | --- | --- |");
        for (var round = 0; round < options.Rounds; round++)
        {
            Console.WriteLine($"| {round + 1} | {a.Runs[round].RequestsPerSecond:N0} | {b.Runs[round].RequestsPerSecond:N0} | {Stats.F(paired[round], "N3")} | " +
                $"{h.Runs[round].RequestsPerSecond:N0} | {Stats.F(policyPaired[round], "N3")} | " +
                (o is null ? string.Empty : $"{o.Runs[round].RequestsPerSecond:N0} | {Stats.F(o.Runs[round].RequestsPerSecond / a.Runs[round].RequestsPerSecond, "N3")} | ") +
                $"{c.Runs[round].RequestsPerSecond:N0} | {d.Runs[round].RequestsPerSecond:N0} | " +
                string.Join(", ", withO(a, b, h).Concat([c, d]).Select(x => x.Runs[round].ServerCpuMicrosPerRequest.ToString("N1", CultureInfo.InvariantCulture))) + $" | {roundLoads[round]} |");
        }

        foreach (var scripted in new[] { e, f })
        {
            Console.WriteLine($"| {scripted.Key} rounds | {string.Join(", ", scripted.Runs.Select(r => r.RequestsPerSecond.ToString("N0", CultureInfo.InvariantCulture)))} | | | | | {(o is null ? string.Empty : "| | ")}| | " +
                string.Join(", ", scripted.Runs.Select(r => r.ServerCpuMicrosPerRequest.ToString("N1", CultureInfo.InvariantCulture))) + " |");
        }

        if (options.ClientMode)
        {
            await ClientModeBench.RunAsync(options, b);
        }
    }

    internal static string Check(Case row)
    {
        var bad = row.Runs.Where(r => r.SocketErrors > 0 || (row.ExpectOk ? r.Non2xx > 0 : r.Non2xx != r.Requests)).ToArray();
        return bad.Length == 0
            ? row.ExpectOk ? "all 200" : "all 401"
            : $"NO: {bad.Length} runs with unexpected statuses or socket errors ({bad.Sum(r => r.SocketErrors)} socket errors)";
    }

    internal static async Task ExpectAsync(ApiProcess server, string path, string? token, HttpStatusCode status, string? message)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        using var response = await server.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != status || (message is not null && !body.Contains(message, StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"{server.Name} {path} with {(token is null ? "no token" : "a token")}: expected {(int)status} {message}, got {(int)response.StatusCode} {body}");
        }
    }

    private static readonly TokenSecretHasher Inventor = new(System.Security.Cryptography.RandomNumberGenerator.GetBytes(TokenSecretHasher.MinKeyBytes));

    /// <summary>A well-formed token with a right checksum and a new id, made with a key the servers do not have.</summary>
    private static string Invent() => Inventor.NewToken(ApiTokenFormat.NewId(), out _);

    /// <summary>
    /// A wrk Lua script that sends the tokens of a file in turn, one per request; each wrk thread takes its own stride
    /// of the lines, so no line is sent twice until the file wraps.
    /// </summary>
    private static string WriteTokenScript(BenchOptions options, string name, IEnumerable<string> tokens)
    {
        Directory.CreateDirectory(options.LogDirectory);
        var file = Path.Combine(options.LogDirectory, name + ".txt");
        using (var writer = new StreamWriter(file, append: false, Encoding.ASCII))
        {
            foreach (var token in tokens)
            {
                writer.Write(token);
                writer.Write('\n');
            }
        }

        var script = Path.Combine(options.LogDirectory, name + ".lua");
        // The requests are formatted once, in init, so that request() only picks the next one: formatting each
        // request in Lua (wrk.format) held wrk back to about 20,000 req/s, below what the server answers.
        File.WriteAllText(script, $$"""
            local started = 0
            function setup(thread)
              thread:set("first", started)
              thread:set("stride", {{options.Threads}})
              started = started + 1
            end
            local requests = {}
            function init(args)
              local n, mine, every = 0, first or 0, stride or 1
              for line in io.lines("{{file}}") do
                if n % every == mine then
                  requests[#requests + 1] = wrk.format(nil, nil, { ["Authorization"] = "Bearer " .. line })
                end
                n = n + 1
              end
            end
            local i = 0
            function request()
              i = i + 1
              if i > #requests then i = 1 end
              return requests[i]
            end
            """);
        return script;
    }
}
