using Tempo.Grains.Interfaces.Plans;

namespace Tempo.Grains.Plans;

/// <summary>One assignee's plans by id: the truth.</summary>
[GenerateSerializer, Immutable, Alias("tempo.PlanAssigneeState")]
public sealed record PlanAssigneeState
{
    [Id(0)] public ImmutableSortedDictionary<int, Plan> Plans { get; init; } = ImmutableSortedDictionary<int, Plan>.Empty;
}

/// <summary>Where each plan of one id block lives.</summary>
[GenerateSerializer, Immutable, Alias("tempo.PlanDirectoryState")]
public sealed record PlanDirectoryState
{
    [Id(0)] public ImmutableDictionary<int, PlanAssignee> Assignees { get; init; } = ImmutableDictionary<int, PlanAssignee>.Empty;
}

/// <summary>One index partition's entries: plan id to assignee.</summary>
[GenerateSerializer, Immutable, Alias("tempo.PlanIndexState")]
public sealed record PlanIndexState
{
    [Id(0)] public ImmutableDictionary<int, PlanAssignee> Entries { get; init; } = ImmutableDictionary<int, PlanAssignee>.Empty;
}

[GenerateSerializer, Immutable, Alias("tempo.PlanIdBlocksState")]
public sealed record PlanIdBlocksState
{
    [Id(0)] public int LastBlock { get; init; }
}

[GenerateSerializer, Immutable, Alias("tempo.GenericResourcesState")]
public sealed record GenericResourcesState
{
    [Id(0)] public ImmutableSortedDictionary<int, GenericResource> Resources { get; init; } = ImmutableSortedDictionary<int, GenericResource>.Empty;
    [Id(1)] public int LastId { get; init; }

    /// <summary>Team memberships, in the order they were made; <see cref="GenericTeamMember.Name"/> is filled on read.</summary>
    [Id(2)] public ImmutableArray<GenericTeamMember> TeamMembers { get; init; } = [];
}
