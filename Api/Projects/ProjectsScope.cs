using Tempo.Api.Conventions;
using Tempo.Grains.Interfaces.Projects;

namespace Tempo.Api.Projects;

/// <summary>The token scope of the Cost Tracker namespaces (Projects, Project Attributes) and their tenant's grains.</summary>
public static class ProjectsScope
{
    public const string Scope = "projects";

    /// <summary>The configuration key of the currency a project gets when its creator names none.</summary>
    public const string DefaultCurrencyKey = "Projects:DefaultCurrency";

    public static IProjectIndexGrain ProjectIndex(this TenantGrains g) => g.Factory.Reference<IProjectIndexGrain>(ProjectGrainKeys.Index(g.Tenant));

    public static IProjectGrain Project(this TenantGrains g, Guid id) => g.Factory.Reference<IProjectGrain>(ProjectGrainKeys.Project(g.Tenant, id));

    public static IProjectAttributesGrain ProjectAttributes(this TenantGrains g) => g.Factory.Reference<IProjectAttributesGrain>(ProjectGrainKeys.Attributes(g.Tenant));

    /// <summary><c>Projects:DefaultCurrency</c>, USD when unset; a code that is not ISO 4217 is a configuration error.</summary>
    public static string DefaultCurrency(IConfiguration configuration)
    {
        var code = configuration[DefaultCurrencyKey] ?? "USD";
        return Currencies.IsKnown(code) ? code : throw new InvalidOperationException($"{DefaultCurrencyKey} is '{code}', not an ISO 4217 currency code.");
    }
}
