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
    /// <summary>What the benchmark-only gate switch hands to handlers: the default tenant, no real token.</summary>
    internal static AuthenticatedToken Benchmark { get; } = new(new TokenId("benchmark000"), TenantId.Default, "benchmark", false);

    /// <summary>Binds a handler parameter to the request's token; a <c>/4</c> handler only runs once the gate set it.</summary>
    public static ValueTask<AuthenticatedToken?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<AuthenticatedToken?>(context.Features.Get<AuthenticatedToken>()
            ?? throw new InvalidOperationException($"{context.Request.Path} asked for the request's token, but the token gate did not run for it."));
}
