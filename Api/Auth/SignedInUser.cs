using System.Security.Claims;
using Tempo.Grains.Interfaces;

namespace Tempo.Api.Auth;

/// <summary>
/// The signed-in user of a management or settings request, read from the JWT once by the authentication handler:
/// the account id (<c>sub</c>), the tenant (the claim <c>Authentication:TenantClaim</c>) and whether the user is an
/// administrator of that tenant (<c>Authentication:AdminRoleClaim</c> holds <c>Authentication:AdminRole</c>).
/// </summary>
public sealed record SignedInUser(string AccountId, TenantId Tenant, bool Admin)
{
    /// <summary>Binds a handler parameter to the request's user; only on routes behind <see cref="ManagementAuthorization.SignedInUser"/>.</summary>
    public static ValueTask<SignedInUser?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<SignedInUser?>(Of(context)
            ?? throw new InvalidOperationException($"{context.Request.Path} asked for the signed-in user, but the request has none."));

    /// <summary>The request's signed-in user, or null when it has none.</summary>
    public static SignedInUser? Of(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true ? From(context.User, context.RequestServices.GetRequiredService<SignedInClaims>()) : null;

    /// <summary>The user the claims describe, or null when the account id or tenant is missing or not valid.</summary>
    public static SignedInUser? From(ClaimsPrincipal principal, SignedInClaims claims)
    {
        var accountId = principal.FindFirstValue(ManagementAuthorization.SubjectClaim);
        if (!Grains.Interfaces.Tokens.AccountId.IsValid(accountId) || !TenantId.TryParse(principal.FindFirstValue(claims.TenantClaim), out var tenant))
        {
            return null;
        }

        var admin = principal.FindAll(claims.AdminRoleClaim).Any(c => HoldsRole(c.Value, claims.AdminRole));
        return new SignedInUser(accountId!, tenant, admin);
    }

    /// <summary>A role claim is one value, or (as some providers send it) a space-separated list.</summary>
    private static bool HoldsRole(string value, string role) =>
        value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(role, StringComparer.Ordinal);
}

/// <summary>The names of the claims that carry a user's tenant and roles, and the role of a tenant administrator.</summary>
public sealed record SignedInClaims(string TenantClaim, string AdminRoleClaim, string AdminRole)
{
    public static SignedInClaims Defaults { get; } = new("tenant", "roles", "tempo-admin");
}
