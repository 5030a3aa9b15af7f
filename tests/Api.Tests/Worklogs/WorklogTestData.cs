using Tempo.Api.Tests.Infrastructure;

namespace Tempo.Api.Tests.Worklogs;

/// <summary>Fresh authors, issues and projects for each test, and worklog bodies.</summary>
public static class WorklogTestData
{
    public static string NewAuthor() => TempoClient.NewAccountId();

    /// <summary>A project id no other test uses; its issues are <c>project * 100 + n</c>.</summary>
    public static long NewProject() => Random.Shared.NextInt64(1_000_000, 90_000_000);

    public static long IssueOf(long project, int n = 1) => (project * 100) + n;

    public static long NewIssue() => IssueOf(NewProject());

    public static object Body(string author, long issueId, string startDate, string? startTime = "09:00:00", long timeSpentSeconds = 3600, object[]? attributes = null, string? description = "Did things") =>
        new { authorAccountId = author, issueId, startDate, startTime, timeSpentSeconds, description, attributes };

    public static async Task<JsonNode> CreateAsync(this HttpClient api, string author, long issueId, string startDate, string? startTime = "09:00:00", object[]? attributes = null) =>
        await api.PostJsonAsync("/4/worklogs", Body(author, issueId, startDate, startTime, attributes: attributes));

    public static long Id(this JsonNode worklog) => worklog["tempoWorklogId"]!.GetValue<long>();

    /// <summary>Follows <c>next</c> from <paramref name="first"/> to the last page and returns every result's id in order.</summary>
    public static async Task<(List<long> Ids, int Pages)> AllPagesAsync(this HttpClient api, string first, Func<string, Task<JsonNode>>? fetch = null)
    {
        fetch ??= url => api.GetJsonAsync(url);
        var ids = new List<long>();
        string? next = first;
        var pages = 0;
        while (next is not null && pages++ < 1000)
        {
            var page = await fetch(next);
            var results = page["results"]!.AsArray();
            Assert.Equal(results.Count, page["metadata"]!["count"]!.GetValue<int>());
            ids.AddRange(results.Select(r => r!["tempoWorklogId"]!.GetValue<long>()));
            var metadata = page["metadata"]!.AsObject();
            next = metadata.TryGetPropertyValue("next", out var link) ? link!.GetValue<string>() : null;
        }

        return (ids, pages);
    }
}
