using System.Text.Json.Serialization;
using Tempo.Api.Conventions;
using Tempo.Grains.Interfaces.Teams;

namespace Tempo.Api.Teams;

/// <summary>
/// The Teams scope's objects and programs as Tempo v4 shows them, with absolute <c>self</c> links. Membership
/// dates leave as Tempo writes them: <c>to</c> exclusive (the day after the last day), <c>inclusiveTo</c> the last
/// day, both left out for an open end.
/// </summary>
public static class TeamsJson
{
    public sealed record RoleJson(string Self, int Id, string Name, bool Default);

    /// <summary>A reference by id and name: Tempo's <c>RoleReference</c>, <c>ProgramReference</c> and <c>TeamRef</c>.</summary>
    public sealed record RefJson(string Self, int Id, string Name);

    /// <summary>A Jira user: Tempo's <c>User</c>, <c>TeamLead</c> and <c>TeamMember</c>.</summary>
    public sealed record UserJson(string Self, string AccountId);

    public sealed record MembershipSummaryJson(
        int Id,
        double Commitment,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? StartDate,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? EndDate,
        RefJson Role);

    public sealed record TeamMemberSummaryJson(string Self, string AccountId, IReadOnlyList<MembershipSummaryJson> Memberships);

    public sealed record TeamMembersJson(
        string Self,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<TeamMemberSummaryJson>? TeamMembers);

    public sealed record TeamJson(
        string Self,
        int Id,
        string Name,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Summary,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] UserJson? Lead,
        bool Administrative,
        bool Public,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RefJson? Program,
        SelfLink Links,
        TeamMembersJson Members,
        SelfLink Permissions);

    public sealed record TeamLinkScopeJson(string Self, long Id, string Type);

    public sealed record TeamLinkJson(string Self, int Id, TeamLinkScopeJson Scope, TeamJson Team);

    public sealed record MembershipJson(
        string Self,
        int Id,
        int CommitmentPercent,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? From,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? To,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? InclusiveTo,
        RefJson Role,
        UserJson Member,
        RefJson Team);

    /// <summary>Tempo's <c>Membership</c> inside <c>/teams/{id}/members</c>: member and team as links only.</summary>
    public sealed record ActiveMembershipJson(
        string Self,
        int Id,
        int CommitmentPercent,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? From,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? To,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? InclusiveTo,
        RefJson Role,
        SelfLink Member,
        SelfLink Team);

    public sealed record ActiveMembershipsJson(string Self, ActiveMembershipJson Active);

    public sealed record MemberMembershipsJson(SelfLink Team, UserJson Member, ActiveMembershipsJson Memberships);

    public sealed record ProgramTeamsJson(string Self, IReadOnlyList<RefJson> Values);

    public sealed record ProgramJson(
        string Self,
        int Id,
        string Name,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] UserJson? Manager,
        ProgramTeamsJson Teams);

    public static RoleJson Role(HttpRequest request, Role role) => new(RoleUrl(request, role.Id), role.Id, role.Name, role.Default);

    public static TeamJson Team(HttpRequest request, TeamView view)
    {
        var team = view.Team;
        var url = TeamUrl(request, team.Id);
        return new TeamJson(
            url,
            team.Id,
            team.Name,
            team.Summary,
            team.LeadAccountId is { } lead ? User(request, lead) : null,
            team.Administrative,
            team.Public,
            view.Program is { } program ? new RefJson(ProgramUrl(request, program.Id), program.Id, program.Name) : null,
            new SelfLink($"{url}/links"),
            new TeamMembersJson($"{url}/members", view.Memberships is { } memberships ? MemberSummaries(request, memberships) : null),
            new SelfLink($"{url}/permissions"));
    }

    public static RefJson TeamRef(HttpRequest request, TeamRef team) => new(TeamUrl(request, team.Id), team.Id, team.Name);

    public static TeamLinkJson Link(HttpRequest request, TeamLinkView view) => new(
        Links.To(request, $"/4/team-links/{view.Link.Id}"),
        view.Link.Id,
        new TeamLinkScopeJson(Links.To(request, $"/4/team-links/project/{view.Link.ProjectId}"), view.Link.ProjectId, "PROJECT"),
        Team(request, view.Team));

    public static MembershipJson Membership(HttpRequest request, MembershipView view)
    {
        var m = view.Membership;
        return new MembershipJson(
            MembershipUrl(request, m.Id),
            m.Id,
            m.CommitmentPercent,
            m.From,
            ExclusiveEnd(m.To),
            m.To,
            RoleRef(request, view.Role),
            User(request, m.AccountId),
            new RefJson(TeamUrl(request, m.TeamId), m.TeamId, view.TeamName));
    }

    public static MemberMembershipsJson MemberMemberships(HttpRequest request, MembershipView view)
    {
        var m = view.Membership;
        var user = User(request, m.AccountId);
        var team = new SelfLink(TeamUrl(request, m.TeamId));
        var active = new ActiveMembershipJson(
            MembershipUrl(request, m.Id), m.Id, m.CommitmentPercent, m.From, ExclusiveEnd(m.To), m.To, RoleRef(request, view.Role), new SelfLink(user.Self), team);
        return new MemberMembershipsJson(team, user, new ActiveMembershipsJson(Links.To(request, $"/4/team-memberships/team/{m.TeamId}"), active));
    }

    public static ProgramJson ProgramOf(HttpRequest request, ProgramView view)
    {
        var program = view.Program;
        var url = ProgramUrl(request, program.Id);
        return new ProgramJson(
            url,
            program.Id,
            program.Name,
            program.ManagerAccountId is { } manager ? User(request, manager) : null,
            new ProgramTeamsJson($"{url}/teams", [.. view.Teams.Select(t => TeamRef(request, t))]));
    }

    /// <summary>The wire's exclusive end: the day after the last day (none for an open end).</summary>
    public static DateOnly? ExclusiveEnd(DateOnly? lastDay) => lastDay?.AddDays(1);

    private static IReadOnlyList<TeamMemberSummaryJson> MemberSummaries(HttpRequest request, ImmutableArray<MembershipView> memberships) =>
        [.. memberships
            .GroupBy(v => v.Membership.AccountId, StringComparer.Ordinal)
            .Select(person => new TeamMemberSummaryJson(
                Links.User(request, person.Key).Self,
                person.Key,
                [.. person
                    .OrderBy(v => v.Membership.From ?? DateOnly.MinValue)
                    .Select(v => new MembershipSummaryJson(
                        v.Membership.Id,
                        v.Membership.CommitmentPercent / 100.0,
                        v.Membership.From,
                        v.Membership.To,
                        RoleRef(request, v.Role)))]))];

    private static RefJson RoleRef(HttpRequest request, Role role) => new(RoleUrl(request, role.Id), role.Id, role.Name);

    private static UserJson User(HttpRequest request, string accountId) => new(Links.User(request, accountId).Self, accountId);

    private static string RoleUrl(HttpRequest request, int id) => Links.To(request, $"/4/roles/{id}");

    private static string TeamUrl(HttpRequest request, int id) => Links.To(request, $"/4/teams/{id}");

    private static string ProgramUrl(HttpRequest request, int id) => Links.To(request, $"/4/programs/{id}");

    private static string MembershipUrl(HttpRequest request, int id) => Links.To(request, $"/4/team-memberships/{id}");
}
