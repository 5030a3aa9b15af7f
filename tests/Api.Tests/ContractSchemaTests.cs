using System.Text.RegularExpressions;
using Tempo.Api.Tests.Infrastructure;
using Xunit.Sdk;

namespace Tempo.Api.Tests;

public sealed class ContractSchemaTests
{
    private const string Account = """
        {
          "self": "https://api.tempo.io/4/accounts/ACME",
          "key": "ACME",
          "id": 7,
          "name": "Acme support",
          "status": "OPEN",
          "global": false,
          "monthlyBudget": 120,
          "lead": { "self": "https://acme.atlassian.net/rest/api/2/user?accountId=5b10a2844c20165700ede21g", "accountId": "5b10a2844c20165700ede21g" },
          "contact": { "self": "https://acme.atlassian.net/rest/api/2/user?accountId=5b10ac8d82e05b22cc7d4ef5", "accountId": "5b10ac8d82e05b22cc7d4ef5", "type": "USER" },
          "category": { "self": "https://api.tempo.io/4/account-categories/BILL", "key": "BILL", "id": 2, "name": "Billable", "type": { "name": "BILLABLE" } },
          "customer": { "self": "https://api.tempo.io/4/customers/3", "key": "ACME-CORP", "id": 3, "name": "Acme Corp" },
          "links": { "self": "https://api.tempo.io/4/accounts/ACME/links" }
        }
        """;

    private const string Worklog = """
        {
          "self": "https://api.tempo.io/4/worklogs/126",
          "tempoWorklogId": 126,
          "issue": { "self": "https://acme.atlassian.net/rest/api/2/issue/10010", "id": 10010 },
          "timeSpentSeconds": 3600,
          "billableSeconds": 3600,
          "startDate": "2024-03-18",
          "startTime": "09:00:00",
          "description": "Release planning",
          "createdAt": "2024-03-18T10:02:11Z",
          "updatedAt": "2024-03-18T10:02:11Z",
          "author": { "self": "https://acme.atlassian.net/rest/api/2/user?accountId=5b10a2844c20165700ede21g", "accountId": "5b10a2844c20165700ede21g" },
          "attributes": { "self": "https://api.tempo.io/4/worklogs/126/work-attribute-values", "values": [] }
        }
        """;

    [Fact]
    public void A_valid_account_has_no_violations()
    {
        Assert.Empty(ContractSchema.Validate("Account", JsonNode.Parse(Account)));
    }

    [Fact]
    public void A_missing_required_property_is_reported()
    {
        var account = AccountWith(a => a.Remove("key"));

        Assert.Equal(["$: required property 'key' is missing"], ContractSchema.Validate("Account", account));
    }

    [Fact]
    public void A_required_property_that_is_null_is_reported_but_an_optional_one_is_not()
    {
        var account = AccountWith(a =>
        {
            a["name"] = null;
            a["monthlyBudget"] = null;
        });

        Assert.Equal(["$: required property 'name' is null"], ContractSchema.Validate("Account", account));
    }

    [Fact]
    public void Properties_the_schema_does_not_list_are_allowed()
    {
        var account = AccountWith(a => a["somethingNew"] = new JsonObject { ["x"] = 1 });

        Assert.Empty(ContractSchema.Validate("Account", account));
    }

    [Fact]
    public void A_string_id_is_a_wrong_type()
    {
        var account = AccountWith(a => a["id"] = "7");

        Assert.Equal(["$.id: expected integer (int32), got string"], ContractSchema.Validate("Account", account));
    }

    [Fact]
    public void An_integer_must_be_a_whole_number()
    {
        var account = AccountWith(a => a["id"] = 7.5);

        Assert.Equal(["$.id: expected integer (int32), got 7.5"], ContractSchema.Validate("Account", account));
    }

    [Fact]
    public void A_value_outside_the_enum_is_reported()
    {
        var account = AccountWith(a => a["status"] = "FOO");

        Assert.Equal(["$.status: 'FOO' is not one of CLOSED, OPEN, ARCHIVED"], ContractSchema.Validate("Account", account));
    }

    [Fact]
    public void An_int32_overflow_is_reported()
    {
        var account = AccountWith(a => a["monthlyBudget"] = 2147483648L);

        Assert.Equal(["$.monthlyBudget: 2147483648 is outside the int32 range"], ContractSchema.Validate("Account", account));
    }

    [Fact]
    public void A_bad_item_inside_a_page_is_reported_with_its_index()
    {
        var leadless = AccountWith(a => a["lead"]!.AsObject().Remove("accountId"));
        var page = new JsonObject
        {
            ["self"] = "https://api.tempo.io/4/accounts?offset=0&limit=50",
            ["metadata"] = new JsonObject { ["count"] = 3, ["offset"] = 0, ["limit"] = 50 },
            ["results"] = new JsonArray(JsonNode.Parse(Account), JsonNode.Parse(Account), leadless),
        };

        Assert.Equal(["$.results[2].lead: required property 'accountId' is missing"], ContractSchema.Validate("PageableAccount", page));
    }

    [Fact]
    public void An_external_contact_matches_the_second_oneOf_alternative()
    {
        var contact = JsonNode.Parse("""{ "displayName": "Jane Roe", "type": "EXTERNAL" }""");

        Assert.Empty(ContractSchema.Validate("Contact", contact));
    }

    [Fact]
    public void A_contact_matching_no_oneOf_alternative_is_explained_by_the_closest_one()
    {
        // UserContact needs accountId and self, ExternalContact only displayName: the latter is closer.
        var account = AccountWith(a => a["contact"] = new JsonObject { ["type"] = "USER" });

        Assert.Equal(
            [
                "$.contact: matches no oneOf alternative (UserContact: 2 violation(s), ExternalContact: 1 violation(s)); closest is ExternalContact",
                "$.contact: required property 'displayName' is missing",
            ],
            ContractSchema.Validate("Account", account));
    }

    [Fact]
    public void String_formats_and_bounds_are_checked()
    {
        var membership = JsonNode.Parse("""{ "from": "2024-02-30", "to": "2024-12-31", "commitmentPercent": 150 }""");
        var search = JsonNode.Parse("""{ "updatedFrom": "2024-03-18T10:00:00" }""");
        var badSearch = JsonNode.Parse("""{ "updatedFrom": "18/03/2024" }""");
        var worklogInput = JsonNode.Parse("""{ "authorAccountId": "abc", "issueId": 1, "startDate": "2024-03-18", "timeSpentSeconds": 60, "startTime": "9:60:00" }""");

        Assert.Equal(
            ["$.commitmentPercent: 150 is greater than the maximum 100", "$.from: '2024-02-30' is not a valid date"],
            ContractSchema.Validate("MembershipInput", membership).Order());
        Assert.Empty(ContractSchema.Validate("WorklogSearchInput", search));
        Assert.Equal(["$.updatedFrom: '18/03/2024' is not a valid yyyy-MM-dd['T'HH:mm:ss]['Z']"], ContractSchema.Validate("WorklogSearchInput", badSearch));
        Assert.Contains("$.startTime: '9:60:00' does not match the pattern", Assert.Single(ContractSchema.Validate("WorklogInput", worklogInput)));
    }

    [Fact]
    public void An_undocumented_status_is_reported()
    {
        var getAccounts = Operation("getAccounts");

        Assert.Equal(
            ["getAccounts (GET /4/accounts): status 500 is not documented (documented: 200)"],
            ContractSchema.ValidateResponse(getAccounts, 500, null));
    }

    [Fact]
    public void A_status_documented_without_a_body_requires_nothing()
    {
        Assert.Empty(ContractSchema.ValidateResponse(Operation("createAccount"), 404, JsonNode.Parse("""{ "errors": [] }""")));
        Assert.Empty(ContractSchema.ValidateResponse(Operation("deleteAccount"), 204, null));
    }

    [Fact]
    public void An_inline_array_response_checks_each_item()
    {
        var bulk = Operation("bulkCreateWorklog");
        var worklogs = new JsonArray(JsonNode.Parse(Worklog), JsonNode.Parse(Worklog));
        worklogs[1]!["startDate"] = "2024-03-18T09:00:00";

        Assert.Empty(ContractSchema.ValidateResponse(bulk, 200, new JsonArray(JsonNode.Parse(Worklog))));
        Assert.Equal(["$[1].startDate: '2024-03-18T09:00:00' is not a valid date"], ContractSchema.ValidateResponse(bulk, 200, worklogs));
        Assert.Equal(["$: expected array, got object"], ContractSchema.ValidateResponse(bulk, 200, JsonNode.Parse(Worklog)));
    }

    [Fact]
    public void AssertValid_fails_with_the_operation_and_every_violation()
    {
        var getAccount = Operation("getAccountById");
        var broken = AccountWith(a =>
        {
            a["id"] = "7";
            a["status"] = "FOO";
        }).ToJsonString();

        ContractSchema.AssertValid(getAccount, 200, Account);
        var failure = Assert.Throws<TrueException>(() => ContractSchema.AssertValid(getAccount, 200, broken));
        Assert.Contains("getAccountById (GET /4/accounts/{id})", failure.Message);
        Assert.Contains("$.id: expected integer (int32), got string", failure.Message);
        Assert.Contains("$.status: 'FOO' is not one of CLOSED, OPEN, ARCHIVED", failure.Message);
        Assert.Throws<TrueException>(() => ContractSchema.AssertValid(getAccount, 200, "Not found"));
        ContractSchema.AssertValid(Operation("deleteAccount"), 204, "");
    }

    [Fact]
    public void The_fixture_uses_only_keywords_the_validator_understands()
    {
        var schemas = Contract.AllSchemas
            .Concat(Contract.AllOperations.SelectMany(o => o.Raw["responses"]!.AsObject()).Select(r => r.Value).OfType<JsonObject>());
        var all = schemas.SelectMany(SchemaAndSubschemas).ToList();

        Assert.Empty(all.SelectMany(s => s.Select(keyword => keyword.Key)).Distinct().Except(ContractSchema.SupportedKeywords));
        Assert.All(all.Select(s => s["$ref"]?.GetValue<string>()).OfType<string>(), name => ContractSchema.Resolve(name));
        Assert.All(all.Select(s => s["pattern"]?.GetValue<string>()).OfType<string>(), pattern => _ = new Regex(pattern));
    }

    private static IEnumerable<JsonObject> SchemaAndSubschemas(JsonObject schema)
    {
        var nested = (schema["properties"] as JsonObject)?.Select(p => p.Value) ?? [];
        nested = nested
            .Append(schema["items"])
            .Append(schema["additionalProperties"])
            .Concat(schema["oneOf"] as JsonArray ?? [])
            .Concat(schema["allOf"] as JsonArray ?? []);
        return nested.OfType<JsonObject>().SelectMany(SchemaAndSubschemas).Prepend(schema);
    }

    private static JsonObject AccountWith(Action<JsonObject> change)
    {
        var account = JsonNode.Parse(Account)!.AsObject();
        change(account);
        return account;
    }

    private static Contract.Operation Operation(string operationId) =>
        Contract.Operations.Single(o => o.OperationId == operationId);
}
