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

    private readonly RequestDelegate _next;
    private readonly TokenPolicyOptions _options;
    private readonly TokenUseReporter _reporter;
    private readonly TimeProvider _time;
    private readonly PartitionedRateLimiter<AuthenticatedToken> _limiter;

    public TokenPolicyMiddleware(RequestDelegate next, TokenPolicyOptions options, TokenUseReporter reporter, TimeProvider time)
    {
        _next = next;
        _options = options;
        _reporter = reporter;
        _time = time;
        // One token bucket per (token, limit); the partitioned limiter drops buckets that sat idle (full), so the
        // set of buckets is bounded by the tokens active in the last moments, not by every token ever seen.
        _limiter = PartitionedRateLimiter.Create<AuthenticatedToken, (TokenId, TokenRateLimit)>(token =>
        {
            var share = options.ShareOf(token.RateLimit);
            return RateLimitPartition.GetTokenBucketLimiter((token.Id, share), key => new TokenBucketRateLimiterOptions
            {
                TokenLimit = key.Item2.Burst,
                TokensPerPeriod = key.Item2.PerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
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

        var ip = address?.ToString();
        var userAgent = context.Request.Headers.UserAgent.Count > 0 ? context.Request.Headers.UserAgent[0] : null;
        if (token.AllowedNetworks.Length > 0 && !IsAllowed(token.AllowedNetworks, address))
        {
            _reporter.Denied(token.Id, "ip", ip, userAgent);
            await TempoErrorHandling.WriteAsync(context, StatusCodes.Status403Forbidden,
                $"This token may not be used from the address {ip ?? "(unknown)"}: it is not in the token's IP allowlist.");
            return;
        }

        var share = _options.ShareOf(token.RateLimit);
        using var lease = _limiter.AttemptAcquire(token);
        var remaining = _limiter.GetStatistics(token)?.CurrentAvailablePermits ?? 0;
        var window = Math.Max(1, (share.Burst + share.PerSecond - 1) / share.PerSecond);
        context.Response.Headers["RateLimit-Policy"] = $"\"token\";q={share.Burst};w={window}";
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["RateLimit"] = $"\"token\";r=0;t={retryAfter}";
            _reporter.Denied(token.Id, "rate-limited", ip, userAgent);
            await TempoErrorHandling.WriteAsync(context, StatusCodes.Status429TooManyRequests,
                $"This token is over its rate limit of {share.PerSecond} requests per second (burst {share.Burst}); retry after {retryAfter} s.");
            return;
        }

        context.Response.Headers["RateLimit"] = $"\"token\";r={remaining};t=1";
        if (token.ExpiresAt - _time.GetUtcNow() <= WarnWithin)
        {
            context.Response.Headers[ExpiresAtHeader] = token.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }

        _reporter.Used(token.Id, ip, userAgent);
        await _next(context);
    }

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
