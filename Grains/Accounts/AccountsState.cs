using Tempo.Grains.Interfaces.Accounts;

namespace Tempo.Grains.Accounts;

/// <summary>
/// Everything of the Accounts scope, by id. Immutable: a command builds the next state and swaps it in once it
/// is written. Counters only grow, so ids are never reused.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.AccountsState")]
public sealed record AccountsState
{
    [Id(0)] public ImmutableSortedDictionary<int, Customer> Customers { get; init; } = ImmutableSortedDictionary<int, Customer>.Empty;
    [Id(1)] public ImmutableSortedDictionary<int, Category> Categories { get; init; } = ImmutableSortedDictionary<int, Category>.Empty;
    [Id(2)] public ImmutableSortedDictionary<int, Account> Accounts { get; init; } = ImmutableSortedDictionary<int, Account>.Empty;
    [Id(3)] public ImmutableSortedDictionary<int, AccountLink> Links { get; init; } = ImmutableSortedDictionary<int, AccountLink>.Empty;
    [Id(4)] public int LastCustomerId { get; init; }
    [Id(5)] public int LastCategoryId { get; init; }
    [Id(6)] public int LastAccountId { get; init; }
    [Id(7)] public int LastLinkId { get; init; }
}
