namespace Tempo.Grains.Interfaces.Accounts;

/// <summary>The account statuses Tempo knows.</summary>
public static class AccountStatuses
{
    public const string Open = "OPEN";
    public const string Closed = "CLOSED";
    public const string Archived = "ARCHIVED";

    public static readonly ImmutableArray<string> All = [Open, Closed, Archived];
}

/// <summary>The fixed list of account category types.</summary>
public static class CategoryTypes
{
    public static readonly ImmutableArray<string> All = ["BILLABLE", "CAPITALIZED", "INTERNAL", "OPERATIONAL"];
}

[GenerateSerializer, Immutable, Alias("tempo.Customer")]
public sealed record Customer([property: Id(0)] int Id, [property: Id(1)] string Key, [property: Id(2)] string Name);

[GenerateSerializer, Immutable, Alias("tempo.Category")]
public sealed record Category([property: Id(0)] int Id, [property: Id(1)] string Key, [property: Id(2)] string Name, [property: Id(3)] string? TypeName);

/// <summary>An account as stored: references to its category and customer by id, so renames show through.</summary>
[GenerateSerializer, Immutable, Alias("tempo.Account")]
public sealed record Account(
    [property: Id(0)] int Id,
    [property: Id(1)] string Key,
    [property: Id(2)] string Name,
    [property: Id(3)] string Status,
    [property: Id(4)] bool Global,
    [property: Id(5)] int? MonthlyBudget,
    [property: Id(6)] string LeadAccountId,
    [property: Id(7)] string? ContactAccountId,
    [property: Id(8)] string? ExternalContactName,
    [property: Id(9)] int? CategoryId,
    [property: Id(10)] int? CustomerId);

/// <summary>An account with its category and customer resolved, as responses show it.</summary>
[GenerateSerializer, Immutable, Alias("tempo.AccountView")]
public sealed record AccountView([property: Id(0)] Account Account, [property: Id(1)] Category? Category, [property: Id(2)] Customer? Customer);

/// <summary>A link between an account and a Jira project.</summary>
[GenerateSerializer, Immutable, Alias("tempo.AccountLink")]
public sealed record AccountLink([property: Id(0)] int Id, [property: Id(1)] int AccountId, [property: Id(2)] long ProjectId, [property: Id(3)] bool Default);

[GenerateSerializer, Immutable, Alias("tempo.AccountLinkView")]
public sealed record AccountLinkView([property: Id(0)] AccountLink Link, [property: Id(1)] string AccountKey);

/// <summary>A create or full replacement of an account, already checked for shape at the edge.</summary>
[GenerateSerializer, Immutable, Alias("tempo.AccountInput")]
public sealed record AccountInput(
    [property: Id(0)] string Key,
    [property: Id(1)] string Name,
    [property: Id(2)] string Status,
    [property: Id(3)] bool Global,
    [property: Id(4)] int? MonthlyBudget,
    [property: Id(5)] string LeadAccountId,
    [property: Id(6)] string? ContactAccountId,
    [property: Id(7)] string? ExternalContactName,
    [property: Id(8)] string? CategoryKey,
    [property: Id(9)] string? CustomerKey);

[GenerateSerializer, Immutable, Alias("tempo.CustomerInput")]
public sealed record CustomerInput([property: Id(0)] string Key, [property: Id(1)] string Name);

[GenerateSerializer, Immutable, Alias("tempo.CategoryInput")]
public sealed record CategoryInput([property: Id(0)] string Key, [property: Id(1)] string Name, [property: Id(2)] string? TypeName);

[GenerateSerializer, Immutable, Alias("tempo.AccountLinkInput")]
public sealed record AccountLinkInput([property: Id(0)] string AccountKey, [property: Id(1)] long ProjectId, [property: Id(2)] bool Default);

/// <summary>Filters of <c>POST /4/accounts/search</c>; an empty filter matches everything.</summary>
[GenerateSerializer, Immutable, Alias("tempo.AccountSearch")]
public sealed record AccountSearch(
    [property: Id(0)] ImmutableArray<long> Ids,
    [property: Id(1)] ImmutableArray<string> Keys,
    [property: Id(2)] ImmutableArray<string> Statuses,
    [property: Id(3)] bool? Global);

[GenerateSerializer, Immutable, Alias("tempo.CustomerSearch")]
public sealed record CustomerSearch([property: Id(0)] ImmutableArray<long> Ids, [property: Id(1)] ImmutableArray<string> Keys);
