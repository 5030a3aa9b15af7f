using System.Net;

namespace Tempo.Grains.Interfaces.Tokens;

/// <summary>A token's own token-bucket limit: <see cref="PerSecond"/> requests refilled each second, up to <see cref="Burst"/>.</summary>
[GenerateSerializer, Immutable, Alias("tempo.TokenRateLimit")]
public sealed record TokenRateLimit([property: Id(0)] int PerSecond, [property: Id(1)] int Burst);

/// <summary>One source address a token was used from, with when it was first and last seen.</summary>
[GenerateSerializer, Immutable, Alias("tempo.SourceIpUse")]
public sealed record SourceIpUse([property: Id(0)] string Ip, [property: Id(1)] DateTimeOffset FirstSeen, [property: Id(2)] DateTimeOffset LastSeen);

/// <summary>Where a token was used from recently: the last <see cref="MaxIps"/> distinct addresses and the last user agent.</summary>
[GenerateSerializer, Immutable, Alias("tempo.TokenUsage")]
public sealed record TokenUsage([property: Id(0)] ImmutableArray<SourceIpUse> RecentIps, [property: Id(1)] string? LastUserAgent)
{
    public const int MaxIps = 10;

    public static TokenUsage Empty { get; } = new([], null);

    /// <summary>This usage with <paramref name="seen"/> merged in: distinct by address, newest last-seen first, at most <see cref="MaxIps"/>.</summary>
    public TokenUsage Merge(IEnumerable<SourceIpUse> seen, string? userAgent)
    {
        var byIp = RecentIps.ToDictionary(u => u.Ip, StringComparer.Ordinal);
        foreach (var use in seen)
        {
            byIp[use.Ip] = byIp.TryGetValue(use.Ip, out var known)
                ? new SourceIpUse(use.Ip, Min(known.FirstSeen, use.FirstSeen), Max(known.LastSeen, use.LastSeen))
                : use;
        }

        var ips = byIp.Values.OrderByDescending(u => u.LastSeen).ThenBy(u => u.Ip, StringComparer.Ordinal).Take(MaxIps).ToImmutableArray();
        return new TokenUsage(ips, userAgent ?? LastUserAgent);
    }

    public bool SameAs(TokenUsage other) => LastUserAgent == other.LastUserAgent && RecentIps.SequenceEqual(other.RecentIps);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}

/// <summary>Refusals of one kind the API saw for a token during one flush period (aggregated, never one per request).</summary>
[GenerateSerializer, Immutable, Alias("tempo.DeniedCount")]
public sealed record DeniedCount([property: Id(0)] string Reason, [property: Id(1)] int Count, [property: Id(2)] string? SourceIp, [property: Id(3)] string? UserAgent);

/// <summary>What one API process saw of a token during one flush period: uses (addresses, user agent) and refusals.</summary>
[GenerateSerializer, Immutable, Alias("tempo.TokenUseBatch")]
public sealed record TokenUseBatch(
    [property: Id(0)] DateTimeOffset? LastUsedAt,
    [property: Id(1)] ImmutableArray<SourceIpUse> Ips,
    [property: Id(2)] string? UserAgent,
    [property: Id(3)] ImmutableArray<DeniedCount> Denied);

/// <summary>IP allowlist and rate-limit rules for token creation.</summary>
public static class TokenPolicyRules
{
    public const int MaxAllowedIps = 50;

    /// <summary>Parses CIDRs (or single addresses) into their canonical text; the error names the bad entry.</summary>
    public static bool TryResolveAllowedIps(IReadOnlyList<string>? entries, out ImmutableArray<string> networks, out string? error)
    {
        networks = [];
        error = null;
        if (entries is null)
        {
            return true;
        }

        if (entries.Count > MaxAllowedIps)
        {
            error = $"'allowedIps' may hold at most {MaxAllowedIps} entries.";
            return false;
        }

        var parsed = ImmutableArray.CreateBuilder<string>(entries.Count);
        foreach (var entry in entries)
        {
            if (!TryParseNetwork(entry, out var network))
            {
                error = $"'allowedIps' entry '{TextSafety.ForLog(entry)}' is not an IPv4 or IPv6 address or CIDR (for example 203.0.113.0/24).";
                return false;
            }

            var text = network.ToString();
            if (!parsed.Contains(text))
            {
                parsed.Add(text);
            }
        }

        networks = parsed.ToImmutable();
        return true;
    }

    public static bool TryParseNetwork(string? text, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 64)
        {
            return false;
        }

        if (!text.Contains('/') && IPAddress.TryParse(text, out var single))
        {
            network = new IPNetwork(single, single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return IPNetwork.TryParse(text, out network);
    }

    /// <summary>Checks a requested limit against the tenant maximum.</summary>
    public static bool TryResolveRateLimit(TokenRateLimit? requested, TokenRateLimit maximum, out string? error)
    {
        error = requested switch
        {
            null => null,
            { PerSecond: < 1 } => "'rateLimit.perSecond' must be at least 1.",
            { Burst: < 1 } => "'rateLimit.burst' must be at least 1.",
            _ when requested.PerSecond > maximum.PerSecond => $"'rateLimit.perSecond' must be at most {maximum.PerSecond}.",
            _ when requested.Burst > maximum.Burst => $"'rateLimit.burst' must be at most {maximum.Burst}.",
            _ => null,
        };
        return error is null;
    }
}
