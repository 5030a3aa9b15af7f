using Tempo.Api.Tests.Infrastructure;
using static Tempo.Api.Tests.Infrastructure.ScopedClients;

namespace Tempo.Api.Tests.Accounts;

public sealed class AccountsScenarioTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    private static object AccountBody(string key, string? customerKey = null, string? categoryKey = null, string status = "OPEN", bool global = false) =>
        new { key, name = $"Account {key}", status, global, leadAccountId = "557058:lead", customerKey, categoryKey, monthlyBudget = 10 };

    [Fact]
    public async Task Customer_category_account_links_default_search_update_delete()
    {
        var api = await factory.ApiClientAsync("accounts", "MANAGE");
        var customerKey = Unique("CUST");
        var categoryKey = Unique("CAT");
        var accountKey = Unique("ACC");

        var customer = await api.PostJsonAsync("/4/customers", new { key = customerKey, name = "Acme" });
        var category = await api.PostJsonAsync("/4/account-categories", new { key = categoryKey, name = "Billable work", typeName = "BILLABLE" });
        var account = await api.PostJsonAsync("/4/accounts", new { key = accountKey, name = "Acme support", status = "OPEN", leadAccountId = "557058:lead", contactAccountId = "557058:contact", customerKey, categoryKey, monthlyBudget = 120, global = false });

        var accountId = account["id"]!.GetValue<int>();
        Assert.Equal($"http://localhost/4/accounts/{accountId}", account["self"]!.GetValue<string>());
        Assert.Equal(customer["id"]!.GetValue<int>(), account["customer"]!["id"]!.GetValue<int>());
        Assert.Equal("Billable work", account["category"]!["name"]!.GetValue<string>());
        Assert.Equal("BILLABLE", account["category"]!["type"]!["name"]!.GetValue<string>());
        Assert.Equal("""{"accountId":"557058:contact","self":"http://localhost/4/users/557058%3Acontact","type":"USER"}""", account["contact"]!.ToJsonString());
        Assert.Equal($"http://localhost/4/accounts/{accountKey}/links", account["links"]!["self"]!.GetValue<string>());

        var link1 = await api.PostJsonAsync("/4/account-links", new { accountKey, scopeType = "PROJECT", scopeId = 10100, @default = true });
        var other = await api.PostJsonAsync("/4/accounts", AccountBody(Unique("ACC2")));
        var link2 = await api.PostJsonAsync("/4/account-links", new { accountKey = other["key"]!.GetValue<string>(), scopeType = "PROJECT", scopeId = 10100 });
        Assert.True(link1["default"]!.GetValue<bool>());
        Assert.Equal(10100, link1["scope"]!["id"]!.GetValue<long>());
        Assert.Equal("PROJECT", link1["scope"]!["type"]!.GetValue<string>());

        var patch = await api.PatchAsync($"/4/account-links/{link2["id"]}/make-default", null);
        Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        var projectLinks = (await api.GetJsonAsync("/4/account-links/project/10100"))["results"]!.AsArray();
        Assert.Equal(2, projectLinks.Count);
        Assert.Equal([false, true], projectLinks.Select(l => l!["default"]!.GetValue<bool>()));

        var found = await api.PostJsonAsync("/4/accounts/search", new { keys = new[] { accountKey }, statuses = new[] { "OPEN" } });
        Assert.Equal(accountKey, Assert.Single(found["results"]!.AsArray())!["key"]!.GetValue<string>());

        var updated = await api.PutJsonAsync($"/4/accounts/{accountKey}", new { key = accountKey, name = "Acme support 2", status = "CLOSED", leadAccountId = "557058:lead2" });
        Assert.Equal("CLOSED", updated["status"]!.GetValue<string>());
        Assert.Null(updated["customer"]);
        Assert.Null(updated["category"]);
        Assert.Null(updated["contact"]);
        Assert.Null(updated["monthlyBudget"]);

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/4/accounts/{accountKey}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/4/accounts/{accountId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/4/account-links/{link1["id"]}")).StatusCode);
        Assert.Equal($"Account '{accountId}' not found", await (await api.GetAsync($"/4/accounts/{accountId}")).ErrorMessageAsync());
    }

    [Fact]
    public async Task Paging_follows_next_to_the_end_with_no_duplicates_or_gaps()
    {
        var api = await factory.ApiClientAsync("accounts", "MANAGE");
        var prefix = Unique("PG");
        var created = new HashSet<string>();
        for (var i = 0; i < 125; i++)
        {
            var key = $"{prefix}-{i:D3}";
            await api.PostJsonAsync("/4/accounts", AccountBody(key));
            created.Add(key);
        }

        var seen = new List<string>();
        string? next = "/4/accounts?limit=50";
        var pages = 0;
        while (next is not null && pages++ < 100)
        {
            var page = await api.GetJsonAsync(next);
            var results = page["results"]!.AsArray();
            Assert.Equal(results.Count, page["metadata"]!["count"]!.GetValue<int>());
            Assert.Equal(50, page["metadata"]!["limit"]!.GetValue<int>());
            seen.AddRange(results.Select(r => r!["key"]!.GetValue<string>()));
            var metadata = page["metadata"]!.AsObject();
            Assert.Equal(pages > 1, metadata.ContainsKey("previous"));
            next = metadata.ContainsKey("next") ? metadata["next"]!.GetValue<string>() : null;
            Assert.True(next is null || metadata["next"] is not null, "next is absent, never null");
        }

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Subset(seen.ToHashSet(), created);
        Assert.True(pages >= 3, $"125 accounts take at least three pages of 50, took {pages}");
    }

    [Fact]
    public async Task Limit_defaults_to_50_and_is_capped_at_5000()
    {
        var api = await factory.ApiClientAsync("accounts", "VIEW");

        var byDefault = await api.GetJsonAsync("/4/accounts");
        var capped = await api.GetJsonAsync("/4/accounts?limit=9000&offset=0");

        Assert.Equal(50, byDefault["metadata"]!["limit"]!.GetValue<int>());
        Assert.Equal(0, byDefault["metadata"]!["offset"]!.GetValue<int>());
        Assert.Equal(5000, capped["metadata"]!["limit"]!.GetValue<int>());
        Assert.Equal("'offset' must be at least 0.", await (await api.GetAsync("/4/accounts?offset=-1")).ErrorMessageAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/4/accounts?limit=abc")).StatusCode);
    }

    [Fact]
    public async Task Renames_of_customer_and_category_show_in_their_accounts()
    {
        var api = await factory.ApiClientAsync("accounts", "MANAGE");
        var customerKey = Unique("CUST");
        var categoryKey = Unique("CAT");
        await api.PostJsonAsync("/4/customers", new { key = customerKey, name = "Old name" });
        await api.PostJsonAsync("/4/account-categories", new { key = categoryKey, name = "Old category" });
        var account = await api.PostJsonAsync("/4/accounts", AccountBody(Unique("ACC"), customerKey, categoryKey));

        await api.PutJsonAsync($"/4/customers/{customerKey}", new { key = customerKey, name = "New name" });
        await api.PutJsonAsync($"/4/account-categories/{categoryKey}", new { key = categoryKey + "X", name = "New category" });

        var after = await api.GetJsonAsync($"/4/accounts/{account["id"]}");
        Assert.Equal("New name", after["customer"]!["name"]!.GetValue<string>());
        Assert.Equal(categoryKey + "X", after["category"]!["key"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_customer_or_category_in_use_cannot_be_deleted()
    {
        var api = await factory.ApiClientAsync("accounts", "MANAGE");
        var customerKey = Unique("CUST");
        var categoryKey = Unique("CAT");
        await api.PostJsonAsync("/4/customers", new { key = customerKey, name = "Used" });
        await api.PostJsonAsync("/4/account-categories", new { key = categoryKey, name = "Used" });
        var accountKey = Unique("ACC");
        await api.PostJsonAsync("/4/accounts", AccountBody(accountKey, customerKey, categoryKey));

        var customerDelete = await api.DeleteAsync($"/4/customers/{customerKey}");
        var categoryDelete = await api.DeleteAsync($"/4/account-categories/{categoryKey}");

        Assert.Equal(HttpStatusCode.BadRequest, customerDelete.StatusCode);
        Assert.Equal($"Customer '{customerKey}' can't be deleted: accounts '{accountKey}' use it", await customerDelete.ErrorMessageAsync());
        Assert.Equal(HttpStatusCode.BadRequest, categoryDelete.StatusCode);
        Assert.Equal($"Category '{categoryKey}' can't be deleted: accounts '{accountKey}' use it", await categoryDelete.ErrorMessageAsync());

        await api.DeleteAsync($"/4/accounts/{accountKey}");
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/4/customers/{customerKey}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/4/account-categories/{categoryKey}")).StatusCode);
    }

    [Theory]
    [InlineData("""{"name":"n","status":"OPEN","leadAccountId":"u1"}""", "'key' is required.")]
    [InlineData("""{"key":"a b","name":"n","status":"OPEN","leadAccountId":"u1"}""", "'key' must contain only letters, digits, '_', '.' and '-' (pattern ^[A-Za-z0-9_.-]*$).")]
    [InlineData("""{"key":"K1","status":"OPEN","leadAccountId":"u1"}""", "'name' is required.")]
    [InlineData("""{"key":"K1","name":"n","leadAccountId":"u1"}""", "'status' is required: one of OPEN, CLOSED, ARCHIVED.")]
    [InlineData("""{"key":"K1","name":"n","status":"SHUT","leadAccountId":"u1"}""", "'status' must be one of OPEN, CLOSED, ARCHIVED, not 'SHUT'.")]
    [InlineData("""{"key":"K1","name":"n","status":"OPEN"}""", "'leadAccountId' is required.")]
    [InlineData("""{"key":"K1","name":"n","status":"OPEN","leadAccountId":"u1","monthlyBudget":-1}""", "'monthlyBudget' must be at least 0.")]
    [InlineData("""{"key":"K1","name":"n","status":"OPEN","leadAccountId":"u1","contactAccountId":"u2","externalContactName":"Ext"}""", "Give either 'contactAccountId' or 'externalContactName', not both.")]
    [InlineData("""{"key":"K1","name":"n","status":"OPEN","leadAccountId":"u1","global":"yes"}""", "The request body is not valid: 'global' has the wrong type or format.")]
    public async Task Invalid_accounts_get_400_naming_the_field(string body, string message)
    {
        var api = await factory.ApiClientAsync("accounts", "MANAGE");

        var response = await api.PostAsync("/4/accounts", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(message, await response.ErrorMessageAsync());
    }

    [Fact]
    public async Task Unknown_references_and_duplicate_keys_are_refused()
    {
        var api = await factory.ApiClientAsync("accounts", "MANAGE");
        var key = Unique("ACC");
        await api.PostJsonAsync("/4/accounts", AccountBody(key));

        var duplicate = await api.PostAsJsonAsync("/4/accounts", AccountBody(key));
        var noCustomer = await api.PostAsJsonAsync("/4/accounts", AccountBody(Unique("ACC"), customerKey: "NOPE"));
        var noCategory = await api.PostAsJsonAsync("/4/accounts", AccountBody(Unique("ACC"), categoryKey: "NOPE"));
        var noAccount = await api.PostAsJsonAsync("/4/account-links", new { accountKey = "NOPE", scopeType = "PROJECT", scopeId = 1 });
        var badScope = await api.PostAsJsonAsync("/4/account-links", new { accountKey = key, scopeType = "ISSUE", scopeId = 0 });

        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Equal($"Account with key '{key}' already exists", await duplicate.ErrorMessageAsync());
        Assert.Equal(HttpStatusCode.NotFound, noCustomer.StatusCode);
        Assert.Equal("Customer 'NOPE' not found", await noCustomer.ErrorMessageAsync());
        Assert.Equal("Category 'NOPE' not found", await noCategory.ErrorMessageAsync());
        Assert.Equal("Account 'NOPE' not found", await noAccount.ErrorMessageAsync());
        var errors = JsonNode.Parse(await badScope.Content.ReadAsStringAsync())!["errors"]!.AsArray().Select(e => e!["message"]!.GetValue<string>());
        Assert.Equal(["'scopeType' must be one of PROJECT, not 'ISSUE'.", "'scopeId' must be at least 1."], errors);
    }

    [Fact]
    public async Task Concurrent_creates_with_one_key_let_exactly_one_through()
    {
        var api = await factory.ApiClientAsync("accounts", "MANAGE");
        var key = Unique("RACE");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => api.PostAsJsonAsync("/4/customers", new { key, name = "racer" })));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Categories_filter_by_id_gives_an_empty_list_when_none()
    {
        var api = await factory.ApiClientAsync("accounts", "MANAGE");
        var category = await api.PostJsonAsync("/4/account-categories", new { key = Unique("CAT"), name = "c" });

        var one = await api.GetJsonAsync($"/4/account-categories?id={category["id"]}");
        var none = await api.GetJsonAsync("/4/account-categories?id=999999");

        Assert.Equal(1, one["metadata"]!["count"]!.GetValue<int>());
        Assert.Equal(category["key"]!.GetValue<string>(), one["results"]![0]!["key"]!.GetValue<string>());
        Assert.Equal("""{"count":0}""", none["metadata"]!.ToJsonString());
        Assert.Empty(none["results"]!.AsArray());
    }

    [Fact]
    public async Task Category_types_are_the_fixed_four()
    {
        var api = await factory.ApiClientAsync("accounts", "VIEW");

        var types = await api.GetJsonAsync("/4/account-category-types");

        Assert.Equal("""{"count":4}""", types["metadata"]!.ToJsonString());
        Assert.Equal(["BILLABLE", "CAPITALIZED", "INTERNAL", "OPERATIONAL"], types["results"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));
        Assert.Equal("http://localhost/4/account-category-types", types["self"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_customers_accounts_and_an_accounts_links_are_paged()
    {
        var api = await factory.ApiClientAsync("accounts", "MANAGE");
        var customerKey = Unique("CUST");
        var customer = await api.PostJsonAsync("/4/customers", new { key = customerKey, name = "c" });
        var accountKey = Unique("ACC");
        await api.PostJsonAsync("/4/accounts", AccountBody(accountKey, customerKey));
        await api.PostJsonAsync("/4/accounts", AccountBody(Unique("ACC"), customerKey));
        await api.PostJsonAsync("/4/account-links", new { accountKey, scopeType = "PROJECT", scopeId = 777 });

        var accounts = await api.GetJsonAsync($"/4/customers/{customer["id"]}/accounts?limit=1");
        var links = await api.GetJsonAsync($"/4/accounts/{accountKey}/links");

        Assert.Equal(1, accounts["metadata"]!["count"]!.GetValue<int>());
        Assert.NotNull(accounts["metadata"]!["next"]);
        Assert.Equal(777, links["results"]![0]!["scope"]!["id"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/4/customers/999999/accounts")).StatusCode);
    }

    [Fact]
    public async Task Forwarded_headers_shape_self_links_when_enabled()
    {
        using var proxied = new ForwardedFactory();
        var api = await proxied.ApiClientAsync("accounts", "VIEW");
        var request = new HttpRequestMessage(HttpMethod.Get, "/4/account-category-types");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "tempo.example.com");

        var body = await (await api.SendAsync(request)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("https://tempo.example.com/4/account-category-types", body["self"]!.GetValue<string>());
    }

    private sealed class ForwardedFactory : TempoApiFactory
    {
        protected override void ConfigureSettings(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder) =>
            builder.UseSetting("ForwardedHeaders:Enabled", "true");
    }
}
