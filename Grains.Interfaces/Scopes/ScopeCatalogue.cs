namespace Tempo.Grains.Interfaces.Scopes;

/// <summary>
/// The scopes that exist right now, in display order. Full access is frozen from this list when a token is
/// created, so a scope added later is never granted to an older token. A host may register a catalogue with
/// more scopes (tests do, to prove that freezing).
/// </summary>
public sealed class ScopeCatalogue
{
    private static readonly ImmutableArray<AccessLevel> ViewAndManage = [AccessLevel.View, AccessLevel.Manage];
    private static readonly ImmutableArray<AccessLevel> ViewOnly = [AccessLevel.View];

    /// <summary>Tempo's scopes as the API-integration page lists them.</summary>
    public static ScopeCatalogue Seed { get; } = new(
    [
        new("worklogs", "Worklogs", ["Worklogs", "Work Attributes"], ViewAndManage),
        new("teams", "Teams", ["Roles", "Teams", "Links", "Memberships"], ViewAndManage),
        new("schemes", "Schemes", ["Workload Schemes", "Holiday Schemes", "User Schedule"], ViewAndManage),
        new("plans", "Plans", ["Plans", "Programs"], ViewAndManage),
        new("periods", "Periods", ["Periods"], ViewOnly),
        new("approvals", "Approvals", ["Timesheet Approvals"], ViewAndManage),
        new("accounts", "Accounts", ["Accounts", "Categories", "Category Types", "Links", "Customers"], ViewAndManage),
        new("projects", "Cost Tracker", ["Projects"], ViewAndManage),
    ]);

    private readonly Dictionary<string, ScopeDefinition> _byKey;

    public ScopeCatalogue(IEnumerable<ScopeDefinition> scopes)
    {
        Scopes = [.. scopes];
        _byKey = Scopes.ToDictionary(s => s.Key, StringComparer.Ordinal);
    }

    public ImmutableArray<ScopeDefinition> Scopes { get; }

    public bool TryGet(string key, out ScopeDefinition scope) => _byKey.TryGetValue(key, out scope!);

    /// <summary>This catalogue with one more scope at the end.</summary>
    public ScopeCatalogue With(ScopeDefinition scope) => new(Scopes.Add(scope));
}
