using Orleans.Concurrency;
using Tempo.Grains.Interfaces.Accounts;
using Tempo.Grains.Interfaces.Paging;

namespace Tempo.Grains.Interfaces.Teams;

/// <summary>
/// The reference data of the Teams scope and of programs for one tenant: roles, programs, teams, team links
/// and team memberships, keyed by tenant (<see cref="TeamsGrainKeys.For"/>). One activation owns all five because their
/// rules span them, so every rule holds atomically with one write:
/// <list type="bullet">
/// <item>There is always exactly one default role; a fresh organisation has one, "Member" (id 1). It can't be
/// deleted. Role names are unique, ignoring case.</item>
/// <item>Deleting any other role moves its memberships to the default role (in the same write); it is never
/// refused for being in use.</item>
/// <item>A team's program must exist; a program's teams are the teams that name it. Deleting a program that has
/// teams is refused.</item>
/// <item>Deleting a team deletes its memberships and its links.</item>
/// <item>A membership's role must exist (none given: the default role). One person's memberships of one team
/// never overlap in time. Membership dates are stored inclusive (first and last day).</item>
/// </list>
/// Team and program names are unique, ignoring case. Ids are numeric, never reused. Every command is durable in
/// storage before it returns; reads never write.
/// </summary>
[Alias("tempo.ITeamsGrain")]
public interface ITeamsGrain : IGrainWithStringKey
{
    // Roles
    [ReadOnly, Alias("ListRoles")] Task<ImmutableArray<Role>> ListRolesAsync();
    [ReadOnly, Alias("GetRole")] Task<Role?> GetRoleAsync(int id);
    [ReadOnly, Alias("GetDefaultRole")] Task<Role> GetDefaultRoleAsync();
    [Alias("CreateRole")] Task<GrainResult<Role>> CreateRoleAsync(RoleInput input);
    [Alias("UpdateRole")] Task<GrainResult<Role>> UpdateRoleAsync(int id, RoleInput input);
    /// <summary>Deletes a role other than the default; its memberships move to the default role.</summary>
    [Alias("DeleteRole")] Task<GrainResult<bool>> DeleteRoleAsync(int id);

    // Programs
    [ReadOnly, Alias("ListPrograms")] Task<ImmutableArray<ProgramView>> ListProgramsAsync();
    [ReadOnly, Alias("GetProgram")] Task<ProgramView?> GetProgramAsync(int id);
    /// <summary>Creates a program and moves the teams of <see cref="ProgramInput.TeamIds"/> into it.</summary>
    [Alias("CreateProgram")] Task<GrainResult<ProgramView>> CreateProgramAsync(ProgramInput input);
    /// <summary>Replaces a program: afterwards its teams are exactly <see cref="ProgramInput.TeamIds"/>; teams left out leave it.</summary>
    [Alias("UpdateProgram")] Task<GrainResult<ProgramView>> UpdateProgramAsync(int id, ProgramInput input);
    /// <summary>Deletes a program that no team belongs to.</summary>
    [Alias("DeleteProgram")] Task<GrainResult<bool>> DeleteProgramAsync(int id);

    // Teams
    [ReadOnly, Alias("SearchTeams")] Task<Page<TeamView>> SearchTeamsAsync(TeamSearch search, PageRequest page);
    [ReadOnly, Alias("GetTeam")] Task<TeamView?> GetTeamAsync(int id);
    [ReadOnly, Alias("TeamLinks")] Task<GrainResult<Page<TeamLinkView>>> GetTeamLinksAsync(int teamId, PageRequest page);
    /// <summary>The team's memberships active on <paramref name="day"/>: at most one a person.</summary>
    [ReadOnly, Alias("ActiveMemberships")] Task<GrainResult<Page<MembershipView>>> GetActiveMembershipsAsync(int teamId, DateOnly day, PageRequest page);

    /// <summary>
    /// Who was a member of the team on any day of <paramref name="from"/>..<paramref name="to"/> (both inclusive):
    /// the distinct account ids, in ordinal order, whatever their role or commitment. Answered from an in-memory
    /// index of the team's memberships, so it costs one grain call and a walk over that one team's memberships.
    /// NotFound for an unknown team. Meant for <c>GET /4/worklogs/team/{teamId}</c>.
    /// </summary>
    [ReadOnly, Alias("MemberAccountIds")] Task<GrainResult<ImmutableArray<string>>> GetMemberAccountIdsAsync(int teamId, DateOnly from, DateOnly to);

    [Alias("CreateTeam")] Task<GrainResult<TeamView>> CreateTeamAsync(TeamInput input);
    [Alias("UpdateTeam")] Task<GrainResult<TeamView>> UpdateTeamAsync(int id, TeamInput input);
    /// <summary>Deletes the team with its memberships and links.</summary>
    [Alias("DeleteTeam")] Task<GrainResult<bool>> DeleteTeamAsync(int id);

    // Team links
    [ReadOnly, Alias("GetTeamLink")] Task<TeamLinkView?> GetTeamLinkAsync(int id);
    [ReadOnly, Alias("ProjectTeamLinks")] Task<ImmutableArray<TeamLinkView>> GetProjectTeamLinksAsync(long projectId);
    [Alias("CreateTeamLink")] Task<GrainResult<TeamLinkView>> CreateTeamLinkAsync(TeamLinkInput input);
    [Alias("DeleteTeamLink")] Task<GrainResult<bool>> DeleteTeamLinkAsync(int id);

    // Memberships
    [ReadOnly, Alias("GetMembership")] Task<MembershipView?> GetMembershipAsync(int id);
    /// <summary>Every membership of the team, past, current and future.</summary>
    [ReadOnly, Alias("TeamMemberships")] Task<GrainResult<ImmutableArray<MembershipView>>> GetTeamMembershipsAsync(int teamId);
    /// <summary>Memberships at any time (past, current and future) matching the filters, in id order.</summary>
    [ReadOnly, Alias("SearchMemberships")] Task<Page<MembershipView>> SearchMembershipsAsync(MembershipSearch search, PageRequest page);
    [Alias("CreateMembership")] Task<GrainResult<MembershipView>> CreateMembershipAsync(MembershipInput input);
    /// <summary>Replaces role, commitment and span; person and team stay.</summary>
    [Alias("UpdateMembership")] Task<GrainResult<MembershipView>> UpdateMembershipAsync(int id, MembershipTerms terms);
    [Alias("DeleteMembership")] Task<GrainResult<bool>> DeleteMembershipAsync(int id);
}

public static class TeamsGrainKeys
{
    public const string Kind = "teams";

    /// <summary>The tenant's one <see cref="ITeamsGrain"/>: <c>teams_&lt;tenant&gt;</c>.</summary>
    public static string For(TenantId tenant) => tenant.Key(Kind);

    public static ITeamsGrain GetTeamsGrain(this IGrainFactory grains, TenantId tenant) => grains.Reference<ITeamsGrain>(For(tenant));
}
