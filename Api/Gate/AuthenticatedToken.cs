using Tempo.Grains.Interfaces;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Api.Gate;

/// <summary>
/// The token a <c>/4</c> request was allowed with, as the token's grain described it: its tenant, its owner, and
/// whether the owner was a tenant administrator when the token was created. Set by the gate as an HTTP feature;
/// handlers take it as a parameter. Nothing in it comes from what the caller sent.
/// </summary>
public sealed record AuthenticatedToken(TokenId Id, TenantId Tenant, string OwnerAccountId, bool CreatedByAdmin)
{
    /// <summary>When the token expires (the <c>Tempo-Token-Expires-At</c> warning header); MaxValue when unknown.</summary>
    public DateTimeOffset ExpiresAt { get; init; } = DateTimeOffset.MaxValue;

    /// <summary>The token's IP allowlist; empty means any address (TokenPolicyMiddleware).</summary>
    public System.Net.IPNetwork[] AllowedNetworks { get; init; } = [];

    /// <summary>The token's own rate limit; null means the tenant default (TokenPolicyMiddleware).</summary>
    public TokenRateLimit? RateLimit { get; init; }

    /// <summary>The token as the grain's allowed answer describes it; the tenant and owner never come from the request.</summary>
    public static AuthenticatedToken From(TokenId id, AuthorizeAnswer answer) =>
        new(id, answer.Owner!.Tenant, answer.Owner.AccountId, answer.CreatedByAdmin)
        {
            ExpiresAt = answer.ExpiresAt == default ? DateTimeOffset.MaxValue : answer.ExpiresAt,
            AllowedNetworks = answer.AllowedNetworks,
            RateLimit = answer.RateLimit,
        };

    /// <summary>The token as its cached gate entry describes it (built once per entry, so the allowlist is parsed once).</summary>
    public static AuthenticatedToken From(TokenId id, TokenGateEntry entry) =>
        new(id, entry.Owner.Tenant, entry.Owner.AccountId, entry.CreatedByAdmin)
        {
            ExpiresAt = entry.ExpiresAt,
            AllowedNetworks = [.. entry.AllowedIps.Select(ip => System.Net.IPNetwork.Parse(ip))],
            RateLimit = entry.RateLimit,
        };

    /// <summary>What the benchmark-only gate switch hands to handlers: the default tenant, no real token.</summary>
    internal static AuthenticatedToken Benchmark { get; } = new(new TokenId("benchmark000"), TenantId.Default, "benchmark", false);

    /// <summary>Binds a handler parameter to the request's token; a <c>/4</c> handler only runs once the gate set it.</summary>
    public static ValueTask<AuthenticatedToken?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<AuthenticatedToken?>(context.Features.Get<AuthenticatedToken>()
            ?? throw new InvalidOperationException($"{context.Request.Path} asked for the request's token, but the token gate did not run for it."));
}
