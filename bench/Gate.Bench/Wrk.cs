using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Tempo.Bench.Gate;

/// <summary>One wrk run and what it printed.</summary>
public sealed record WrkResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Non2xx, long SocketErrors, string Raw)
{
    /// <summary>The server's CPU time (user + system, all threads) per request during the run, in microseconds.</summary>
    public double ServerCpuMicrosPerRequest { get; init; } = double.NaN;

    /// <summary>The server's CPU time during the run by thread name, in milliseconds (threads that ended: "(ended)").</summary>
    public IReadOnlyDictionary<string, double> ServerThreadCpuMs { get; init; } = new Dictionary<string, double>();

    /// <summary>When the run started and ended (wall time, UTC).</summary>
    public DateTime StartedUtc { get; init; }

    public DateTime EndedUtc { get; init; }
}

/// <summary>
/// Runs <c>wrk --latency</c> (Debian package <c>wrk</c>). It inherits this process's CPU affinity, so pinning the
/// benchmark process (<c>taskset</c> in <c>bench/run-gate.sh</c>) keeps the load generator off the servers' CPUs.
/// </summary>
public static partial class Wrk
{
    public static async Task<WrkResult> RunAsync(ApiProcess server, Uri url, string? token, BenchOptions options, int seconds, string? script = null)
    {
        var cpuBefore = server.CpuMilliseconds;
        var threadsBefore = Machine.ThreadCpuMilliseconds(server.Pid);
        var started = DateTime.UtcNow;
        var result = await RunAsync(url, token, options, seconds, script);
        var ended = DateTime.UtcNow;
        var threads = Machine.ThreadCpuMilliseconds(server.Pid);
        var cpu = server.CpuMilliseconds - cpuBefore;
        // By thread id, then by name; what threads that ended during the run used is the rest of the process's time.
        var byThread = threads
            .GroupBy(t => t.Value.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(t => t.Value.Ms - (threadsBefore.TryGetValue(t.Key, out var before) ? before.Ms : 0)), StringComparer.Ordinal);
        byThread["(ended)"] = Math.Max(0, cpu - byThread.Values.Sum());
        return result with { ServerCpuMicrosPerRequest = result.Requests > 0 ? cpu * 1000 / result.Requests : double.NaN, ServerThreadCpuMs = byThread, StartedUtc = started, EndedUtc = ended };
    }

    public static async Task<WrkResult> RunAsync(Uri url, string? token, BenchOptions options, int seconds, string? script = null)
    {
        List<string> args = ["-t", options.Threads.ToString(CultureInfo.InvariantCulture), "-c", options.Connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{seconds}s", "--latency"];
        if (token is not null)
        {
            args.AddRange(["-H", $"Authorization: Bearer {token}"]);
        }

        if (script is not null)
        {
            args.AddRange(["-s", script]);
        }

        args.Add(url.ToString());
        var start = new ProcessStartInfo("wrk", args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start wrk.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var raw = await output + await error;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk failed ({process.ExitCode}): {raw}");
        }

        return Parse(raw);
    }

    public static WrkResult Parse(string raw)
    {
        double Latency(string percentile)
        {
            var match = Regex.Match(raw, $@"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
            if (!match.Success)
            {
                return double.NaN;
            }

            var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
        }

        var rps = RequestsPerSecond().Match(raw);
        var requests = Requests().Match(raw);
        var non2xx = Non2xx().Match(raw);
        var socket = SocketErrors().Match(raw);
        return new WrkResult(
            rps.Success ? double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN,
            Latency("50"),
            Latency("99"),
            requests.Success ? long.Parse(requests.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            non2xx.Success ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            socket.Success ? socket.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture)) : 0,
            raw);
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"^\s+(\d+) requests in", RegexOptions.Multiline)]
    private static partial Regex Requests();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex Non2xx();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
