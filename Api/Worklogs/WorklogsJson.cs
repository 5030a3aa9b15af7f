using System.Globalization;
using System.Text.Json.Serialization;
using Tempo.Api.Conventions;
using Tempo.Grains.Interfaces.Worklogs;
using static Tempo.Api.Accounts.AccountsJson;

namespace Tempo.Api.Worklogs;

/// <summary>The Worklogs scope's objects as Tempo v4 shows them, with absolute <c>self</c> links.</summary>
public static class WorklogsJson
{
    /// <summary>Where Jira's REST API is, for <c>issue.self</c>; without it, links point at this service's host.</summary>
    public const string JiraBaseUrlSetting = "Jira:BaseUrl";

    public sealed record IssueJson(string Self, long Id);

    public sealed record WorkAttributeValueJson(string Key, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Value);

    public sealed record AttributesJson(string Self, IReadOnlyList<WorkAttributeValueJson> Values);

    public sealed record WorklogJson(
        string Self,
        long TempoWorklogId,
        IssueJson Issue,
        long TimeSpentSeconds,
        long BillableSeconds,
        string StartDate,
        string StartTime,
        DateTimeOffset StartDateTimeUtc,
        string Description,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt,
        UserJson Author,
        AttributesJson Attributes);

    public sealed record WorklogIdMapperJson(long TempoWorklogId, long JiraWorklogId);

    public sealed record WorkAttributeValuesByWorklogJson(long TempoWorklogId, IReadOnlyList<WorkAttributeValueJson> WorkAttributeValues);

    public sealed record WorkAttributeJson(
        string Self,
        string Key,
        string Name,
        string Type,
        bool Required,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Values,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Names);

    public static WorklogJson Worklog(HttpRequest request, Worklog worklog) => new(
        Links.To(request, "/4/worklogs/", worklog.Id),
        worklog.Id,
        new IssueJson(IssueSelf(request, worklog.IssueId), worklog.IssueId),
        worklog.TimeSpentSeconds,
        worklog.BillableSeconds,
        DateText(worklog.StartDate),
        TimeText(worklog.StartTime),
        worklog.StartDateTimeUtc,
        worklog.Description ?? string.Empty,
        worklog.CreatedAt,
        worklog.UpdatedAt,
        new UserJson(worklog.AuthorAccountId, Links.UserSelf(request, worklog.AuthorAccountId)),
        new AttributesJson(AttributeValuesSelf(request, worklog.Id), Values(worklog)));

    public static IReadOnlyList<WorkAttributeValueJson> Values(Worklog worklog) =>
        worklog.Attributes.IsDefaultOrEmpty ? [] : [.. worklog.Attributes.Select(a => new WorkAttributeValueJson(a.Key, a.Value))];

    // Start dates and times as Tempo writes them, made once per value for the process: a page or a bulk create of
    // worklogs formats two a worklog, mostly the same few (bench/README.md "Session 12"). Times are bounded (a day's
    // seconds); dates are kept up to a cap, past which they are formatted each time.
    private const int MaxKeptDates = 50_000;
    private static readonly string?[] Times = new string?[24 * 60 * 60];
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<DateOnly, string> Dates = new();

    public static string DateText(DateOnly date)
    {
        if (Dates.TryGetValue(date, out var text))
        {
            return text;
        }

        text = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (Dates.Count < MaxKeptDates)
        {
            Dates.TryAdd(date, text);
        }

        return text;
    }

    public static string TimeText(TimeOnly time)
    {
        if (time.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            return time.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        }

        var second = (int)(time.Ticks / TimeSpan.TicksPerSecond);
        return Times[second] ??= time.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
    }

    public static string AttributeValuesSelf(HttpRequest request, long worklogId) => Links.To(request, "/4/worklogs/", worklogId, "/work-attribute-values");

    public static WorkAttributeJson WorkAttribute(HttpRequest request, WorkAttribute attribute)
    {
        var list = attribute.Type == WorkAttributeTypes.StaticList;
        return new WorkAttributeJson(
            Links.To(request, $"/4/work-attributes/{Uri.EscapeDataString(attribute.Key)}"),
            attribute.Key,
            attribute.Name,
            attribute.Type,
            attribute.Required,
            list ? attribute.Values : null,
            list ? attribute.Values.ToDictionary(v => v, v => attribute.Names.GetValueOrDefault(v) ?? v) : null);
    }

    private static readonly object IssueBaseKey = new();
    private static readonly object LastIssueKey = new();

    /// <summary>The issue's Jira link; the last one made is kept for the request (a bulk create's worklogs share their issue).</summary>
    private static string IssueSelf(HttpRequest request, long issueId)
    {
        var items = request.HttpContext.Items;
        if (items.TryGetValue(LastIssueKey, out var kept) && kept is LastIssue { } last && last.Id == issueId)
        {
            return last.Self;
        }

        var self = string.Create(CultureInfo.InvariantCulture, $"{IssueBase(request)}/rest/api/2/issue/{issueId}");
        items[LastIssueKey] = new LastIssue(issueId, self);
        return self;
    }

    private sealed record LastIssue(long Id, string Self);

    /// <summary>Jira's base URL (or this service's), read from configuration once per request rather than once per worklog.</summary>
    private static string IssueBase(HttpRequest request) => Links.OncePerRequest(request, IssueBaseKey, static r =>
    {
        var jira = r.HttpContext.RequestServices.GetService<IConfiguration>()?[JiraBaseUrlSetting];
        return string.IsNullOrWhiteSpace(jira) ? Links.Base(r) : jira.TrimEnd('/');
    });
}
