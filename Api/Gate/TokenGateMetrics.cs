using System.Diagnostics.Metrics;

namespace Tempo.Api.Gate;

/// <summary>The gate's counters: requests allowed, refused with 401 by reason, refused with 403 by scope.</summary>
public sealed class TokenGateMetrics
{
    public const string MeterName = "Tempo.Gate";
    private readonly Counter<long> _allowed;
    private readonly Counter<long> _unauthorized;
    private readonly Counter<long> _forbidden;

    public TokenGateMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _allowed = meter.CreateCounter<long>("tempo.gate.allowed", description: "Requests the token gate let through.");
        _unauthorized = meter.CreateCounter<long>("tempo.gate.unauthorized", description: "Requests refused with 401, by reason.");
        _forbidden = meter.CreateCounter<long>("tempo.gate.forbidden", description: "Requests refused with 403, by scope and level.");
    }

    public void Allowed(string scope) => _allowed.Add(1, new KeyValuePair<string, object?>("scope", scope));

    public void Unauthorized(string reason) => _unauthorized.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Forbidden(string scope, string level) =>
        _forbidden.Add(1, new KeyValuePair<string, object?>("scope", scope), new KeyValuePair<string, object?>("level", level));
}
