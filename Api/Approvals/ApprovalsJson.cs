using System.Globalization;
using System.Text.Json.Serialization;
using Tempo.Api.Conventions;
using Tempo.Api.Periods;
using Tempo.Grains.Interfaces.Approvals;
using Tempo.Grains.Interfaces.Periods;

namespace Tempo.Api.Approvals;

/// <summary>The wire shapes of Timesheet Approvals; absent optional fields are left out, not null.</summary>
public static class ApprovalsJson
{
    public sealed record AccountJson(string AccountId, string Self);

    public sealed record StatusJson(
        string Key,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Comment,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AccountJson? Actor,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? RequiredSecondsAtSubmit,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? TimeSpentSecondsAtSubmit,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? UpdatedAt);

    public sealed record ActionsJson(
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SelfLink? Submit,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SelfLink? Approve,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SelfLink? Reject,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SelfLink? Reopen,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SelfLink? Recall);

    public sealed record TimesheetJson(
        string Self,
        AccountJson User,
        PeriodJson Period,
        long RequiredSeconds,
        long TimeSpentSeconds,
        StatusJson Status,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AccountJson? Reviewer,
        SelfLink Worklogs,
        ActionsJson Actions);

    public sealed record LogJson(
        AccountJson User,
        PeriodJson Period,
        StatusJson Status,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AccountJson? Reviewer);

    public sealed record LogMetadata(
        int Count,
        int Limit,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextPageToken,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextPageUrl);

    public sealed record LogPage(string Self, LogMetadata Metadata, IReadOnlyList<LogJson> Results);

    public static string Key(TimesheetStatusKey key) => key switch
    {
        TimesheetStatusKey.InReview => "IN_REVIEW",
        TimesheetStatusKey.Approved => "APPROVED",
        _ => "OPEN",
    };

    public static string Range(ApprovalPeriod period) => $"from={Dates.Text(period.From)}&to={Dates.Text(period.To)}";

    public static string UserPath(string accountId) => $"/4/timesheet-approvals/user/{Uri.EscapeDataString(accountId)}";

    public static AccountJson Account(HttpRequest request, string accountId) => new(accountId, Links.User(request, accountId).Self);

    public static StatusJson Status(HttpRequest request, TimesheetStatus status) => new(
        Key(status.Key),
        status.Comment,
        status.ActorAccountId is { } actor ? Account(request, actor) : null,
        status.RequiredSecondsAtSubmit,
        status.TimeSpentSecondsAtSubmit,
        status.UpdatedAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

    public static TimesheetJson Timesheet(HttpRequest request, TimesheetView view)
    {
        var user = UserPath(view.AccountId);
        var range = Range(view.Period);
        SelfLink? Action(TimesheetAction action) =>
            view.Actions.Contains(action) ? new SelfLink(Links.To(request, $"{user}/{action.ToString().ToLowerInvariant()}?{range}")) : null;

        return new TimesheetJson(
            Links.To(request, $"{user}?{range}"),
            Account(request, view.AccountId),
            PeriodJson.Of(view.Period),
            view.RequiredSeconds,
            view.TimeSpentSeconds,
            Status(request, view.Status),
            view.ReviewerAccountId is { } reviewer ? Account(request, reviewer) : null,
            new SelfLink(Links.To(request, $"/4/worklogs/user/{Uri.EscapeDataString(view.AccountId)}?{range}")),
            new ActionsJson(
                Action(TimesheetAction.Submit), Action(TimesheetAction.Approve), Action(TimesheetAction.Reject),
                Action(TimesheetAction.Reopen), Action(TimesheetAction.Recall)));
    }

    public static LogJson Log(HttpRequest request, TimesheetLogEntry entry) => new(
        Account(request, entry.AccountId),
        PeriodJson.Of(entry.Period),
        Status(request, entry.Status),
        entry.ReviewerAccountId is { } reviewer ? Account(request, reviewer) : null);
}
