using System.Text.Json.Serialization;
using Tempo.Api.Conventions;
using Tempo.Grains.Interfaces.Accounts;

namespace Tempo.Api.Accounts;

/// <summary>The Accounts scope's objects as Tempo v4 shows them, with absolute <c>self</c> links.</summary>
public static class AccountsJson
{
    public sealed record CustomerJson(string Self, int Id, string Key, string Name);

    public sealed record CategoryTypeJson(string Name);

    public sealed record CategoryJson(
        string Self,
        int Id,
        string Key,
        string Name,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CategoryTypeJson? Type);

    public sealed record UserJson(string AccountId, string Self);

    /// <summary>Either a Jira user (<c>accountId</c>, <c>self</c>) or an external contact (<c>displayName</c>).</summary>
    public sealed record ContactJson(
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AccountId,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Self,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DisplayName,
        string Type);

    public sealed record AccountJson(
        string Self,
        int Id,
        string Key,
        string Name,
        string Status,
        bool Global,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? MonthlyBudget,
        UserJson Lead,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ContactJson? Contact,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CategoryJson? Category,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CustomerJson? Customer,
        SelfLink Links);

    public sealed record LinkScopeJson(string Self, long Id, string Type);

    public sealed record AccountLinkJson(string Self, int Id, SelfLink Account, LinkScopeJson Scope, bool Default);

    public static CustomerJson Customer(HttpRequest request, Customer customer) =>
        new(Links.To(request, $"/4/customers/{customer.Id}"), customer.Id, customer.Key, customer.Name);

    public static CategoryJson Category(HttpRequest request, Category category) =>
        new(Links.To(request, $"/4/account-categories/{Uri.EscapeDataString(category.Key)}"), category.Id, category.Key, category.Name,
            category.TypeName is null ? null : new CategoryTypeJson(category.TypeName));

    public static AccountJson Account(HttpRequest request, AccountView view)
    {
        var account = view.Account;
        var key = Uri.EscapeDataString(account.Key);
        return new AccountJson(
            Links.To(request, $"/4/accounts/{account.Id}"),
            account.Id,
            account.Key,
            account.Name,
            account.Status,
            account.Global,
            account.MonthlyBudget,
            new UserJson(account.LeadAccountId, Links.User(request, account.LeadAccountId).Self),
            Contact(request, account),
            view.Category is null ? null : Category(request, view.Category),
            view.Customer is null ? null : Customer(request, view.Customer),
            new SelfLink(Links.To(request, $"/4/accounts/{key}/links")));
    }

    public static AccountLinkJson Link(HttpRequest request, AccountLinkView view) => new(
        Links.To(request, $"/4/account-links/{view.Link.Id}"),
        view.Link.Id,
        new SelfLink(Links.To(request, $"/4/accounts/{view.Link.AccountId}")),
        new LinkScopeJson(Links.To(request, $"/4/account-links/project/{view.Link.ProjectId}"), view.Link.ProjectId, "PROJECT"),
        view.Link.Default);

    private static ContactJson? Contact(HttpRequest request, Account account) =>
        account.ContactAccountId is { } user ? new ContactJson(user, Links.User(request, user).Self, null, "USER")
        : account.ExternalContactName is { } external ? new ContactJson(null, null, external, "EXTERNAL")
        : null;
}
