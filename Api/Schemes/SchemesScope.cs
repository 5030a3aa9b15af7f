using Tempo.Api.Conventions;
using Tempo.Grains.Interfaces.Schemes;

namespace Tempo.Api.Schemes;

/// <summary>The token scope of the Schemes namespaces, and the tenant's grains that own their data.</summary>
public static class SchemesScope
{
    public const string Scope = "schemes";

    public static ISchemesGrain Schemes(this TenantGrains g) => g.Factory.Reference<ISchemesGrain>(SchemesGrainKeys.For(g.Tenant));

    public static IUserScheduleGrain UserSchedule(this TenantGrains g, string accountId) =>
        g.Factory.Reference<IUserScheduleGrain>(SchemesGrainKeys.User(g.Tenant, accountId));
}
