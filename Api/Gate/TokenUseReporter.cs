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

    /// <summary>
    /// Notes an allowed request: allocation-free once the token and address are known this period (the address is
    /// kept as the connection's <see cref="System.Net.IPAddress"/> and turned into text only at the flush).
    /// </summary>
    public void Used(TokenId id, System.Net.IPAddress? address, string? userAgent) => Track(id)?.Used(time.GetUtcNow(), address, userAgent);

    public void Denied(TokenId id, string reason, string? ip, string? userAgent) => Track(id)?.Denied(reason, ip, userAgent);

    /// <summary>Sends everything collected so far; the background flusher calls this every <see cref="FlushPeriod"/>.</summary>
    public async Task FlushAsync()
    {
        var batch = Interlocked.Exchange(ref _pending, new ConcurrentDictionary<TokenId, Pending>());
        foreach (var (id, pending) in batch)
        {
            try
            {
                await grains.Reference<ITokenGrain>(id.GrainKey).ReportUseAsync(pending.ToBatch());
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
        private readonly Dictionary<System.Net.IPAddress, Seen> _ips = [];
        private readonly Dictionary<string, DeniedCount> _denied = new(StringComparer.Ordinal);
        private DateTimeOffset? _lastUsed;
        private string? _userAgent;
        private System.Net.IPAddress? _lastAddress;
        private Seen? _lastSeen;

        public void Used(DateTimeOffset now, System.Net.IPAddress? address, string? userAgent)
        {
            lock (_lock)
            {
                _lastUsed = now;
                if (userAgent is not null && !ReferenceEquals(userAgent, _userAgent))
                {
                    _userAgent = userAgent;
                }

                if (address is null)
                {
                    return;
                }

                // The same address as the previous request (one client on a keep-alive connection): only its time moves.
                if (_lastSeen is not null && (ReferenceEquals(address, _lastAddress) || address.Equals(_lastAddress)))
                {
                    _lastSeen.Last = now;
                    return;
                }

                if (_ips.TryGetValue(address, out var seen))
                {
                    seen.Last = now;
                }
                else if (_ips.Count < TokenUsage.MaxIps * 4)
                {
                    _ips[address] = seen = new Seen(now);
                }
                else
                {
                    return;
                }

                (_lastAddress, _lastSeen) = (address, seen);
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
                return new TokenUseBatch(_lastUsed, [.. _ips.Select(ip => new SourceIpUse(ip.Key.ToString(), ip.Value.First, ip.Value.Last))], _userAgent, [.. _denied.Values]);
            }
        }
    }

    /// <summary>When an address was first and last seen this period.</summary>
    private sealed class Seen(DateTimeOffset first)
    {
        public DateTimeOffset First { get; } = first;

        public DateTimeOffset Last { get; set; } = first;
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
