using System.Globalization;
using Tempo.Grains.Interfaces.Accounts;
using Tempo.Grains.Interfaces.Paging;
using Tempo.Grains.Interfaces.Teams;

namespace Tempo.Grains.Teams;

[GrainType("teams")]
public sealed class TeamsGrain(
    [PersistentState("teamsScope", StorageNames.Default)] IPersistentState<TeamsState> state) : Grain, ITeamsGrain
{
    private TeamsState? _indexed;
    private ImmutableDictionary<int, ImmutableArray<TeamMembership>> _membershipsByTeam = ImmutableDictionary<int, ImmutableArray<TeamMembership>>.Empty;

    private TeamsState S => state.State;

    // ---- Roles -----------------------------------------------------------------------------------------------

    public Task<ImmutableArray<Role>> ListRolesAsync() => Task.FromResult<ImmutableArray<Role>>([.. S.Roles.Values]);

    public Task<Role?> GetRoleAsync(int id) => Task.FromResult(S.Roles.GetValueOrDefault(id));

    public Task<Role> GetDefaultRoleAsync() => Task.FromResult(DefaultRole);

    public async Task<GrainResult<Role>> CreateRoleAsync(RoleInput input)
    {
        if (S.Roles.Values.Any(r => SameName(r.Name, input.Name)))
        {
            return GrainResult<Role>.Invalid($"Role with name '{input.Name}' already exists");
        }

        var role = new Role(S.LastRoleId + 1, input.Name, Default: false);
        await CommitAsync(S with { Roles = S.Roles.Add(role.Id, role), LastRoleId = role.Id });
        return GrainResult<Role>.Ok(role);
    }

    public async Task<GrainResult<Role>> UpdateRoleAsync(int id, RoleInput input)
    {
        if (!S.Roles.TryGetValue(id, out var existing))
        {
            return GrainResult<Role>.NotFound($"Role '{id}' not found");
        }

        if (S.Roles.Values.Any(r => r.Id != id && SameName(r.Name, input.Name)))
        {
            return GrainResult<Role>.Invalid($"Role with name '{input.Name}' already exists");
        }

        var updated = existing with { Name = input.Name };
        await CommitAsync(S with { Roles = S.Roles.SetItem(id, updated) });
        return GrainResult<Role>.Ok(updated);
    }

    public async Task<GrainResult<bool>> DeleteRoleAsync(int id)
    {
        if (!S.Roles.TryGetValue(id, out var role))
        {
            return GrainResult<bool>.NotFound($"Role '{id}' not found");
        }

        if (role.Default)
        {
            return GrainResult<bool>.Invalid($"Role '{id}' is the default role and can't be deleted");
        }

        var fallback = DefaultRole.Id;
        var moved = S.Memberships.Values.Where(m => m.RoleId == id).Select(m => KeyValuePair.Create(m.Id, m with { RoleId = fallback }));
        await CommitAsync(S with { Roles = S.Roles.Remove(id), Memberships = S.Memberships.SetItems(moved) });
        return GrainResult.Done;
    }

    // ---- Programs --------------------------------------------------------------------------------------------

    public Task<ImmutableArray<ProgramView>> ListProgramsAsync() =>
        Task.FromResult<ImmutableArray<ProgramView>>([.. S.Programs.Values.Select(ProgramView)]);

    public Task<ProgramView?> GetProgramAsync(int id) =>
        Task.FromResult(S.Programs.TryGetValue(id, out var program) ? ProgramView(program) : null);

    public async Task<GrainResult<ProgramView>> CreateProgramAsync(ProgramInput input)
    {
        if (S.Programs.Values.Any(p => SameName(p.Name, input.Name)))
        {
            return GrainResult<ProgramView>.Invalid($"Program with name '{input.Name}' already exists");
        }

        if (MissingTeam(input.TeamIds) is { } missing)
        {
            return GrainResult<ProgramView>.NotFound($"Team '{missing}' not found");
        }

        var program = new TeamProgram(S.LastProgramId + 1, input.Name, input.ManagerAccountId);
        var next = S with
        {
            Programs = S.Programs.Add(program.Id, program),
            LastProgramId = program.Id,
            Teams = WithProgramTeams(S.Teams, program.Id, input.TeamIds),
        };
        await CommitAsync(next);
        return GrainResult<ProgramView>.Ok(ProgramView(program));
    }

    public async Task<GrainResult<ProgramView>> UpdateProgramAsync(int id, ProgramInput input)
    {
        if (!S.Programs.TryGetValue(id, out var existing))
        {
            return GrainResult<ProgramView>.NotFound($"Program '{id}' not found");
        }

        if (S.Programs.Values.Any(p => p.Id != id && SameName(p.Name, input.Name)))
        {
            return GrainResult<ProgramView>.Invalid($"Program with name '{input.Name}' already exists");
        }

        if (MissingTeam(input.TeamIds) is { } missing)
        {
            return GrainResult<ProgramView>.NotFound($"Team '{missing}' not found");
        }

        var updated = existing with { Name = input.Name, ManagerAccountId = input.ManagerAccountId };
        await CommitAsync(S with { Programs = S.Programs.SetItem(id, updated), Teams = WithProgramTeams(S.Teams, id, input.TeamIds) });
        return GrainResult<ProgramView>.Ok(ProgramView(updated));
    }

    public async Task<GrainResult<bool>> DeleteProgramAsync(int id)
    {
        if (!S.Programs.ContainsKey(id))
        {
            return GrainResult<bool>.NotFound($"Program '{id}' not found");
        }

        var teams = S.Teams.Values.Where(t => t.ProgramId == id).Select(t => t.Name).ToArray();
        if (teams.Length > 0)
        {
            return GrainResult<bool>.Invalid($"Program '{id}' can't be deleted: teams {Quote(teams)} belong to it");
        }

        await CommitAsync(S with { Programs = S.Programs.Remove(id) });
        return GrainResult.Done;
    }

    // ---- Teams -----------------------------------------------------------------------------------------------

    public Task<Page<TeamView>> SearchTeamsAsync(TeamSearch search, PageRequest page)
    {
        var withMembers = search.TeamMembers.IsDefaultOrEmpty
            ? null
            : S.Memberships.Values.Where(m => search.TeamMembers.Contains(m.AccountId) && m.IsActiveOn(search.Today)).Select(m => m.TeamId).ToHashSet();
        var name = string.IsNullOrWhiteSpace(search.Name) ? null : search.Name.Trim();
        var teams = page.Of(S.Teams.Values.Where(t =>
            (search.TeamIds.IsDefaultOrEmpty || search.TeamIds.Contains(t.Id))
            && (name is null || t.Name.Contains(name, StringComparison.OrdinalIgnoreCase))
            && (withMembers is null || withMembers.Contains(t.Id))));
        return Task.FromResult(new Page<TeamView>([.. teams.Items.Select(t => TeamView(t, search.IncludeMemberships))], teams.HasMore));
    }

    public Task<TeamView?> GetTeamAsync(int id) =>
        Task.FromResult(S.Teams.TryGetValue(id, out var team) ? TeamView(team, includeMemberships: false) : null);

    public Task<GrainResult<Page<TeamLinkView>>> GetTeamLinksAsync(int teamId, PageRequest page) =>
        Task.FromResult(S.Teams.ContainsKey(teamId)
            ? GrainResult<Page<TeamLinkView>>.Ok(page.Of(S.Links.Values.Where(l => l.TeamId == teamId).Select(LinkView)))
            : GrainResult<Page<TeamLinkView>>.NotFound(TeamNotFound(teamId)));

    public Task<GrainResult<Page<MembershipView>>> GetActiveMembershipsAsync(int teamId, DateOnly day, PageRequest page) =>
        Task.FromResult(S.Teams.ContainsKey(teamId)
            ? GrainResult<Page<MembershipView>>.Ok(page.Of(MembershipsOf(teamId).Where(m => m.IsActiveOn(day)).Select(MembershipView)))
            : GrainResult<Page<MembershipView>>.NotFound(TeamNotFound(teamId)));

    public Task<GrainResult<ImmutableArray<string>>> GetMemberAccountIdsAsync(int teamId, DateOnly from, DateOnly to) =>
        Task.FromResult(S.Teams.ContainsKey(teamId)
            ? GrainResult<ImmutableArray<string>>.Ok([.. MembershipsOf(teamId)
                .Where(m => m.Overlaps(from, to))
                .Select(m => m.AccountId)
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)])
            : GrainResult<ImmutableArray<string>>.NotFound(TeamNotFound(teamId)));

    public async Task<GrainResult<TeamView>> CreateTeamAsync(TeamInput input)
    {
        if (CheckTeam(input, id: null) is { } refused)
        {
            return refused;
        }

        var team = ToTeam(S.LastTeamId + 1, input);
        await CommitAsync(S with { Teams = S.Teams.Add(team.Id, team), LastTeamId = team.Id });
        return GrainResult<TeamView>.Ok(TeamView(team, includeMemberships: false));
    }

    public async Task<GrainResult<TeamView>> UpdateTeamAsync(int id, TeamInput input)
    {
        if (!S.Teams.ContainsKey(id))
        {
            return GrainResult<TeamView>.NotFound(TeamNotFound(id));
        }

        if (CheckTeam(input, id) is { } refused)
        {
            return refused;
        }

        var team = ToTeam(id, input);
        await CommitAsync(S with { Teams = S.Teams.SetItem(id, team) });
        return GrainResult<TeamView>.Ok(TeamView(team, includeMemberships: false));
    }

    public async Task<GrainResult<bool>> DeleteTeamAsync(int id)
    {
        if (!S.Teams.ContainsKey(id))
        {
            return GrainResult<bool>.NotFound(TeamNotFound(id));
        }

        var memberships = MembershipsOf(id).Select(m => m.Id);
        var links = S.Links.Values.Where(l => l.TeamId == id).Select(l => l.Id);
        await CommitAsync(S with
        {
            Teams = S.Teams.Remove(id),
            Memberships = S.Memberships.RemoveRange(memberships),
            Links = S.Links.RemoveRange(links),
        });
        return GrainResult.Done;
    }

    // ---- Team links ------------------------------------------------------------------------------------------

    public Task<TeamLinkView?> GetTeamLinkAsync(int id) =>
        Task.FromResult(S.Links.TryGetValue(id, out var link) ? LinkView(link) : null);

    public Task<ImmutableArray<TeamLinkView>> GetProjectTeamLinksAsync(long projectId) =>
        Task.FromResult<ImmutableArray<TeamLinkView>>([.. S.Links.Values.Where(l => l.ProjectId == projectId).Select(LinkView)]);

    public async Task<GrainResult<TeamLinkView>> CreateTeamLinkAsync(TeamLinkInput input)
    {
        if (!S.Teams.TryGetValue(input.TeamId, out var team))
        {
            return GrainResult<TeamLinkView>.NotFound(TeamNotFound(input.TeamId));
        }

        if (S.Links.Values.Any(l => l.TeamId == team.Id && l.ProjectId == input.ProjectId))
        {
            return GrainResult<TeamLinkView>.Invalid($"Team '{team.Name}' is already linked to project {input.ProjectId}");
        }

        var link = new TeamLink(S.LastLinkId + 1, team.Id, input.ProjectId);
        await CommitAsync(S with { Links = S.Links.Add(link.Id, link), LastLinkId = link.Id });
        return GrainResult<TeamLinkView>.Ok(LinkView(link));
    }

    public async Task<GrainResult<bool>> DeleteTeamLinkAsync(int id)
    {
        if (!S.Links.ContainsKey(id))
        {
            return GrainResult<bool>.NotFound($"Team link '{id}' not found");
        }

        await CommitAsync(S with { Links = S.Links.Remove(id) });
        return GrainResult.Done;
    }

    // ---- Memberships -----------------------------------------------------------------------------------------

    public Task<MembershipView?> GetMembershipAsync(int id) =>
        Task.FromResult(S.Memberships.TryGetValue(id, out var membership) ? MembershipView(membership) : null);

    public Task<GrainResult<ImmutableArray<MembershipView>>> GetTeamMembershipsAsync(int teamId) =>
        Task.FromResult(S.Teams.ContainsKey(teamId)
            ? GrainResult<ImmutableArray<MembershipView>>.Ok([.. MembershipsOf(teamId).Select(MembershipView)])
            : GrainResult<ImmutableArray<MembershipView>>.NotFound(TeamNotFound(teamId)));

    public Task<Page<MembershipView>> SearchMembershipsAsync(MembershipSearch search, PageRequest page) =>
        Task.FromResult(page.Of(S.Memberships.Values.Where(m =>
            (search.TeamIds.IsDefaultOrEmpty || search.TeamIds.Contains(m.TeamId))
            && (search.AccountIds.IsDefaultOrEmpty || search.AccountIds.Contains(m.AccountId))
            && (search.RoleIds.IsDefaultOrEmpty || search.RoleIds.Contains(m.RoleId))).Select(MembershipView)));

    public async Task<GrainResult<MembershipView>> CreateMembershipAsync(MembershipInput input)
    {
        if (!S.Teams.ContainsKey(input.TeamId))
        {
            return GrainResult<MembershipView>.NotFound(TeamNotFound(input.TeamId));
        }

        var candidate = new TeamMembership(S.LastMembershipId + 1, input.TeamId, input.AccountId, 0, 0, null, null);
        var checkedTerms = Apply(candidate, input.Terms);
        if (checkedTerms.Status != ResultStatus.Ok)
        {
            return checkedTerms.As<MembershipView>();
        }

        var membership = checkedTerms.Value!;
        await CommitAsync(S with { Memberships = S.Memberships.Add(membership.Id, membership), LastMembershipId = membership.Id });
        return GrainResult<MembershipView>.Ok(MembershipView(membership));
    }

    public async Task<GrainResult<MembershipView>> UpdateMembershipAsync(int id, MembershipTerms terms)
    {
        if (!S.Memberships.TryGetValue(id, out var existing))
        {
            return GrainResult<MembershipView>.NotFound($"Membership '{id}' not found");
        }

        var checkedTerms = Apply(existing, terms);
        if (checkedTerms.Status != ResultStatus.Ok)
        {
            return checkedTerms.As<MembershipView>();
        }

        var membership = checkedTerms.Value!;
        await CommitAsync(S with { Memberships = S.Memberships.SetItem(id, membership) });
        return GrainResult<MembershipView>.Ok(MembershipView(membership));
    }

    public async Task<GrainResult<bool>> DeleteMembershipAsync(int id)
    {
        if (!S.Memberships.ContainsKey(id))
        {
            return GrainResult<bool>.NotFound($"Membership '{id}' not found");
        }

        await CommitAsync(S with { Memberships = S.Memberships.Remove(id) });
        return GrainResult.Done;
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private Role DefaultRole => S.Roles.Values.Single(r => r.Default);

    /// <summary>The membership with these terms, if the role exists and the span is sound and overlaps no other of that person in that team.</summary>
    private GrainResult<TeamMembership> Apply(TeamMembership membership, MembershipTerms terms)
    {
        var roleId = terms.RoleId ?? DefaultRole.Id;
        if (!S.Roles.ContainsKey(roleId))
        {
            return GrainResult<TeamMembership>.NotFound($"Role '{roleId}' not found");
        }

        if (terms.From is { } from && terms.To is { } to && to < from)
        {
            return GrainResult<TeamMembership>.Invalid($"The membership ends ({Day(to)}) before it starts ({Day(from)})");
        }

        var clash = MembershipsOf(membership.TeamId)
            .FirstOrDefault(m => m.Id != membership.Id && m.AccountId == membership.AccountId && m.Overlaps(terms.From, terms.To));
        if (clash is not null)
        {
            return GrainResult<TeamMembership>.Invalid(
                $"'{membership.AccountId}' is already a member of team '{S.Teams[membership.TeamId].Name}' {Span(clash)} (membership {clash.Id}); "
                + "one person's memberships of one team must not overlap");
        }

        return GrainResult<TeamMembership>.Ok(membership with
        {
            RoleId = roleId,
            CommitmentPercent = terms.CommitmentPercent,
            From = terms.From,
            To = terms.To,
        });
    }

    private GrainResult<TeamView>? CheckTeam(TeamInput input, int? id)
    {
        if (S.Teams.Values.Any(t => t.Id != id && SameName(t.Name, input.Name)))
        {
            return GrainResult<TeamView>.Invalid($"Team with name '{input.Name}' already exists");
        }

        if (input.ProgramId is { } programId && !S.Programs.ContainsKey(programId))
        {
            return GrainResult<TeamView>.NotFound($"Program '{programId}' not found");
        }

        return null;
    }

    private static Team ToTeam(int id, TeamInput input) =>
        new(id, input.Name, input.Summary, input.LeadAccountId, input.Administrative, input.Public, input.ProgramId);

    private int? MissingTeam(ImmutableArray<int> teamIds) =>
        teamIds.IsDefaultOrEmpty ? null : teamIds.Where(t => !S.Teams.ContainsKey(t)).Select(t => (int?)t).FirstOrDefault();

    /// <summary>The teams after program <paramref name="programId"/> has exactly <paramref name="teamIds"/>.</summary>
    private static ImmutableSortedDictionary<int, Team> WithProgramTeams(ImmutableSortedDictionary<int, Team> teams, int programId, ImmutableArray<int> teamIds)
    {
        var wanted = teamIds.IsDefault ? [] : teamIds.ToHashSet();
        return teams.SetItems(teams.Values
            .Where(t => wanted.Contains(t.Id) != (t.ProgramId == programId))
            .Select(t => KeyValuePair.Create(t.Id, t with { ProgramId = wanted.Contains(t.Id) ? programId : null })));
    }

    /// <summary>The team's memberships in id order, from an index rebuilt whenever the state instance changes.</summary>
    private ImmutableArray<TeamMembership> MembershipsOf(int teamId)
    {
        if (!ReferenceEquals(_indexed, S))
        {
            _membershipsByTeam = S.Memberships.Values.GroupBy(m => m.TeamId).ToImmutableDictionary(g => g.Key, g => g.ToImmutableArray());
            _indexed = S;
        }

        return _membershipsByTeam.GetValueOrDefault(teamId, []);
    }

    private ProgramView ProgramView(TeamProgram program) =>
        new(program, [.. S.Teams.Values.Where(t => t.ProgramId == program.Id).Select(t => new TeamRef(t.Id, t.Name))]);

    private TeamView TeamView(Team team, bool includeMemberships) => new(
        team,
        team.ProgramId is { } programId ? S.Programs.GetValueOrDefault(programId) : null,
        includeMemberships ? [.. MembershipsOf(team.Id).Select(MembershipView)] : null);

    private TeamLinkView LinkView(TeamLink link) => new(link, TeamView(S.Teams[link.TeamId], includeMemberships: false));

    private MembershipView MembershipView(TeamMembership membership) =>
        new(membership, S.Roles[membership.RoleId], S.Teams[membership.TeamId].Name);

    private static string TeamNotFound(int id) => $"Team '{id}' not found";

    private static bool SameName(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    private static string Quote(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Span(TeamMembership m) => (m.From, m.To) switch
    {
        ({ } from, { } to) => $"from {Day(from)} through {Day(to)}",
        ({ } from, null) => $"from {Day(from)} on",
        (null, { } to) => $"through {Day(to)}",
        _ => "with no start or end",
    };

    /// <summary>Writes the next state; on failure the grain keeps the previous state and reloads on next activation.</summary>
    private Task CommitAsync(TeamsState next) => state.CommitAsync(next, DeactivateOnIdle);
}
