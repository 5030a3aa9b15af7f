using Tempo.Grains.Interfaces.Scopes;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Api.OAuth;

/// <summary>
/// Tempo's granular scope strings (<c>worklogs:view</c>, <c>worklogs:manage</c>) for every scope of the catalogue, and
/// the rule that <c>manage</c> implies <c>view</c>.
/// </summary>
public sealed class OAuthScopes(ScopeCatalogue catalogue)
{
    public ScopeCatalogue Catalogue => catalogue;

    /// <summary>Every granular string that exists, in catalogue order.</summary>
    public IEnumerable<string> All => catalogue.Scopes.SelectMany(s => s.Levels.Select(l => Format(s.Key, l)));

    public static string Format(string key, AccessLevel level) => $"{key}:{(level == AccessLevel.Manage ? "manage" : "view")}";

    /// <summary>Parses <c>key:view</c> / <c>key:manage</c> against the catalogue; false for anything else.</summary>
    public bool TryRead(string? text, out ScopeDefinition scope, out AccessLevel level)
    {
        scope = null!;
        level = AccessLevel.None;
        var colon = text?.IndexOf(':') ?? -1;
        if (colon <= 0 || !catalogue.TryGet(text![..colon], out scope))
        {
            return false;
        }

        level = text[(colon + 1)..] switch
        {
            "view" => AccessLevel.View,
            "manage" => AccessLevel.Manage,
            _ => AccessLevel.None,
        };
        return level != AccessLevel.None && scope.Offers(level);
    }

    /// <summary>The strings with every implied <c>view</c> added, in catalogue order, without duplicates.</summary>
    public ImmutableArray<string> Expand(IEnumerable<string> scopes)
    {
        var access = ToAccess(scopes);
        return [.. catalogue.Scopes.SelectMany(s => s.Levels.Where(l => l <= access.LevelOn(s.Key)).Select(l => Format(s.Key, l)))];
    }

    /// <summary>The access these strings grant: per scope key, the highest level named. Unknown strings grant nothing.</summary>
    public TokenAccess ToAccess(IEnumerable<string> scopes)
    {
        var levels = new Dictionary<string, AccessLevel>(StringComparer.Ordinal);
        foreach (var text in scopes)
        {
            if (TryRead(text, out var scope, out var level) && level > levels.GetValueOrDefault(scope.Key))
            {
                levels[scope.Key] = level;
            }
        }

        return new TokenAccess(AccessType.Custom, levels.ToImmutableDictionary(StringComparer.Ordinal));
    }
}
