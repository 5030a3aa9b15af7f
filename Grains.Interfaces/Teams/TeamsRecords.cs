namespace Tempo.Grains.Interfaces.Teams;

/// <summary>A team role. Exactly one role is the default; it is what memberships without a role get.</summary>
[GenerateSerializer, Immutable, Alias("tempo.Role")]
public sealed record Role([property: Id(0)] int Id, [property: Id(1)] string Name, [property: Id(2)] bool Default);

/// <summary>
/// A Tempo program, which groups teams; a team belongs to at most one program (<see cref="Team.ProgramId"/>).
/// Not called <c>Program</c>, which every host's entry point is.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.Program")]
public sealed record TeamProgram([property: Id(0)] int Id, [property: Id(1)] string Name, [property: Id(2)] string? ManagerAccountId);

/// <summary>A team as stored: its program by id, so a program rename shows through.</summary>
[GenerateSerializer, Immutable, Alias("tempo.Team")]
public sealed record Team(
    [property: Id(0)] int Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Summary,
    [property: Id(3)] string? LeadAccountId,
    [property: Id(4)] bool Administrative,
    [property: Id(5)] bool Public,
    [property: Id(6)] int? ProgramId);

/// <summary>A link between a team and a Jira project.</summary>
[GenerateSerializer, Immutable, Alias("tempo.TeamLink")]
public sealed record TeamLink([property: Id(0)] int Id, [property: Id(1)] int TeamId, [property: Id(2)] long ProjectId);

/// <summary>
/// One person's membership of one team for a span of days. <see cref="From"/> and <see cref="To"/> are both
/// inclusive (the first and the last day); null means open-ended on that side. The wire's exclusive <c>to</c> is
/// <c>To + 1 day</c>, computed at the edge.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.TeamMembership")]
public sealed record TeamMembership(
    [property: Id(0)] int Id,
    [property: Id(1)] int TeamId,
    [property: Id(2)] string AccountId,
    [property: Id(3)] int RoleId,
    [property: Id(4)] int CommitmentPercent,
    [property: Id(5)] DateOnly? From,
    [property: Id(6)] DateOnly? To)
{
    /// <summary>Whether the membership covers any day of <paramref name="from"/>..<paramref name="to"/> (both inclusive, null open).</summary>
    public bool Overlaps(DateOnly? from, DateOnly? to) =>
        (From is not { } start || to is not { } end || start <= end)
        && (To is not { } last || from is not { } first || first <= last);

    public bool IsActiveOn(DateOnly day) => Overlaps(day, day);
}

/// <summary>A team's id and name, as programs and memberships show it.</summary>
[GenerateSerializer, Immutable, Alias("tempo.TeamRef")]
public sealed record TeamRef([property: Id(0)] int Id, [property: Id(1)] string Name);

/// <summary>A program with the teams that belong to it, in id order.</summary>
[GenerateSerializer, Immutable, Alias("tempo.ProgramView")]
public sealed record ProgramView([property: Id(0)] TeamProgram Program, [property: Id(1)] ImmutableArray<TeamRef> Teams);

/// <summary>A membership with its role and team name resolved, as responses show it.</summary>
[GenerateSerializer, Immutable, Alias("tempo.MembershipView")]
public sealed record MembershipView([property: Id(0)] TeamMembership Membership, [property: Id(1)] Role Role, [property: Id(2)] string TeamName);

/// <summary>
/// A team with its program resolved. <see cref="Memberships"/> holds every membership of the team (past, current
/// and future) when the caller asked for them, and is null otherwise.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.TeamView")]
public sealed record TeamView([property: Id(0)] Team Team, [property: Id(1)] TeamProgram? Program, [property: Id(2)] ImmutableArray<MembershipView>? Memberships);

[GenerateSerializer, Immutable, Alias("tempo.TeamLinkView")]
public sealed record TeamLinkView([property: Id(0)] TeamLink Link, [property: Id(1)] TeamView Team);

[GenerateSerializer, Immutable, Alias("tempo.RoleInput")]
public sealed record RoleInput([property: Id(0)] string Name);

/// <summary>A create or full replacement of a program; <see cref="TeamIds"/> are exactly the teams it will have.</summary>
[GenerateSerializer, Immutable, Alias("tempo.ProgramInput")]
public sealed record ProgramInput([property: Id(0)] string Name, [property: Id(1)] string? ManagerAccountId, [property: Id(2)] ImmutableArray<int> TeamIds);

/// <summary>A create or full replacement of a team, already checked for shape at the edge.</summary>
[GenerateSerializer, Immutable, Alias("tempo.TeamInput")]
public sealed record TeamInput(
    [property: Id(0)] string Name,
    [property: Id(1)] string? Summary,
    [property: Id(2)] string? LeadAccountId,
    [property: Id(3)] bool Administrative,
    [property: Id(4)] bool Public,
    [property: Id(5)] int? ProgramId);

[GenerateSerializer, Immutable, Alias("tempo.TeamLinkInput")]
public sealed record TeamLinkInput([property: Id(0)] int TeamId, [property: Id(1)] long ProjectId);

/// <summary>
/// The role, commitment and span of a membership; <see cref="From"/> and <see cref="To"/> inclusive (the edge has
/// already turned an exclusive <c>to</c> into the last day). A null <see cref="RoleId"/> means the default role.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.MembershipTerms")]
public sealed record MembershipTerms(
    [property: Id(0)] int? RoleId,
    [property: Id(1)] int CommitmentPercent,
    [property: Id(2)] DateOnly? From,
    [property: Id(3)] DateOnly? To);

/// <summary>A new membership: who, which team, and its terms.</summary>
[GenerateSerializer, Immutable, Alias("tempo.MembershipInput")]
public sealed record MembershipInput([property: Id(0)] int TeamId, [property: Id(1)] string AccountId, [property: Id(2)] MembershipTerms Terms);

/// <summary>
/// Filters of <c>GET /4/teams</c>; an empty filter matches every team. <see cref="Name"/> matches a part of the
/// name, ignoring case; <see cref="TeamMembers"/> matches teams where one of those people is a member on
/// <see cref="Today"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.TeamSearch")]
public sealed record TeamSearch(
    [property: Id(0)] string? Name,
    [property: Id(1)] ImmutableArray<int> TeamIds,
    [property: Id(2)] ImmutableArray<string> TeamMembers,
    [property: Id(3)] bool IncludeMemberships,
    [property: Id(4)] DateOnly Today);

/// <summary>Filters of <c>POST /4/team-memberships/search</c>; an empty filter matches every membership, at any time.</summary>
[GenerateSerializer, Immutable, Alias("tempo.MembershipSearch")]
public sealed record MembershipSearch(
    [property: Id(0)] ImmutableArray<int> TeamIds,
    [property: Id(1)] ImmutableArray<string> AccountIds,
    [property: Id(2)] ImmutableArray<int> RoleIds);
