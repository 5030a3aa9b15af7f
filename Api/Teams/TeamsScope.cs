using Tempo.Grains.Interfaces.Teams;

namespace Tempo.Api.Teams;

/// <summary>
/// The token scopes of the Teams namespaces (roles, teams, team links, memberships) and of Programs, and the grain
/// that owns all their data. Programs are scope <c>plans</c> but live with teams, which refer to them.
/// </summary>
public static class TeamsScope
{
    public const string Scope = "teams";

    public const string ProgramsScope = "plans";

    public static ITeamsGrain Teams(this IGrainFactory grains) => grains.GetGrain<ITeamsGrain>(TeamsGrainKeys.Default);

    /// <summary>Path ids are strings in the contract; anything but a number names nothing (a 404).</summary>
    public static bool TryId(string text, out int id) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out id);
}
