using Tempo.Grains.Interfaces.Teams;

namespace Tempo.Grains.Teams;

/// <summary>
/// Everything of the Teams scope and of programs, by id. Immutable: a command builds the next state and swaps it in
/// once it is written. Counters only grow, so ids are never reused. A fresh state (nothing stored yet) already
/// holds the default role <see cref="Member"/>, so reads see it without a write and the first command stores it.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.TeamsState")]
public sealed record TeamsState
{
    /// <summary>The default role of a fresh organisation, as Tempo ships it.</summary>
    public static readonly Role Member = new(1, "Member", Default: true);

    [Id(0)] public ImmutableSortedDictionary<int, Role> Roles { get; init; } = ImmutableSortedDictionary<int, Role>.Empty.Add(Member.Id, Member);
    [Id(1)] public ImmutableSortedDictionary<int, TeamProgram> Programs { get; init; } = ImmutableSortedDictionary<int, TeamProgram>.Empty;
    [Id(2)] public ImmutableSortedDictionary<int, Team> Teams { get; init; } = ImmutableSortedDictionary<int, Team>.Empty;
    [Id(3)] public ImmutableSortedDictionary<int, TeamLink> Links { get; init; } = ImmutableSortedDictionary<int, TeamLink>.Empty;
    [Id(4)] public ImmutableSortedDictionary<int, TeamMembership> Memberships { get; init; } = ImmutableSortedDictionary<int, TeamMembership>.Empty;
    [Id(5)] public int LastRoleId { get; init; } = Member.Id;
    [Id(6)] public int LastProgramId { get; init; }
    [Id(7)] public int LastTeamId { get; init; }
    [Id(8)] public int LastLinkId { get; init; }
    [Id(9)] public int LastMembershipId { get; init; }
}
