using Tempo.Api.Tests.Infrastructure;
using static Tempo.Api.Tests.Infrastructure.ScopedClients;
using static Tempo.Api.Tests.Worklogs.WorklogTestData;

namespace Tempo.Api.Tests.Worklogs;

public sealed class WorkAttributesTests(WorklogsApiFactory factory) : IClassFixture<WorklogsApiFactory>
{
    [Fact]
    public async Task Work_attributes_are_created_read_replaced_and_deleted()
    {
        var api = await factory.ApiClientAsync("worklogs", "MANAGE");
        var key = Unique("_Colour");

        var created = await api.PostJsonAsync("/4/work-attributes", new { key, name = "Colour", type = "STATIC_LIST", required = false, values = new[] { "r", "g" }, names = new { r = "Red" } });
        var duplicate = await api.PostAsJsonAsync("/4/work-attributes", new { key, name = "Again", type = "INPUT_FIELD" });
        var renamed = await api.PutJsonAsync($"/4/work-attributes/{key}", new { name = "Color", type = "STATIC_LIST", values = new[] { "r", "g", "b" }, names = new { g = "Green" } });
        var field = await api.PostJsonAsync("/4/work-attributes", new { key = Unique("_Note"), name = "Note", type = "INPUT_FIELD", values = new[] { "ignored" } });

        Assert.Equal($$$"""{"self":"http://localhost/4/work-attributes/{{{key}}}","key":"{{{key}}}","name":"Colour","type":"STATIC_LIST","required":false,"values":["r","g"],"names":{"r":"Red","g":"g"}}""", created.ToJsonString());
        Assert.Equal($"Work attribute with key '{key}' already exists", await duplicate.ErrorMessageAsync());
        Assert.Equal("""{"r":"r","g":"Green","b":"b"}""", renamed["names"]!.ToJsonString());
        Assert.Equal(renamed.ToJsonString(), (await api.GetJsonAsync($"/4/work-attributes/{key}")).ToJsonString());
        Assert.Null(field["values"]);
        Assert.Contains(key, (await api.GetJsonAsync("/4/work-attributes?limit=5000"))["results"]!.AsArray().Select(a => a!["key"]!.GetValue<string>()));

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/4/work-attributes/{key}")).StatusCode);
        Assert.Equal($"Work attribute '{key}' not found", await (await api.GetAsync($"/4/work-attributes/{key}")).ErrorMessageAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await api.PutAsJsonAsync($"/4/work-attributes/{key}", new { name = "x", type = "CHECKBOX" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync($"/4/work-attributes/{key}")).StatusCode);
    }

    [Theory]
    [InlineData("""{"name":"n","type":"CHECKBOX"}""", "'key' is required.")]
    [InlineData("""{"key":"a b","name":"n","type":"CHECKBOX"}""", "'key' must contain only letters, digits, '_', '.' and '-' (pattern ^[A-Za-z0-9_.-]*$).")]
    [InlineData("""{"key":"k1","type":"CHECKBOX"}""", "'name' is required.")]
    [InlineData("""{"key":"k1","name":"n"}""", "'type' is required: one of ACCOUNT, CHECKBOX, INPUT_FIELD, INPUT_NUMERIC, STATIC_LIST, DYNAMIC_DROPDOWN.")]
    [InlineData("""{"key":"k1","name":"n","type":"COLOUR"}""", "'type' must be one of ACCOUNT, CHECKBOX, INPUT_FIELD, INPUT_NUMERIC, STATIC_LIST, DYNAMIC_DROPDOWN, not 'COLOUR'.")]
    [InlineData("""{"key":"k1","name":"n","type":"STATIC_LIST"}""", "'values' is required for a STATIC_LIST work attribute.")]
    [InlineData("""{"key":"k1","name":"n","type":"STATIC_LIST","values":["a","a"]}""", "'values' has 'a' more than once.")]
    [InlineData("""{"key":"k1","name":"n","type":"STATIC_LIST","values":["a"],"names":{"b":"B"}}""", "'names' has 'b', which is not one of the 'values'.")]
    [InlineData("""{"key":"k1","name":"n","type":"DYNAMIC_DROPDOWN","clientSecret":"short"}""", "'clientSecret' must be 8 to 128 characters.")]
    public async Task Invalid_work_attributes_get_400_naming_the_field(string body, string message)
    {
        var api = await factory.ApiClientAsync("worklogs", "MANAGE");

        var response = await api.PostAsync("/4/work-attributes", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(message, await response.ErrorMessageAsync());
    }

    [Fact]
    public async Task Worklog_attribute_values_must_fit_their_type()
    {
        var api = await factory.ApiClientAsync("worklogs", "MANAGE");
        var accounts = await factory.ApiClientAsync("accounts", "MANAGE");
        var accountKey = Unique("ACC");
        await accounts.PostJsonAsync("/4/accounts", new { key = accountKey, name = "Acme", status = "OPEN", leadAccountId = "557058:lead" });
        var (account, box, text, number, list) = (Unique("_Acct"), Unique("_Box"), Unique("_Text"), Unique("_Num"), Unique("_List"));
        await api.PostJsonAsync("/4/work-attributes", new { key = account, name = "Account", type = "ACCOUNT" });
        await api.PostJsonAsync("/4/work-attributes", new { key = box, name = "Overtime", type = "CHECKBOX" });
        await api.PostJsonAsync("/4/work-attributes", new { key = text, name = "Ticket", type = "INPUT_FIELD" });
        await api.PostJsonAsync("/4/work-attributes", new { key = number, name = "Km", type = "INPUT_NUMERIC" });
        await api.PostJsonAsync("/4/work-attributes", new { key = list, name = "Phase", type = "STATIC_LIST", values = new[] { "design", "build" } });
        var (author, issue) = (NewAuthor(), NewIssue());

        async Task<HttpResponseMessage> WithAsync(string key, object value) =>
            await api.PostAsJsonAsync("/4/worklogs", Body(author, issue, "2026-06-01", attributes: [new { key, value }]));

        var refused = new (string Key, object Value, string Message)[]
        {
            (account, "NOPE", "'attributes': account 'NOPE' does not exist."),
            (box, "yes", $"'attributes': work attribute '{box}' takes true or false, not 'yes'."),
            (number, "twelve", $"'attributes': work attribute '{number}' takes a number, not 'twelve'."),
            (list, "test", $"'attributes': 'test' is not a value of work attribute '{list}' (one of design, build)."),
        };
        foreach (var (key, value, message) in refused)
        {
            var response = await WithAsync(key, value);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(message, await response.ErrorMessageAsync());
        }

        var accepted = new (string Key, object Value, string Stored)[]
        {
            (account, accountKey, accountKey), (box, true, "true"), (box, "false", "false"), (text, "JIRA-1 anything", "JIRA-1 anything"),
            (number, 12.5, "12.5"), (number, "-3", "-3"), (list, "build", "build"),
        };
        foreach (var (key, value, stored) in accepted)
        {
            var worklog = await (await WithAsync(key, value)).ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal($$"""[{"key":"{{key}}","value":"{{stored}}"}]""", worklog["attributes"]!["values"]!.ToJsonString());
        }
    }

    [Fact]
    public async Task Attribute_values_are_added_create_only_and_read_back()
    {
        var api = await factory.ApiClientAsync("worklogs", "MANAGE");
        var (note, list) = (Unique("_Note"), Unique("_List"));
        await api.PostJsonAsync("/4/work-attributes", new { key = note, name = "Note", type = "INPUT_FIELD" });
        await api.PostJsonAsync("/4/work-attributes", new { key = list, name = "Phase", type = "STATIC_LIST", values = new[] { "a", "b" } });
        var (author, issue) = (NewAuthor(), NewIssue());
        var first = (await api.CreateAsync(author, issue, "2026-06-01")).Id();
        var second = (await api.CreateAsync(author, issue, "2026-06-02", attributes: [new { key = note, value = "kept" }])).Id();

        var added = await api.PostAsJsonAsync("/4/worklogs/work-attribute-values", new[]
        {
            new { tempoWorklogId = first, attributeValues = new[] { new { key = note, value = "hello" }, new { key = list, value = "b" } } },
        });
        var again = await api.PostAsJsonAsync("/4/worklogs/work-attribute-values", new[] { new { tempoWorklogId = second, attributeValues = new[] { new { key = note, value = "x" } } } });
        var unknownWorklog = await api.PostAsJsonAsync("/4/worklogs/work-attribute-values", new[] { new { tempoWorklogId = 98765432123L, attributeValues = new[] { new { key = note, value = "x" } } } });
        var unknownKey = await api.PostAsJsonAsync("/4/worklogs/work-attribute-values", new[] { new { tempoWorklogId = second, attributeValues = new[] { new { key = "_NoSuchKey_", value = "x" } } } });
        var badValue = await api.PostAsJsonAsync("/4/worklogs/work-attribute-values", new[] { new { tempoWorklogId = second, attributeValues = new[] { new { key = list, value = "z" } } } });

        Assert.Equal(HttpStatusCode.NoContent, added.StatusCode);
        Assert.Equal($"'attributeValues': worklog '{second}' already has a value for work attribute '{note}'.", await again.ErrorMessageAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknownWorklog.StatusCode);
        Assert.Equal("Work attribute '_NoSuchKey_' not found", await unknownKey.ErrorMessageAsync());
        Assert.Equal(HttpStatusCode.BadRequest, badValue.StatusCode);

        var values = await api.GetJsonAsync($"/4/worklogs/{first}/work-attribute-values");
        Assert.Equal($$"""{"self":"http://localhost/4/worklogs/{{first}}/work-attribute-values","metadata":{"count":2},"results":[{"key":"{{note}}","value":"hello"},{"key":"{{list}}","value":"b"}]}""", values.ToJsonString());
        Assert.Equal($$"""{"key":"{{list}}","value":"b"}""", (await api.GetJsonAsync($"/4/worklogs/{first}/work-attribute-values/{list}")).ToJsonString());
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/4/worklogs/{second}/work-attribute-values/{list}")).StatusCode);

        var searched = await api.PostJsonAsync("/4/worklogs/work-attribute-values/search", new { tempoWorklogIds = new[] { second, 98765432123L, first } });
        Assert.Equal($$"""[{"tempoWorklogId":{{second}},"workAttributeValues":[{"key":"{{note}}","value":"kept"}]},{"tempoWorklogId":{{first}},"workAttributeValues":[{"key":"{{note}}","value":"hello"},{"key":"{{list}}","value":"b"}]}]""", searched.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsJsonAsync("/4/worklogs/work-attribute-values/search", new { tempoWorklogIds = Enumerable.Range(1, 501) })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsJsonAsync("/4/worklogs/work-attribute-values/search", new { tempoWorklogIds = Array.Empty<long>() })).StatusCode);
    }
}

/// <summary>A required attribute applies to every worklog write, so it gets a service of its own.</summary>
public sealed class RequiredWorkAttributeTests(WorklogsApiFactory factory) : IClassFixture<WorklogsApiFactory>
{
    [Fact]
    public async Task A_required_attribute_must_have_a_value_on_create_update_and_bulk()
    {
        var api = await factory.ApiClientAsync("worklogs", "MANAGE");
        var key = Unique("_Phase");
        await api.PostJsonAsync("/4/work-attributes", new { key, name = "Phase", type = "STATIC_LIST", required = true, values = new[] { "a" } });
        var (author, issue) = (NewAuthor(), NewIssue());
        var message = $"'attributes': work attribute '{key}' is required.";

        var without = await api.PostAsJsonAsync("/4/worklogs", Body(author, issue, "2026-06-01"));
        var empty = await api.PostAsJsonAsync("/4/worklogs", Body(author, issue, "2026-06-01", attributes: [new { key, value = "" }]));
        var with = await api.PostJsonAsync("/4/worklogs", Body(author, issue, "2026-06-01", attributes: [new { key, value = "a" }]));
        var update = await api.PutAsJsonAsync($"/4/worklogs/{with.Id()}", new { authorAccountId = author, startDate = "2026-06-01", timeSpentSeconds = 60 });
        var bulk = await api.PostAsJsonAsync($"/4/worklogs/issue/{issue}/bulk", new[] { new { authorAccountId = author, startDate = "2026-06-01", timeSpentSeconds = 60 } });

        Assert.Equal(message, await without.ErrorMessageAsync());
        Assert.Equal(message, await empty.ErrorMessageAsync());
        Assert.Equal(message, await update.ErrorMessageAsync());
        Assert.Equal(message, await bulk.ErrorMessageAsync());
        Assert.Equal([with.Id()], (await api.GetJsonAsync($"/4/worklogs/issue/{issue}"))["results"]!.AsArray().Select(w => w!["tempoWorklogId"]!.GetValue<long>()));
    }
}
