namespace Tempo.Grains.Interfaces.Scopes;

/// <summary>
/// One scope of the catalogue: its key (as in <c>accounts:view</c>), its display name, the API namespaces it
/// covers and the levels a token may hold on it, lowest first.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.ScopeDefinition")]
public sealed record ScopeDefinition(
    [property: Id(0)] string Key,
    [property: Id(1)] string Name,
    [property: Id(2)] ImmutableArray<string> Namespaces,
    [property: Id(3)] ImmutableArray<AccessLevel> Levels)
{
    /// <summary>The highest level this scope offers; what full access grants.</summary>
    public AccessLevel HighestLevel => Levels[^1];

    public bool Offers(AccessLevel level) => Levels.Contains(level);
}
