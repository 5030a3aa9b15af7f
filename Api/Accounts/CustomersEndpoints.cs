using Tempo.Api.Errors;
using Tempo.Api.Gate;
using Tempo.Api.Conventions;
using Tempo.Grains.Interfaces.Accounts;
using static Tempo.Api.Accounts.AccountsJson;

namespace Tempo.Api.Accounts;

/// <summary><c>/4/customers</c>: the customers accounts are billed to.</summary>
public static class CustomersEndpoints
{
    public sealed record CustomerBody(string? Key, string? Name);

    public sealed record CustomerSearchBody(long[]? Ids, string[]? Keys);

    public static IEndpointRouteBuilder MapCustomersEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/4/customers").RequireTokenScope(AccountsScope.Scope).WithTags("Customers");
        group.MapGet("/", List).WithName("getCustomers").WithSummary("All customers, paged");
        group.MapPost("/", Create).WithName("createCustomer").WithSummary("Creates a customer");
        group.MapPost("/search", Search).WithName("searchCustomers").WithSummary("Customers by ids or keys, paged");
        group.MapGet("/{idOrKey}", Get).WithName("getCustomerById").WithSummary("One customer by id (or key)");
        group.MapGet("/{id:int}/accounts", Accounts).WithName("getCustomerAccounts").WithSummary("The accounts of a customer, paged");
        group.MapPut("/{key}", Update).WithName("updateCustomer").WithSummary("Replaces a customer");
        group.MapDelete("/{key}", Delete).WithName("deleteCustomer").WithSummary("Deletes a customer no account uses");
        return app;
    }

    private static async Task<Results<Ok<PagedResults<CustomerJson>>, BadRequest<ErrorBody>>> List(
        int? offset, int? limit, HttpRequest request, TenantGrains grains)
    {
        if (!Paging.TryRead(offset, limit, out var page, out var error))
        {
            return TempoResults.BadRequest(error!);
        }

        var customers = await grains.Grain().ListCustomersAsync(page);
        return TypedResults.Ok(Paging.Envelope(request, page, customers, c => Customer(request, c)));
    }

    private static async Task<Results<Ok<PagedResults<CustomerJson>>, BadRequest<ErrorBody>>> Search(
        CustomerSearchBody? body, int? offset, int? limit, HttpRequest request, TenantGrains grains)
    {
        if (!Paging.TryRead(offset, limit, out var page, out var error))
        {
            return TempoResults.BadRequest(error!);
        }

        var search = new CustomerSearch([.. body?.Ids ?? []], [.. body?.Keys ?? []]);
        var customers = await grains.Grain().SearchCustomersAsync(search, page);
        return TypedResults.Ok(Paging.Envelope(request, page, customers, c => Customer(request, c)));
    }

    private static async Task<Results<Ok<CustomerJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Get(string idOrKey, HttpRequest request, TenantGrains grains)
    {
        var customer = RouteIds.TryInt(idOrKey, out var id)
            ? await grains.Grain().GetCustomerAsync(id)
            : (await grains.Grain().SearchCustomersAsync(new CustomerSearch([], [idOrKey]), Grains.Interfaces.Paging.PageRequest.All)).Items.FirstOrDefault();
        return customer is null
            ? TempoResults.NotFound($"Customer '{idOrKey}' not found")
            : TypedResults.Ok(Customer(request, customer));
    }

    private static async Task<Results<Ok<PagedResults<AccountJson>>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Accounts(
        int id, int? offset, int? limit, HttpRequest request, TenantGrains grains)
    {
        if (!Paging.TryRead(offset, limit, out var page, out var error))
        {
            return TempoResults.BadRequest(error!);
        }

        return GrainResults.Ok(await grains.Grain().GetCustomerAccountsAsync(id, page), accounts => Paging.Envelope(request, page, accounts, a => Account(request, a)));
    }

    private static async Task<Results<Ok<CustomerJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Create(
        CustomerBody? body, HttpRequest request, TenantGrains grains)
    {
        if (!TryRead(body, out var input, out var invalid))
        {
            return invalid;
        }

        return GrainResults.Ok(await grains.Grain().CreateCustomerAsync(input), c => Customer(request, c));
    }

    private static async Task<Results<Ok<CustomerJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Update(
        string key, CustomerBody? body, HttpRequest request, TenantGrains grains)
    {
        if (!TryRead(body, out var input, out var invalid))
        {
            return invalid;
        }

        return GrainResults.Ok(await grains.Grain().UpdateCustomerAsync(key, input), c => Customer(request, c));
    }

    private static async Task<Results<NoContent, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Delete(string key, TenantGrains grains) =>
        GrainResults.NoContent(await grains.Grain().DeleteCustomerAsync(key));

    private static bool TryRead(CustomerBody? body, out CustomerInput input, out BadRequest<ErrorBody> invalid)
    {
        var validation = new Validation();
        input = new CustomerInput(validation.Key(body?.Key, "key"), validation.Required(body?.Name, "name"));
        invalid = validation.ToBadRequest();
        return validation.IsValid;
    }
}
