using Tempo.Api.Conventions;
using Tempo.Grains.Interfaces.Worklogs;

namespace Tempo.Api.Worklogs;

/// <summary>The token scope of the Worklogs namespaces, and the tenant's grains that own their data.</summary>
public static class WorklogsScope
{
    public const string Scope = "worklogs";

    public static IWorklogsGrain Worklogs(this TenantGrains grains) => grains.Factory.GetWorklogsGrain(grains.Tenant);

    public static IWorkAttributesGrain WorkAttributes(this TenantGrains grains) => grains.Factory.GetWorkAttributesGrain(grains.Tenant);
}
