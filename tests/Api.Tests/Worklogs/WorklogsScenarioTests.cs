using Tempo.Api.Tests.Infrastructure;
using static Tempo.Api.Tests.Worklogs.WorklogTestData;

namespace Tempo.Api.Tests.Worklogs;

public sealed class WorklogsScenarioTests(WorklogsApiFactory factory) : IClassFixture<WorklogsApiFactory>
{
    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_worklog_round_trips_with_its_derived_fields_and_a_full_replacement()
    {
        var api = await factory.ApiClientAsync("worklogs", "MANAGE");
        var author = NewAuthor();
        var issue = NewIssue();
        var createdAt = factory.Time.GetUtcNow();

        var created = await api.PostJsonAsync("/4/worklogs", Body(author, issue, "2026-06-02", "9:05:00", timeSpentSeconds: 5400));
        var id = created.Id();

        Assert.Equal($"http://localhost/4/worklogs/{id}", created["self"]!.GetValue<string>());
        Assert.Equal($$"""{"self":"http://localhost/rest/api/2/issue/{{issue}}","id":{{issue}}}""", created["issue"]!.ToJsonString());
        Assert.Equal(5400, created["timeSpentSeconds"]!.GetValue<long>());
        Assert.Equal(5400, created["billableSeconds"]!.GetValue<long>());
        Assert.Equal("2026-06-02", created["startDate"]!.GetValue<string>());
        Assert.Equal("09:05:00", created["startTime"]!.GetValue<string>());
        Assert.Equal("2026-06-02T09:05:00.000Z", created["startDateTimeUtc"]!.GetValue<string>());
        Assert.Equal("Did things", created["description"]!.GetValue<string>());
        Assert.Equal(Instant(createdAt), created["createdAt"]!.GetValue<string>());
        Assert.Equal(Instant(createdAt), created["updatedAt"]!.GetValue<string>());
        Assert.Equal(author, created["author"]!["accountId"]!.GetValue<string>());
        Assert.Equal($"http://localhost/4/users/{Uri.EscapeDataString(author)}", created["author"]!["self"]!.GetValue<string>());
        Assert.Equal($$"""{"self":"http://localhost/4/worklogs/{{id}}/work-attribute-values","values":[]}""", created["attributes"]!.ToJsonString());
        Assert.Equal(created.ToJsonString(), (await api.GetJsonAsync($"/4/worklogs/{id}")).ToJsonString());

        factory.Time.Advance(TimeSpan.FromHours(1));
        var replaced = await api.PutJsonAsync($"/4/worklogs/{id}", new { authorAccountId = author, startDate = "2026-06-03", timeSpentSeconds = 600, billableSeconds = 0 });

        Assert.Equal(id, replaced.Id());
        Assert.Equal(issue, replaced["issue"]!["id"]!.GetValue<long>());
        Assert.Equal("", replaced["description"]!.GetValue<string>());
        Assert.Equal("00:00:00", replaced["startTime"]!.GetValue<string>());
        Assert.Equal(0, replaced["billableSeconds"]!.GetValue<long>());
        Assert.Equal(Instant(createdAt), replaced["createdAt"]!.GetValue<string>());
        Assert.Equal(Instant(createdAt.AddHours(1)), replaced["updatedAt"]!.GetValue<string>());
        Assert.Equal(replaced.ToJsonString(), (await api.GetJsonAsync($"/4/worklogs/{id}")).ToJsonString());

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/4/worklogs/{id}")).StatusCode);
        var gone = await api.GetAsync($"/4/worklogs/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal($"Worklog '{id}' not found", await gone.ErrorMessageAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync($"/4/worklogs/{id}")).StatusCode);
        Assert.Empty((await api.GetJsonAsync($"/4/worklogs/issue/{issue}"))["results"]!.AsArray());
    }

    [Theory]
    [InlineData("""{"issueId":1,"startDate":"2026-06-01","timeSpentSeconds":60}""", "'authorAccountId' is required.")]
    [InlineData("""{"authorAccountId":"not valid!","issueId":1,"startDate":"2026-06-01","timeSpentSeconds":60}""", "'authorAccountId' is not a valid account id.")]
    [InlineData("""{"authorAccountId":"u1","startDate":"2026-06-01","timeSpentSeconds":60}""", "'issueId' is required.")]
    [InlineData("""{"authorAccountId":"u1","issueId":0,"startDate":"2026-06-01","timeSpentSeconds":60}""", "'issueId' must be at least 1.")]
    [InlineData("""{"authorAccountId":"u1","issueId":"10001","startDate":"2026-06-01","timeSpentSeconds":60}""", "The request body is not valid: 'issueId' has the wrong type or format.")]
    [InlineData("""{"authorAccountId":"u1","issueId":1,"timeSpentSeconds":60}""", "'startDate' is required.")]
    [InlineData("""{"authorAccountId":"u1","issueId":1,"startDate":"2026-6-1","timeSpentSeconds":60}""", "Non valid date '2026-6-1' for 'startDate': format must be yyyy-MM-dd.")]
    [InlineData("""{"authorAccountId":"u1","issueId":1,"startDate":"2026-06-01","startTime":"09:00","timeSpentSeconds":60}""", "'startTime' must be valid on the format: 'HH:mm:ss'.")]
    [InlineData("""{"authorAccountId":"u1","issueId":1,"startDate":"2026-06-01","startTime":"24:00:00","timeSpentSeconds":60}""", "'startTime' must be valid on the format: 'HH:mm:ss'.")]
    [InlineData("""{"authorAccountId":"u1","issueId":1,"startDate":"2026-06-01"}""", "'timeSpentSeconds' is required.")]
    [InlineData("""{"authorAccountId":"u1","issueId":1,"startDate":"2026-06-01","timeSpentSeconds":0}""", "'timeSpentSeconds' must be at least 1.")]
    [InlineData("""{"authorAccountId":"u1","issueId":1,"startDate":"2026-06-01","timeSpentSeconds":60,"billableSeconds":-1}""", "'billableSeconds' must be at least 0.")]
    [InlineData("""{"authorAccountId":"u1","issueId":1,"startDate":"2026-06-01","timeSpentSeconds":60,"attributes":[{"value":"x"}]}""", "'attributes[0].key' is required.")]
    [InlineData("""{"authorAccountId":"u1","issueId":1,"startDate":"2026-06-01","timeSpentSeconds":60,"attributes":[{"key":"_NoSuch_","value":"x"}]}""", "'attributes': work attribute '_NoSuch_' does not exist.")]
    [InlineData("""{"authorAccountId":"u1","issueId":1,"startDate":"2026-06-01","timeSpentSeconds":60,"attributes":[{"key":"k","value":"x"},{"key":"k","value":"y"}]}""", "'attributes': work attribute 'k' is given more than once.")]
    public async Task Invalid_worklogs_get_400_naming_the_field(string body, string message)
    {
        var api = await factory.ApiClientAsync("worklogs", "MANAGE");

        var response = await api.PostAsync("/4/worklogs", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(message, await response.ErrorMessageAsync());
    }

    [Fact]
    public async Task Unknown_worklog_ids_get_404_everywhere()
    {
        var api = await factory.ApiClientAsync("worklogs", "MANAGE");
        var update = new { authorAccountId = NewAuthor(), startDate = "2026-06-01", timeSpentSeconds = 60 };

        foreach (var id in new[] { "987654321987", "abc", "0" })
        {
            Assert.Equal($"Worklog '{id}' not found", await (await api.GetAsync($"/4/worklogs/{id}")).ErrorMessageAsync());
            Assert.Equal(HttpStatusCode.NotFound, (await api.PutAsJsonAsync($"/4/worklogs/{id}", update)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync($"/4/worklogs/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/4/worklogs/{id}/work-attribute-values")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/4/worklogs/{id}/work-attribute-values/_Account_")).StatusCode);
        }
    }

    [Fact]
    public async Task Each_list_and_filter_finds_exactly_its_worklogs()
    {
        var api = await factory.ApiClientAsync("worklogs", "MANAGE");
        var accounts = await factory.ApiClientAsync("accounts", "MANAGE");
        var (a, b) = (NewAuthor(), NewAuthor());
        var (p, q) = (NewProject(), NewProject());
        var (i1, i2, j) = (IssueOf(p, 1), IssueOf(p, 2), IssueOf(q, 1));
        var accountKey = ScopedClients.Unique("ACC");
        await accounts.PostJsonAsync("/4/accounts", new { key = accountKey, name = "Billable", status = "OPEN", leadAccountId = "557058:lead" });
        await api.PostAsJsonAsync("/4/work-attributes", new { key = "_Account_", name = "Account", type = "ACCOUNT" });

        var w1 = (await api.CreateAsync(a, i1, "2026-06-01")).Id();
        var w2 = (await api.CreateAsync(a, i2, "2026-06-02")).Id();
        var w3 = (await api.CreateAsync(b, i1, "2026-06-02", "10:00:00")).Id();
        var w4 = (await api.CreateAsync(b, j, "2026-06-03", attributes: [new { key = "_Account_", value = accountKey }])).Id();
        factory.Time.Advance(TimeSpan.FromDays(1));
        var since = factory.Time.GetUtcNow();
        var w5 = (await api.CreateAsync(a, j, "2026-07-01")).Id();

        async Task<long[]> Ids(string url) => [.. (await api.GetJsonAsync(url))["results"]!.AsArray().Select(r => r!["tempoWorklogId"]!.GetValue<long>())];
        async Task<long[]> Searched(object body) => [.. (await api.PostJsonAsync("/4/worklogs/search", body))["results"]!.AsArray().Select(r => r!["tempoWorklogId"]!.GetValue<long>())];

        Assert.Equal([w1, w2, w5], await Ids($"/4/worklogs/user/{a}"));
        Assert.Equal([w1, w2], await Ids($"/4/worklogs/user/{a}?from=2026-06-01&to=2026-06-30"));
        Assert.Equal([w5], await Ids($"/4/worklogs/user/{a}?updatedFrom={since.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}"));
        Assert.Equal([w5], await Ids($"/4/worklogs/user/{a}?updatedFrom={since.UtcDateTime:yyyy-MM-dd}"));
        Assert.Equal([w1, w3], await Ids($"/4/worklogs/issue/{i1}"));
        Assert.Equal([w1, w2, w3], await Ids($"/4/worklogs/project/{p}"));
        Assert.Equal([w2, w3], await Ids($"/4/worklogs/project/{p}?from=2026-06-02"));
        Assert.Equal([w4], await Ids($"/4/worklogs/account/{accountKey}"));
        Assert.Equal([w4, w5], await Ids($"/4/worklogs/project/{q}"));
        Assert.Equal([w2, w3, w4], await Ids($"/4/worklogs?from=2026-06-02&to=2026-06-03&projectId={p}&projectId={q}"));
        Assert.Equal([w1, w3, w4, w5], await Ids($"/4/worklogs?issueId={i1}&issueId={j}"));
        // Ids come from per-silo blocks, so they need not follow creation order: expect them sorted.
        Assert.Equal(new[] { w1, w2, w3 }.OrderDescending(), await Ids($"/4/worklogs?projectId={p}&orderBy=ID"));
        Assert.Equal([w3, w2, w1], await Ids($"/4/worklogs?projectId={p}&orderBy=START_DATE_TIME"));
        Assert.Equal((long[])[w5, .. new[] { w2, w4 }.OrderDescending()], await Ids($"/4/worklogs?issueId={i2}&issueId={j}&orderBy=UPDATED"));

        Assert.Equal([w1, w2, w3], await Searched(new { authorIds = new[] { a, b }, projectIds = new[] { p } }));
        Assert.Equal([w4], await Searched(new { authorIds = new[] { b }, issueIds = new[] { j } }));
        Assert.Equal([w2, w3], await Searched(new { projectIds = new[] { p }, from = "2026-06-02", to = "2026-06-02" }));
        Assert.Equal([w3, w2, w1], await Searched(new { projectIds = new[] { p }, orderBy = new[] { new { field = "START_DATE_TIME", order = "DESC" } } }));
        Assert.Equal([w5], await Searched(new { authorIds = new[] { a, b }, updatedFrom = since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) }));
        Assert.Equal((long[])[.. new[] { w1, w2, w3, w4 }.OrderDescending(), w5], await Searched(new { authorIds = new[] { a, b }, orderBy = new[] { new { field = "UPDATED", order = "ASC" }, new { field = "ID", order = "DESC" } } }));

        Assert.Equal($"Account 'NOPE-{p}' not found", await (await api.GetAsync($"/4/worklogs/account/NOPE-{p}")).ErrorMessageAsync());
        Assert.Equal("'from' must not be after 'to'.", await (await api.GetAsync("/4/worklogs?from=2026-06-02&to=2026-06-01")).ErrorMessageAsync());
        Assert.Equal("Non valid date 'June' for 'to': format must be yyyy-MM-dd.", await (await api.GetAsync("/4/worklogs?to=June")).ErrorMessageAsync());
        Assert.Equal("'orderBy' must be one of ID, START_DATE_TIME, UPDATED, not 'NAME'.", await (await api.GetAsync("/4/worklogs?orderBy=NAME")).ErrorMessageAsync());
    }
}
