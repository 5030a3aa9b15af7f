using System.Globalization;
using System.Threading.RateLimiting;
using Tempo.Api.Errors;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Api.Gate;

/// <summary>
/// Runs right after the token gate, on requests it allowed, from what the token's answer carried (no grain call):
/// the IP allowlist (403 naming the address), the token's rate limit (429 with <c>Retry-After</c> and the IETF
/// <c>RateLimit-Policy</c>/<c>RateLimit</c> headers), the <c>Tempo-Token-Expires-At</c> warning within 7 days of
/// expiry, and the use report (address, user agent) for the token's usage.
/// </summary>
public sealed class TokenPolicyMiddleware : IDisposable
{
    public const string ExpiresAtHeader = "Tempo-Token-Expires-At";
    public static readonly TimeSpan WarnWithin = TimeSpan.FromDays(7);

    // RateLimitPartition.Get with one factory made once: GetTokenBucketLimiter would wrap its options factory in a
    // new closure on every call, and the partitioner runs twice per request (acquire, statistics).
    private static readonly Func<(TokenId, TokenRateLimit), RateLimiter> NewBucket = key => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
    {
        TokenLimit = key.Item2.Burst,
        TokensPerPeriod = key.Item2.PerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    });

    private readonly RequestDelegate _next;
    private readonly TokenPolicyOptions _options;
    private readonly TokenUseReporter _reporter;
    private readonly TimeProvider _time;
    private readonly PartitionedRateLimiter<AuthenticatedToken> _limiter;

    // The allowed path's headers are the same few strings over and over: made once, not on every request.
    private readonly string _defaultPolicyHeader;
    private readonly string?[] _remainingHeaders;

    public TokenPolicyMiddleware(RequestDelegate next, TokenPolicyOptions options, TokenUseReporter reporter, TimeProvider time)
    {
        _next = next;
        _options = options;
        _reporter = reporter;
        _time = time;
        _defaultPolicyHeader = PolicyHeader(options.ShareOf(null));
        _remainingHeaders = new string?[Math.Min(options.Maximum.Burst, 10_000) + 1];
        // One token bucket per (token, limit); the partitioned limiter drops buckets that sat idle (full), so the
        // set of buckets is bounded by the tokens active in the last moments, not by every token ever seen.
        _limiter = PartitionedRateLimiter.Create<AuthenticatedToken, (TokenId, TokenRateLimit)>(
            token => RateLimitPartition.Get((token.Id, options.ShareOf(token.RateLimit)), NewBucket));
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var token = context.Features.Get<AuthenticatedToken>();
        if (token is null || ReferenceEquals(token, AuthenticatedToken.Benchmark))
        {
            await _next(context);
            return;
        }

        var address = context.Connection.RemoteIpAddress;
        if (address is { IsIPv4MappedToIPv6: true })
        {
            address = address.MapToIPv4();
        }

        var userAgent = context.Request.Headers.UserAgent.Count > 0 ? context.Request.Headers.UserAgent[0] : null;
        if (token.AllowedNetworks.Length > 0 && !IsAllowed(token.AllowedNetworks, address))
        {
            var ip = address?.ToString();
            _reporter.Denied(token.Id, "ip", ip, userAgent);
            await TempoErrorHandling.WriteAsync(context, StatusCodes.Status403Forbidden,
                $"This token may not be used from the address {ip ?? "(unknown)"}: it is not in the token's IP allowlist.");
            return;
        }

        var share = _options.ShareOf(token.RateLimit);
        using var lease = _limiter.AttemptAcquire(token);
        var remaining = _limiter.GetStatistics(token)?.CurrentAvailablePermits ?? 0;
        context.Response.Headers["RateLimit-Policy"] = token.RateLimit is null ? _defaultPolicyHeader : PolicyHeader(share);
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["RateLimit"] = $"\"token\";r=0;t={retryAfter}";
            _reporter.Denied(token.Id, "rate-limited", address?.ToString(), userAgent);
            await TempoErrorHandling.WriteAsync(context, StatusCodes.Status429TooManyRequests,
                $"This token is over its rate limit of {share.PerSecond} requests per second (burst {share.Burst}); retry after {retryAfter} s.");
            return;
        }

        context.Response.Headers["RateLimit"] = RemainingHeader(remaining);
        if (token.ExpiresAt - _time.GetUtcNow() <= WarnWithin)
        {
            context.Response.Headers[ExpiresAtHeader] = token.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }

        _reporter.Used(token.Id, address, userAgent);
        await _next(context);
    }

    /// <summary><c>RateLimit-Policy</c> for a limit: a quota of the burst over the window the rate refills it in.</summary>
    private static string PolicyHeader(TokenRateLimit share)
    {
        var window = Math.Max(1, (share.Burst + share.PerSecond - 1) / share.PerSecond);
        return string.Create(CultureInfo.InvariantCulture, $"\"token\";q={share.Burst};w={window}");
    }

    /// <summary><c>RateLimit</c> of an allowed request; made once for the remaining counts up to the largest burst a token may have.</summary>
    private string RemainingHeader(long remaining) =>
        remaining >= 0 && remaining < _remainingHeaders.Length
            ? _remainingHeaders[remaining] ??= Remaining(remaining)
            : Remaining(remaining);

    private static string Remaining(long remaining) => string.Create(CultureInfo.InvariantCulture, $"\"token\";r={remaining};t=1");

    public void Dispose() => _limiter.Dispose();

    private static bool IsAllowed(System.Net.IPNetwork[] networks, System.Net.IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        foreach (var network in networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
