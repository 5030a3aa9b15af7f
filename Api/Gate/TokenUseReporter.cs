using System.Collections.Concurrent;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Api.Gate;

/// <summary>
/// Collects, per process, what requests did with each token (source address, user agent, when, and policy refusals)
/// and hands it to each token's grain once per flush period as one <see cref="TokenUseBatch"/>: one grain call per
/// used token per period, whatever the request rate, so it works as well with a gate that answers from a cache.
/// Bounded: at most <see cref="MaxTokens"/> tokens are held between flushes (more are dropped and counted).
/// </summary>
public sealed partial class TokenUseReporter(IGrainFactory grains, TimeProvider time, ILogger<TokenUseReporter> logger)
{
    public const int MaxTokens = 100_000;
    public static readonly TimeSpan FlushPeriod = TimeSpan.FromSeconds(10);
    private ConcurrentDictionary<TokenId, Pending> _pending = new();

    public long Dropped { get; private set; }

    public void Used(TokenId id, string? ip, string? userAgent) => Track(id)?.Used(time.GetUtcNow(), ip, userAgent);

    public void Denied(TokenId id, string reason, string? ip, string? userAgent) => Track(id)?.Denied(reason, ip, userAgent);

    /// <summary>Sends everything collected so far; the background flusher calls this every <see cref="FlushPeriod"/>.</summary>
    public async Task FlushAsync()
    {
        var batch = Interlocked.Exchange(ref _pending, new ConcurrentDictionary<TokenId, Pending>());
        foreach (var (id, pending) in batch)
        {
            try
            {
                await grains.GetGrain<ITokenGrain>(id.GrainKey).ReportUseAsync(pending.ToBatch());
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogFlushFailed(logger, exception, id.Value);
            }
        }
    }

    private Pending? Track(TokenId id)
    {
        var pending = _pending;
        if (pending.TryGetValue(id, out var known))
        {
            return known;
        }

        if (pending.Count >= MaxTokens)
        {
            Dropped++;
            return null;
        }

        return pending.GetOrAdd(id, _ => new Pending());
    }

    private sealed class Pending
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<string, SourceIpUse> _ips = new(StringComparer.Ordinal);
        private readonly Dictionary<string, DeniedCount> _denied = new(StringComparer.Ordinal);
        private DateTimeOffset? _lastUsed;
        private string? _userAgent;

        public void Used(DateTimeOffset now, string? ip, string? userAgent)
        {
            lock (_lock)
            {
                _lastUsed = now;
                _userAgent = userAgent ?? _userAgent;
                if (ip is not null && (_ips.Count < TokenUsage.MaxIps * 4 || _ips.ContainsKey(ip)))
                {
                    _ips[ip] = _ips.TryGetValue(ip, out var seen) ? seen with { LastSeen = now } : new SourceIpUse(ip, now, now);
                }
            }
        }

        public void Denied(string reason, string? ip, string? userAgent)
        {
            lock (_lock)
            {
                _denied[reason] = _denied.TryGetValue(reason, out var known)
                    ? known with { Count = known.Count + 1, SourceIp = ip ?? known.SourceIp, UserAgent = userAgent ?? known.UserAgent }
                    : new DeniedCount(reason, 1, ip, userAgent);
            }
        }

        public TokenUseBatch ToBatch()
        {
            lock (_lock)
            {
                return new TokenUseBatch(_lastUsed, [.. _ips.Values], _userAgent, [.. _denied.Values]);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Token {TokenId}: usage report lost")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception, string tokenId);
}

/// <summary>Flushes the <see cref="TokenUseReporter"/> every period, and once more at shutdown.</summary>
public sealed class TokenUseFlusher(TokenUseReporter reporter) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TokenUseReporter.FlushPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await reporter.FlushAsync();
            }
        }
        catch (OperationCanceledException)
        {
        }

        try
        {
            await reporter.FlushAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The silo may already be gone at shutdown; usage is best effort, like lastUsedAt.
        }
    }
}
