using Tempo.Api.Conventions;
using Tempo.Grains.Interfaces.Teams;

namespace Tempo.Api.Teams;

/// <summary>
/// The token scopes of the Teams namespaces (roles, teams, team links, memberships) and of Programs, and the tenant's
/// grain that owns all their data. Programs are scope <c>plans</c> but live with teams, which refer to them.
/// </summary>
public static class TeamsScope
{
    public const string Scope = "teams";

    public const string ProgramsScope = "plans";

    public static ITeamsGrain Teams(this TenantGrains grains) => grains.Factory.GetTeamsGrain(grains.Tenant);
}
