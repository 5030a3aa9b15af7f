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
        worklog.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        worklog.StartTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
        worklog.StartDateTimeUtc,
        worklog.Description ?? string.Empty,
        worklog.CreatedAt,
        worklog.UpdatedAt,
        new UserJson(worklog.AuthorAccountId, Links.UserSelf(request, worklog.AuthorAccountId)),
        new AttributesJson(AttributeValuesSelf(request, worklog.Id), Values(worklog)));

    public static IReadOnlyList<WorkAttributeValueJson> Values(Worklog worklog) =>
        [.. worklog.Attributes.Select(a => new WorkAttributeValueJson(a.Key, a.Value))];

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

    private static string IssueSelf(HttpRequest request, long issueId) =>
        string.Create(CultureInfo.InvariantCulture, $"{IssueBase(request)}/rest/api/2/issue/{issueId}");

    /// <summary>Jira's base URL (or this service's), read from configuration once per request rather than once per worklog.</summary>
    private static string IssueBase(HttpRequest request) => Links.OncePerRequest(request, IssueBaseKey, static r =>
    {
        var jira = r.HttpContext.RequestServices.GetService<IConfiguration>()?[JiraBaseUrlSetting];
        return string.IsNullOrWhiteSpace(jira) ? Links.Base(r) : jira.TrimEnd('/');
    });
}
