using System.Diagnostics.Metrics;

namespace Tempo.Api.Gate;

/// <summary>
/// The gate's counters: requests allowed, refused with 401 by reason, refused with 403 by scope; and its cache's
/// hits, misses (a grain call each), drops ordered by token grains, and size.
/// </summary>
public sealed class TokenGateMetrics
{
    public const string MeterName = "Tempo.Gate";
    private readonly Counter<long> _allowed;
    private readonly Counter<long> _unauthorized;
    private readonly Counter<long> _forbidden;
    private readonly Counter<long> _cacheHits;
    private readonly Counter<long> _cacheMisses;
    private readonly Counter<long> _cacheInvalidations;
    private readonly Meter _meter;

    public TokenGateMetrics(IMeterFactory meters)
    {
        var meter = _meter = meters.Create(MeterName);
        _cacheHits = meter.CreateCounter<long>("tempo.gate.cache.hits", description: "Requests the gate decided from its cache, with no grain call.");
        _cacheMisses = meter.CreateCounter<long>("tempo.gate.cache.misses", description: "Requests for which the gate asked the token grain (no entry, or its lease ran out).");
        _cacheInvalidations = meter.CreateCounter<long>("tempo.gate.cache.invalidations", description: "Entries dropped because a token grain said so (regenerate, delete).");
        _allowed = meter.CreateCounter<long>("tempo.gate.allowed", description: "Requests the token gate let through.");
        _unauthorized = meter.CreateCounter<long>("tempo.gate.unauthorized", description: "Requests refused with 401, by reason.");
        _forbidden = meter.CreateCounter<long>("tempo.gate.forbidden", description: "Requests refused with 403, by scope and level.");
    }

    public void CacheHit() => _cacheHits.Add(1);

    public void CacheMiss() => _cacheMisses.Add(1);

    public void CacheInvalidated() => _cacheInvalidations.Add(1);

    public void ObserveCacheSize(Func<int> size) =>
        _meter.CreateObservableGauge("tempo.gate.cache.size", size, unit: "{token}", description: "Tokens held in this process's gate cache.");

    public void Allowed(string scope) => _allowed.Add(1, new KeyValuePair<string, object?>("scope", scope));

    public void Unauthorized(string reason) => _unauthorized.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Forbidden(string scope, string level) =>
        _forbidden.Add(1, new KeyValuePair<string, object?>("scope", scope), new KeyValuePair<string, object?>("level", level));
}
