using Tempo.Grains.Interfaces.Worklogs;

namespace Tempo.Grains.Worklogs;

/// <summary>
/// The head of an owner partition: how many row segments it has (<see cref="SegmentedRows{T}"/>). <see cref="Rows"/>
/// is where rows were kept before segments existed; an activation moves them into segments and empties it.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.WorklogOwnerState")]
public sealed record WorklogOwnerState
{
    [Id(0)] public ImmutableArray<OwnerRow> Rows { get; init; } = [];

    [Id(1)] public int Segments { get; init; }
}

/// <summary>
/// The head of an index partition: how many ref segments it has (<see cref="SegmentedRows{T}"/>). <see cref="Refs"/>
/// is where refs were kept before segments existed; an activation moves them into segments and empties it.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.WorklogIndexState")]
public sealed record WorklogIndexState
{
    [Id(0)] public ImmutableArray<WorklogRef> Refs { get; init; } = [];

    [Id(1)] public int Segments { get; init; }
}

[GenerateSerializer, Immutable, Alias("tempo.WorklogCatalogState")]
public sealed record WorklogCatalogState
{
    [Id(0)] public ImmutableArray<int> Buckets { get; init; } = [];
}

/// <summary>
/// The head of a directory lane: how many location segments it has (<see cref="SegmentedRows{T}"/>). <see cref="Owners"/>
/// is where locations were kept before segments existed; an activation moves them into segments and empties it.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.WorklogDirectoryState")]
public sealed record WorklogDirectoryState
{
    [Id(0)] public ImmutableDictionary<long, OwnerPartition> Owners { get; init; } = ImmutableDictionary<long, OwnerPartition>.Empty;

    [Id(1)] public int Segments { get; init; }
}

[GenerateSerializer, Immutable, Alias("tempo.WorklogIdBlocksState")]
public sealed record WorklogIdBlocksState
{
    [Id(0)] public long LastBlock { get; init; }
}

[GenerateSerializer, Immutable, Alias("tempo.WorkAttributesState")]
public sealed record WorkAttributesState
{
    [Id(0)] public ImmutableSortedDictionary<string, WorkAttribute> Attributes { get; init; } = ImmutableSortedDictionary<string, WorkAttribute>.Empty;

    /// <summary>
    /// A lease was ever granted (written before the first one is answered): a new activation must then assume an
    /// earlier one left silos holding copies it can't name, and let their leases run out before a change answers.
    /// </summary>
    [Id(1)] public bool Leased { get; init; }
}
