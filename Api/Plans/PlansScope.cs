using Tempo.Api.Conventions;
using Tempo.Grains.Interfaces.Plans;
using Tempo.Grains.Interfaces.Teams;

namespace Tempo.Api.Plans;

/// <summary>
/// The token scopes of Plans and Generic Resources (<c>plans</c>) and of Generic Resource Team Members (<c>teams</c>,
/// under <c>/4/teams/{teamId}</c>), and the tenant's grains behind them.
/// </summary>
public static class PlansScope
{
    public const string Scope = "plans";

    public const string TeamsScope = "teams";

    public static IPlansGrain Plans(this TenantGrains grains) => grains.Factory.GetPlansGrain(grains.Tenant);

    public static IGenericResourcesGrain GenericResources(this TenantGrains grains) => grains.Factory.GetGenericResourcesGrain(grains.Tenant);
}
