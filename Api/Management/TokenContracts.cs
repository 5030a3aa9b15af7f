using System.Text.Json.Serialization;
using Tempo.Grains.Interfaces.Scopes;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Api.Management;

/// <summary>Body of <c>POST /api-integration/tokens</c>. A field it does not have is refused, naming it (Api/Json/StrictJson.cs).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateTokenRequest(string? Name, int? ExpiresInDays, DateTimeOffset? ExpiresAt, AccessRequest? Access, List<string>? AllowedIps = null, RateLimitRequest? RateLimit = null);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RateLimitRequest(int? PerSecond, int? Burst);

/// <summary>A token's usage as shown: the last distinct source addresses (newest first) and the last user agent.</summary>
public sealed record UsageResponse(IReadOnlyList<SourceIpUse> RecentIps, string? LastUserAgent);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AccessRequest(string? Type, Dictionary<string, string>? Scopes);

/// <summary>A token as the management API shows it. <see cref="Token"/> (the secret) is present only right after create or regenerate.</summary>
public sealed record TokenResponse(
    string Id,
    string Name,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? LastUsedAt,
    AccessResponse Access,
    bool CreatedByAdmin,
    IReadOnlyList<string> AllowedIps,
    TokenRateLimit? RateLimit,
    UsageResponse Usage,
    bool ExpiresSoon,
    IReadOnlyList<string> ExpiryRemindersSent,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Token = null)
{
    public static TokenResponse From(TokenInfo token, DateTimeOffset now, ScopeCatalogue catalogue, string? secret = null) => new(
        token.Id.Value,
        token.Name,
        token.IsExpiredAt(now) ? "EXPIRED" : "ACTIVE",
        token.CreatedAt,
        token.ExpiresAt,
        token.LastUsedAt,
        AccessResponse.From(token.Access, catalogue),
        token.CreatedByAdmin,
        token.AllowedIps.IsDefault ? [] : token.AllowedIps,
        token.RateLimit,
        new UsageResponse(token.Usage.RecentIps.IsDefault ? [] : token.Usage.RecentIps, token.Usage.LastUserAgent),
        !token.IsExpiredAt(now) && token.ExpiresAt - now <= Tempo.Api.Gate.TokenPolicyMiddleware.WarnWithin,
        token.ExpiryWarningsSent.IsDefault ? [] : token.ExpiryWarningsSent,
        secret);
}

public sealed record AccessResponse(string Type, IReadOnlyDictionary<string, string> Scopes)
{
    /// <summary>Scopes in the catalogue's order, then any the catalogue no longer knows, by key.</summary>
    public static AccessResponse From(TokenAccess access, ScopeCatalogue catalogue)
    {
        var ordered = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var scope in catalogue.Scopes)
        {
            if (access.Scopes.TryGetValue(scope.Key, out var level))
            {
                ordered.Add(scope.Key, level.ToWire());
            }
        }

        foreach (var (key, level) in access.Scopes.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            ordered.TryAdd(key, level.ToWire());
        }

        return new AccessResponse(access.Type == AccessType.Full ? "FULL" : "CUSTOM", ordered);
    }
}

/// <summary>The signed-in user as <c>GET /api-integration/me</c> shows them.</summary>
public sealed record MeResponse(string AccountId, string Tenant, bool Admin);

public sealed record TokenListResponse(IReadOnlyList<TokenResponse> Results);

public sealed record ScopeResponse(string Key, string Name, IReadOnlyList<string> Namespaces, IReadOnlyList<string> Levels)
{
    public static ScopeResponse From(ScopeDefinition scope) =>
        new(scope.Key, scope.Name, scope.Namespaces, [.. scope.Levels.Select(l => l.ToWire())]);
}
