using Tempo.Api.Errors;
using Tempo.Api.Gate;
using Tempo.Api.Conventions;
using Tempo.Grains.Interfaces.Accounts;
using Tempo.Grains.Interfaces.Tokens;
using static Tempo.Api.Accounts.AccountsJson;

namespace Tempo.Api.Accounts;

/// <summary><c>/4/accounts</c>: Tempo accounts, with their category, customer, lead, contact and links.</summary>
public static class AccountsEndpoints
{
    public sealed record AccountBody(
        string? Key,
        string? Name,
        string? Status,
        bool? Global,
        int? MonthlyBudget,
        string? LeadAccountId,
        string? ContactAccountId,
        string? ExternalContactName,
        string? CategoryKey,
        string? CustomerKey);

    public sealed record AccountSearchBody(long[]? Ids, string[]? Keys, string[]? Statuses, bool? Global);

    public static IEndpointRouteBuilder MapAccountsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/4/accounts").RequireTokenScope(AccountsScope.Scope).WithTags("Accounts");
        group.MapGet("/", List).WithName("getAccounts").WithSummary("Open and closed accounts, paged");
        group.MapPost("/", Create).WithName("createAccount").WithSummary("Creates an account");
        group.MapPost("/search", Search).WithName("searchAccounts").WithSummary("Accounts by ids, keys, statuses and global, paged");
        group.MapGet("/{idOrKey}", Get).WithName("getAccountById").WithSummary("One account by id (or key)");
        group.MapPut("/{key}", Update).WithName("updateAccount").WithSummary("Replaces an account; omitted optional fields are cleared");
        group.MapDelete("/{key}", Delete).WithName("deleteAccount").WithSummary("Deletes an account and its links");
        group.MapGet("/{key}/links", AccountLinks).WithName("getAccountLinks").WithSummary("An account's links, paged");
        return app;
    }

    private static async Task<Results<Ok<PagedResults<AccountJson>>, BadRequest<ErrorBody>>> List(
        int? offset, int? limit, HttpRequest request, TenantGrains grains)
    {
        if (!Paging.TryRead(offset, limit, out var page, out var error))
        {
            return TempoResults.BadRequest(error!);
        }

        var accounts = await grains.Grain().ListAccountsAsync(page);
        return TypedResults.Ok(Paging.Envelope(request, page, accounts, a => Account(request, a)));
    }

    private static async Task<Results<Ok<PagedResults<AccountJson>>, BadRequest<ErrorBody>>> Search(
        AccountSearchBody? body, int? offset, int? limit, HttpRequest request, TenantGrains grains)
    {
        if (!Paging.TryRead(offset, limit, out var page, out var error))
        {
            return TempoResults.BadRequest(error!);
        }

        var validation = new Validation();
        foreach (var status in body?.Statuses ?? [])
        {
            validation.OneOf(status, "statuses", AccountStatuses.All, required: true);
        }

        if (!validation.IsValid)
        {
            return validation.ToBadRequest();
        }

        var search = new AccountSearch([.. body?.Ids ?? []], [.. body?.Keys ?? []], [.. body?.Statuses ?? []], body?.Global);
        var accounts = await grains.Grain().SearchAccountsAsync(search, page);
        return TypedResults.Ok(Paging.Envelope(request, page, accounts, a => Account(request, a)));
    }

    private static async Task<Results<Ok<AccountJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Get(string idOrKey, HttpRequest request, TenantGrains grains)
    {
        var account = RouteIds.TryInt(idOrKey, out var id)
            ? await grains.Grain().GetAccountAsync(id)
            : await grains.Grain().GetAccountByKeyAsync(idOrKey);
        return account is null
            ? TempoResults.NotFound($"Account '{idOrKey}' not found")
            : TypedResults.Ok(Account(request, account));
    }

    private static async Task<Results<Ok<PagedResults<AccountLinkJson>>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> AccountLinks(
        string key, int? offset, int? limit, HttpRequest request, TenantGrains grains)
    {
        if (!Paging.TryRead(offset, limit, out var page, out var error))
        {
            return TempoResults.BadRequest(error!);
        }

        return GrainResults.Ok(await grains.Grain().GetAccountLinksAsync(key, page), links => Paging.Envelope(request, page, links, l => Link(request, l)));
    }

    private static async Task<Results<Ok<AccountJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Create(
        AccountBody? body, HttpRequest request, TenantGrains grains)
    {
        if (!TryRead(body, out var input, out var invalid))
        {
            return invalid;
        }

        return GrainResults.Ok(await grains.Grain().CreateAccountAsync(input), a => Account(request, a));
    }

    private static async Task<Results<Ok<AccountJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Update(
        string key, AccountBody? body, HttpRequest request, TenantGrains grains)
    {
        if (!TryRead(body, out var input, out var invalid))
        {
            return invalid;
        }

        return GrainResults.Ok(await grains.Grain().UpdateAccountAsync(key, input), a => Account(request, a));
    }

    private static async Task<Results<NoContent, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Delete(string key, TenantGrains grains) =>
        GrainResults.NoContent(await grains.Grain().DeleteAccountAsync(key));

    private static bool TryRead(AccountBody? body, out AccountInput input, out BadRequest<ErrorBody> invalid)
    {
        var validation = new Validation();
        var lead = validation.Required(body?.LeadAccountId, "leadAccountId");
        if (lead.Length > 0 && !AccountId.IsValid(lead))
        {
            validation.Add("'leadAccountId' is not a valid account id.");
        }

        var contact = Validation.Blank(body?.ContactAccountId);
        var external = Validation.Blank(validation.Name(body?.ExternalContactName, "externalContactName"));
        if (contact is not null && external is not null)
        {
            validation.Add("Give either 'contactAccountId' or 'externalContactName', not both.");
        }

        if (contact is not null && !AccountId.IsValid(contact))
        {
            validation.Add("'contactAccountId' is not a valid account id.");
        }

        input = new AccountInput(
            validation.Key(body?.Key, "key"),
            validation.Required(body?.Name, "name"),
            validation.OneOf(body?.Status, "status", AccountStatuses.All, required: true) ?? string.Empty,
            body?.Global ?? false,
            validation.AtLeast(body?.MonthlyBudget, "monthlyBudget", 0),
            lead,
            contact,
            external,
            Validation.Blank(validation.Name(body?.CategoryKey, "categoryKey")),
            Validation.Blank(validation.Name(body?.CustomerKey, "customerKey")));
        invalid = validation.ToBadRequest();
        return validation.IsValid;
    }
}
