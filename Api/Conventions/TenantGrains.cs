using Tempo.Api.Auth;
using Tempo.Api.Gate;
using Tempo.Grains.Interfaces;

namespace Tempo.Api.Conventions;

/// <summary>
/// The grains of the tenant a request belongs to: the token's tenant on <c>/4</c>, the signed-in user's elsewhere.
/// Handlers take this instead of an <see cref="IGrainFactory"/>, and each scope's <c>...Scope</c> class gets its grains
/// from it with the tenant in the key, so a handler cannot reach a grain of another tenant, or of none.
/// </summary>
public sealed class TenantGrains(IGrainFactory factory, TenantId tenant)
{
    public TenantId Tenant => tenant;

    /// <summary>For the scope classes' typed keys only; handlers never use the factory directly.</summary>
    internal IGrainFactory Factory => factory;

    public static ValueTask<TenantGrains?> BindAsync(HttpContext context)
    {
        var tenant = context.Features.Get<AuthenticatedToken>()?.Tenant
            ?? SignedInUser.Of(context)?.Tenant
            ?? throw new InvalidOperationException($"{context.Request.Path} has neither a token nor a signed-in user to take its tenant from.");
        return ValueTask.FromResult<TenantGrains?>(new TenantGrains(context.RequestServices.GetRequiredService<IGrainFactory>(), tenant));
    }
}
