using Tempo.Grains.Interfaces.Scopes;

namespace Tempo.Grains.Interfaces.Tokens;

[GenerateSerializer, Alias("tempo.AccessType")]
public enum AccessType : byte
{
    Full = 1,
    Custom = 2,
}

/// <summary>
/// What a token may do: a level per scope key. Full access is stored the same way, as the explicit list of
/// the scopes that existed when the token was created, each at its highest level.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.TokenAccess")]
public sealed record TokenAccess(
    [property: Id(0)] AccessType Type,
    [property: Id(1)] ImmutableDictionary<string, AccessLevel> Scopes)
{
    public AccessLevel LevelOn(string scope) =>
        Scopes.TryGetValue(scope, out var level) ? level : AccessLevel.None;

    public bool Allows(string scope, AccessLevel required) => LevelOn(scope) >= required && required != AccessLevel.None;

    /// <summary>Equal when the type and every scope's level are equal (by value, not by dictionary instance).</summary>
    public bool Equals(TokenAccess? other) =>
        other is not null
        && Type == other.Type
        && Scopes.Count == other.Scopes.Count
        && Scopes.All(s => other.Scopes.TryGetValue(s.Key, out var level) && level == s.Value);

    public override int GetHashCode()
    {
        var hash = (int)Type;
        foreach (var (key, level) in Scopes)
        {
            hash ^= HashCode.Combine(key, level);
        }

        return hash;
    }

    public override string ToString() =>
        $"{Type} {{{string.Join(", ", Scopes.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}: {s.Value}"))}}}";
}
