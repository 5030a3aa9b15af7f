using Tempo.Api.Tests.Infrastructure;
using static Tempo.Api.Tests.Infrastructure.ScopedClients;

namespace Tempo.Api.Tests.Accounts;

public sealed class AccountsConformanceTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    [Fact]
    public async Task Every_accounts_operation_answers_as_the_contract_says()
    {
        var api = await factory.ApiClientAsync("accounts", "MANAGE");
        var customerKey = Unique("CUST");
        var categoryKey = Unique("CAT");
        var accountKey = Unique("ACC");
        var doomedKey = Unique("DOOM");
        var customer = await api.PostJsonAsync("/4/customers", new { key = customerKey, name = "Acme" });
        var doomedCustomer = await api.PostJsonAsync("/4/customers", new { key = doomedKey, name = "Gone soon" });
        await api.PostJsonAsync("/4/account-categories", new { key = categoryKey, name = "Billable", typeName = "BILLABLE" });
        await api.PostJsonAsync("/4/account-categories", new { key = doomedKey, name = "Gone soon" });
        var account = await api.PostJsonAsync("/4/accounts", new
        {
            key = accountKey, name = "Acme support", status = "OPEN", leadAccountId = "557058:lead", externalContactName = "Jo External",
            customerKey, categoryKey, monthlyBudget = 100, global = false,
        });
        await api.PostJsonAsync("/4/accounts", new { key = doomedKey, name = "Gone soon", status = "CLOSED", leadAccountId = "557058:lead" });
        var link = await api.PostJsonAsync("/4/account-links", new { accountKey, scopeType = "PROJECT", scopeId = 20200 });
        var doomedLink = await api.PostJsonAsync("/4/account-links", new { accountKey, scopeType = "PROJECT", scopeId = 20201 });
        _ = doomedCustomer;

        ConformanceCase[] cases =
        [
            new("getAccounts", "/4/accounts?offset=0&limit=10"),
            new("createAccount", "/4/accounts", new { key = Unique("NEW"), name = "New", status = "OPEN", leadAccountId = "557058:lead", contactAccountId = "557058:contact", global = true }),
            new("searchAccounts", "/4/accounts/search?limit=5", new { keys = new[] { accountKey }, statuses = new[] { "OPEN" }, global = false }),
            new("getAccountById", $"/4/accounts/{account["id"]}"),
            new("updateAccount", $"/4/accounts/{accountKey}", new { key = accountKey, name = "Acme support", status = "OPEN", leadAccountId = "557058:lead", customerKey, categoryKey }),
            new("getAccountLinks", $"/4/accounts/{accountKey}/links"),
            new("getCategories", "/4/account-categories"),
            new("createCategory", "/4/account-categories", new { key = Unique("CAT"), name = "Internal", typeName = "INTERNAL" }),
            new("getCategoryByKey", $"/4/account-categories/{categoryKey}"),
            new("updateCategory", $"/4/account-categories/{categoryKey}", new { key = categoryKey, name = "Billable work", typeName = "BILLABLE" }),
            new("getTypes", "/4/account-category-types"),
            new("createLink", "/4/account-links", new { accountKey, scopeType = "PROJECT", scopeId = 20202, @default = true }),
            new("getLinksByProject", "/4/account-links/project/20200?includeGlobalAccounts=true"),
            new("getLink", $"/4/account-links/{link["id"]}"),
            new("patchLink", $"/4/account-links/{link["id"]}/make-default", Expected: HttpStatusCode.NoContent),
            new("deleteLink", $"/4/account-links/{doomedLink["id"]}", Expected: HttpStatusCode.NoContent),
            new("getCustomers", "/4/customers?limit=3"),
            new("createCustomer", "/4/customers", new { key = Unique("CUST"), name = "Globex" }),
            new("searchCustomers", "/4/customers/search", new { keys = new[] { customerKey } }),
            new("getCustomerById", $"/4/customers/{customer["id"]}"),
            new("getCustomerAccounts", $"/4/customers/{customer["id"]}/accounts"),
            new("updateCustomer", $"/4/customers/{customerKey}", new { key = customerKey, name = "Acme Corp" }),
            new("deleteAccount", $"/4/accounts/{doomedKey}", Expected: HttpStatusCode.NoContent),
            new("deleteCategory", $"/4/account-categories/{doomedKey}", Expected: HttpStatusCode.NoContent),
            new("deleteCustomer", $"/4/customers/{doomedKey}", Expected: HttpStatusCode.NoContent),
        ];

        await Conformance.RunAsync(api, "accounts", ["Accounts", "Categories", "Category Types", "Links", "Customers"], cases);
    }
}
