using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Tempo.Api.Conventions;
using Tempo.Api.Worklogs;
using Tempo.Grains.Interfaces.Plans;
using Tempo.Grains.Interfaces.Schemes;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Api.Plans;

/// <summary>The bodies and query filters of the Plans namespace, checked into drafts and queries at the edge.</summary>
public static partial class PlanRequests
{
    /// <summary>Tempo's <c>PlanInput</c>. Numbers must be JSON numbers; ids of assignee and item are strings.</summary>
    [JsonNumberHandling(JsonNumberHandling.Strict)]
    public sealed record PlanBody(
        string? AssigneeId,
        string? AssigneeType,
        string? Description,
        string? EffortPersistenceType,
        string? EndDate,
        bool? IncludeNonWorkingDays,
        PlanApprovalBody? PlanApproval,
        string? PlanItemId,
        string? PlanItemType,
        long? PlannedSeconds,
        long? PlannedSecondsPerDay,
        string? RecurrenceEndDate,
        string? Rule,
        string? StartDate,
        string? StartTime);

    public sealed record PlanApprovalBody(string? ReviewerId, string? Status);

    /// <summary>Tempo's <c>PlanSearchInput</c>: the filters of <c>GET /4/plans</c> plus offset and limit.</summary>
    [JsonNumberHandling(JsonNumberHandling.Strict)]
    public sealed record PlanSearchBody(
        string[]? AccountIds,
        string[]? AssigneeTypes,
        string? From,
        int[]? GenericResourceIds,
        long[]? IssueIds,
        int? Limit,
        int? Offset,
        int[]? PlanIds,
        int[]? PlanItemIds,
        string[]? PlanItemTypes,
        string[]? PlannedTimeBreakdown,
        long[]? ProjectIds,
        string? To,
        string? UpdatedFrom);

    /// <summary>The longest <c>from</c>..<c>to</c> of a plan list, in days (ten years): the month indexes it walks are bounded.</summary>
    public const int MaxWindowDays = 3_660;

    /// <summary>The most a plan's total may be: a full day for every day of the longest plan.</summary>
    public const long MaxTotalSeconds = ScheduleRules.SecondsPerDay * PlanRules.MaxSpanDays;

    private static readonly string[] AssigneeTypes = ["USER", "GENERIC"];
    private static readonly string[] ItemTypes = ["ISSUE", "PROJECT"];
    private static readonly string[] Efforts = ["SECONDS_PER_DAY", "TOTAL_SECONDS"];
    private static readonly string[] Rules = ["NEVER", "WEEKLY", "BI_WEEKLY", "MONTHLY"];
    private static readonly string[] Statuses = ["APPROVED", "REJECTED", "REQUESTED"];
    private static readonly string[] Breakdowns = ["DAILY", "PERIOD"];

    public static PlanDraft? ReadDraft(Validation validation, PlanBody? body)
    {
        var assigneeType = validation.OneOf(Validation.Blank(body?.AssigneeType), "assigneeType", AssigneeTypes, required: true);
        var assigneeId = validation.Required(body?.AssigneeId, "assigneeId", AccountId.MaxLength);
        if (assigneeId.Length > 0 && assigneeType == "USER" && !AccountId.IsValid(assigneeId))
        {
            validation.Add("'assigneeId' is not a valid account id.");
        }
        else if (assigneeId.Length > 0 && assigneeType == "GENERIC" && !(int.TryParse(assigneeId, NumberStyles.None, CultureInfo.InvariantCulture, out var g) && g > 0))
        {
            validation.Add("'assigneeId' must be the id of a generic resource.");
        }

        var itemType = validation.OneOf(Validation.Blank(body?.PlanItemType), "planItemType", ItemTypes, required: true);
        var itemText = validation.Required(body?.PlanItemId, "planItemId");
        long itemId = 0;
        if (itemText.Length > 0 && !(long.TryParse(itemText, NumberStyles.None, CultureInfo.InvariantCulture, out itemId) && itemId > 0))
        {
            validation.Add("'planItemId' must be the id of an issue or a project (a positive number).");
        }

        var start = validation.Date(body?.StartDate, "startDate", required: true);
        var end = validation.Date(body?.EndDate, "endDate", required: true);
        var recurrenceEnd = validation.Date(body?.RecurrenceEndDate, "recurrenceEndDate");
        var rule = validation.OneOf(body?.Rule, "rule", Rules, required: false) ?? "NEVER";
        var effortName = validation.OneOf(body?.EffortPersistenceType, "effortPersistenceType", Efforts, required: false)
            ?? (body?.PlannedSecondsPerDay is null && body?.PlannedSeconds is not null ? "TOTAL_SECONDS" : "SECONDS_PER_DAY");
        var effort = effortName == "TOTAL_SECONDS" ? PlanEffort.TotalSeconds : PlanEffort.SecondsPerDay;
        var seconds = effort == PlanEffort.TotalSeconds
            ? Seconds(validation, body?.PlannedSeconds, "plannedSeconds", MaxTotalSeconds)
            : Seconds(validation, body?.PlannedSecondsPerDay, "plannedSecondsPerDay", ScheduleRules.SecondsPerDay);

        if (body?.StartTime is { } time && !StartTimePattern().IsMatch(time))
        {
            validation.Add("'startTime' must be valid on the format: 'HH:mm'.");
        }

        var description = validation.Text(body?.Description, "description");
        PlanApprovalStatus? status = null;
        string? reviewer = null;
        if (body?.PlanApproval is { } approval)
        {
            status = validation.OneOf(approval.Status, "planApproval.status", Statuses, required: false) switch
            {
                "APPROVED" => PlanApprovalStatus.Approved,
                "REJECTED" => PlanApprovalStatus.Rejected,
                "REQUESTED" => PlanApprovalStatus.Requested,
                _ => null,
            };
            reviewer = Validation.Blank(approval.ReviewerId);
            if (reviewer is not null && !AccountId.IsValid(reviewer))
            {
                validation.Add("'planApproval.reviewerId' is not a valid account id.");
            }
        }

        if (!validation.IsValid)
        {
            return null;
        }

        var draft = new PlanDraft(
            new PlanAssignee(assigneeType == "USER" ? PlanAssigneeType.User : PlanAssigneeType.Generic, assigneeId),
            itemType == "ISSUE" ? PlanItemType.Issue : PlanItemType.Project,
            itemId,
            start!.Value,
            end!.Value,
            effort,
            seconds,
            description,
            body!.StartTime is { } t ? Normalized(t) : null,
            body.IncludeNonWorkingDays ?? false,
            rule switch { "WEEKLY" => PlanRule.Weekly, "BI_WEEKLY" => PlanRule.BiWeekly, "MONTHLY" => PlanRule.Monthly, _ => PlanRule.Never },
            recurrenceEnd,
            status,
            reviewer);
        if (PlanRules.DraftProblem(draft) is { } problem)
        {
            validation.Add(problem);
            return null;
        }

        return draft;
    }

    /// <summary>The seconds a partial edit gives its day: <c>plannedSecondsPerDay</c>, else <c>plannedSeconds</c>.</summary>
    public static long ReadDaySeconds(Validation validation, PlanBody? body)
    {
        if (body?.PlannedSecondsPerDay is null && body?.PlannedSeconds is null)
        {
            validation.Add("'plannedSecondsPerDay' is required: the seconds planned on the day.");
            return 0;
        }

        return body.PlannedSecondsPerDay is { } perDay
            ? Seconds(validation, perDay, "plannedSecondsPerDay", ScheduleRules.SecondsPerDay)
            : Seconds(validation, body.PlannedSeconds, "plannedSeconds", ScheduleRules.SecondsPerDay);
    }

    /// <summary>The filters shared by <c>GET /4/plans</c> and <c>POST /4/plans/search</c>; from and to required.</summary>
    public static PlanQuery? ReadQuery(
        Validation validation, string? from, string? to, string? updatedFrom, string[]? assigneeTypes, string[]? accountIds,
        int[]? genericResourceIds, int[]? planIds, string[]? itemTypes, long[]? itemIds, long[]? issueIds, long[]? projectIds,
        string[]? breakdown, bool windowRequired)
    {
        var (start, end, updated) = ReadWindow(validation, from, to, updatedFrom, windowRequired);
        foreach (var account in accountIds ?? [])
        {
            if (!AccountId.IsValid(account))
            {
                validation.Add($"'accountIds' has '{account}', which is not a valid account id.");
            }
        }

        var types = (assigneeTypes ?? []).Select(t => validation.OneOf(t, "assigneeTypes", AssigneeTypes, required: true)).ToList();
        var items = (itemTypes ?? []).Select(t => validation.OneOf(t, "planItemTypes", ItemTypes, required: true)).ToList();
        var kinds = ReadBreakdown(validation, breakdown);
        if (!validation.IsValid)
        {
            return null;
        }

        return new PlanQuery(
            start, end, updated,
            [.. types.Select(t => t == "USER" ? PlanAssigneeType.User : PlanAssigneeType.Generic)],
            [.. accountIds ?? []],
            [.. genericResourceIds ?? []],
            [.. planIds ?? []],
            [.. items.Select(t => t == "ISSUE" ? PlanItemType.Issue : PlanItemType.Project)],
            [.. itemIds ?? []],
            [.. issueIds ?? []],
            [.. projectIds ?? []],
            kinds.Any);
    }

    /// <summary><c>from</c>, <c>to</c> (at most <see cref="MaxWindowDays"/> apart) and <c>updatedFrom</c>.</summary>
    public static (DateOnly? From, DateOnly? To, DateTimeOffset? UpdatedFrom) ReadWindow(Validation validation, string? from, string? to, string? updatedFrom, bool required)
    {
        var (start, end, updated) = WorklogRequests.Range(validation, from, to, updatedFrom);
        if (required && (from is null || to is null))
        {
            validation.Add(from is null ? Dates.Required("from") : Dates.Required("to"));
        }

        if (start is { } s && end is { } e && e.DayNumber - s.DayNumber + 1 > MaxWindowDays)
        {
            validation.Add($"The range from 'from' to 'to' must be at most {MaxWindowDays} days.");
        }

        return (start, end, updated);
    }

    /// <summary><c>plannedTimeBreakdown</c>: any of DAILY and PERIOD.</summary>
    public static PlansJson.Breakdown ReadBreakdown(Validation validation, string[]? values)
    {
        var names = (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        foreach (var name in names)
        {
            validation.OneOf(name, "plannedTimeBreakdown", Breakdowns, required: true);
        }

        return new PlansJson.Breakdown(names.Contains("DAILY"), names.Contains("PERIOD"));
    }

    private static long Seconds(Validation validation, long? value, string field, long max)
    {
        if (value is not { } v)
        {
            validation.Add($"'{field}' is required.");
            return 0;
        }

        if (v < 1 || v > max)
        {
            validation.Add($"'{field}' must be between 1 and {max}.");
        }

        return v;
    }

    private static string Normalized(string time) => time.Length == 4 ? "0" + time : time;

    [GeneratedRegex("^([0-1]?[0-9]|2[0-3])(:[0-5][0-9])$")]
    private static partial Regex StartTimePattern();
}
