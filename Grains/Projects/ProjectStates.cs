using Tempo.Grains.Interfaces.Projects;

namespace Tempo.Grains.Projects;

/// <summary>One project, or none (before creation and after deletion: ids are UUIDs and never come back).</summary>
[GenerateSerializer, Immutable, Alias("tempo.ProjectState")]
public sealed record ProjectState
{
    [Id(0)] public Project? Project { get; init; }
}

/// <summary>A tenant's project ids in creation order.</summary>
[GenerateSerializer, Immutable, Alias("tempo.ProjectIndexState")]
public sealed record ProjectIndexState
{
    [Id(0)] public ImmutableArray<Guid> Ids { get; init; } = [];
}

/// <summary>A tenant's project attribute definitions in creation order.</summary>
[GenerateSerializer, Immutable, Alias("tempo.ProjectAttributesState")]
public sealed record ProjectAttributesState
{
    [Id(0)] public ImmutableArray<ProjectAttribute> Attributes { get; init; } = [];
}
