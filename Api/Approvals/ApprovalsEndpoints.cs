using System.Globalization;
using Tempo.Api.Conventions;
using Tempo.Api.Errors;
using Tempo.Api.Gate;
using Tempo.Api.Periods;
using Tempo.Grains.Interfaces.Approvals;
using Tempo.Grains.Interfaces.Periods;
using Tempo.Grains.Interfaces.Teams;
using Tempo.Grains.Interfaces.Tokens;
using static Tempo.Api.Approvals.ApprovalsJson;

namespace Tempo.Api.Approvals;

public static class ApprovalsScope
{
    public const string Scope = "approvals";

    public static ITimesheetGrain Timesheet(this TenantGrains grains, string accountId, ApprovalPeriod period) =>
        grains.Factory.GetTimesheetGrain(grains.Tenant, accountId, period.From);

    public static ITimesheetWaitingGrain Waiting(this TenantGrains grains, string reviewer) => grains.Factory.GetTimesheetWaitingGrain(grains.Tenant, reviewer);

    public static ITimesheetLogGrain Log(this TenantGrains grains, DateOnly month) => grains.Factory.GetTimesheetLogGrain(grains.Tenant, month);

    public static ITeamsGrain Teams(this TenantGrains grains) => grains.Factory.GetTeamsGrain(grains.Tenant);
}

/// <summary>
/// <c>/4/timesheet-approvals</c>: a user's timesheet of the approval period containing <c>from</c>, its five
/// transitions, a team's timesheets, the caller's waiting reviews, the user's reviewers and the transition logs.
/// The caller is the token's owner.
/// </summary>
public static class ApprovalsEndpoints
{
    /// <summary>How far back a log search reaches (Tempo: <c>updatedFrom</c> within the last 2 years).</summary>
    public const int SearchMonths = 24;

    public sealed record ActionBody(string? Comment, string? ReviewerAccountId);

    public sealed record LogSearchBody(string? UpdatedFrom, string[]? UserAccountIds);

    public static IEndpointRouteBuilder MapApprovalsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/4/timesheet-approvals").RequireTokenScope(ApprovalsScope.Scope).WithTags("Timesheet Approvals");
        group.MapPost("/logs/search", SearchLogs).WithName("searchTimesheetApprovalLogs").WithSummary("Every timesheet transition, by users and update time, cursor paged");
        group.MapGet("/team/{teamId}", ForTeam).WithName("getTimesheetApprovalForTeam").WithSummary("The timesheet of every member of a team for the period containing from");
        group.MapGet("/waiting", Waiting).WithName("getTimesheetApprovalsWaitingForApproval").WithSummary("Timesheets in review whose reviewer is the caller");
        group.MapGet("/user/{accountId}", ForUser).WithName("getTimesheetApprovalForUser").WithSummary("A user's timesheet for the period containing from");
        group.MapGet("/user/{accountId}/reviewers", Reviewers).WithName("getTimesheetReviewersForUser").WithSummary("Who may review the user's current timesheet");
        group.MapPost("/user/{accountId}/submit", Submit).WithName("submitTimesheetForUser").WithSummary("OPEN to IN_REVIEW, with the chosen reviewer");
        group.MapPost("/user/{accountId}/approve", Approve).WithName("approveTimesheetForUser").WithSummary("IN_REVIEW to APPROVED");
        group.MapPost("/user/{accountId}/reject", Reject).WithName("rejectTimesheetForUser").WithSummary("IN_REVIEW back to OPEN");
        group.MapPost("/user/{accountId}/recall", Recall).WithName("recallTimesheetForUser").WithSummary("IN_REVIEW back to OPEN, by the submitter");
        group.MapPost("/user/{accountId}/reopen", Reopen).WithName("reopenTimesheetForUser").WithSummary("APPROVED back to OPEN");
        return app;
    }

    private static TimesheetCaller Caller(AuthenticatedToken token) => new(token.OwnerAccountId, token.CreatedByAdmin);

    /// <summary>The period containing <c>from</c> (<c>to</c> is checked for its format only), or the 400 that says why not.</summary>
    private static async Task<(ApprovalPeriod? Period, BadRequest<ErrorBody>? Invalid)> PeriodAsync(string? from, string? to, TenantGrains grains)
    {
        var validation = new Validation();
        var start = validation.Date(from, "from", required: true);
        validation.Date(to, "to");
        if (!validation.IsValid)
        {
            return (null, validation.ToBadRequest());
        }

        return ((await grains.Periods().GetAsync()).Containing(start!.Value), null);
    }

    private static async Task<Results<Ok<TimesheetJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> ForUser(
        string accountId, string? from, string? to, HttpRequest request, TenantGrains grains, AuthenticatedToken token)
    {
        if (!AccountId.IsValid(accountId))
        {
            return TempoResults.NotFound("User is invalid");
        }

        var (period, invalid) = await PeriodAsync(from, to, grains);
        if (invalid is not null)
        {
            return invalid;
        }

        return GrainResults.Ok(await grains.Timesheet(accountId, period!.Value).GetAsync(period.Value, Caller(token)), v => Timesheet(request, v));
    }

    private static Task<Results<Ok<TimesheetJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Submit(
        string accountId, string? from, string? to, ActionBody? body, HttpRequest request, TenantGrains grains, AuthenticatedToken token) =>
        ActAsync(TimesheetAction.Submit, accountId, from, to, body, request, grains, token);

    private static Task<Results<Ok<TimesheetJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Approve(
        string accountId, string? from, string? to, ActionBody? body, HttpRequest request, TenantGrains grains, AuthenticatedToken token) =>
        ActAsync(TimesheetAction.Approve, accountId, from, to, body, request, grains, token);

    private static Task<Results<Ok<TimesheetJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Reject(
        string accountId, string? from, string? to, ActionBody? body, HttpRequest request, TenantGrains grains, AuthenticatedToken token) =>
        ActAsync(TimesheetAction.Reject, accountId, from, to, body, request, grains, token);

    private static Task<Results<Ok<TimesheetJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Recall(
        string accountId, string? from, string? to, ActionBody? body, HttpRequest request, TenantGrains grains, AuthenticatedToken token) =>
        ActAsync(TimesheetAction.Recall, accountId, from, to, body, request, grains, token);

    private static Task<Results<Ok<TimesheetJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Reopen(
        string accountId, string? from, string? to, ActionBody? body, HttpRequest request, TenantGrains grains, AuthenticatedToken token) =>
        ActAsync(TimesheetAction.Reopen, accountId, from, to, body, request, grains, token);

    private static async Task<Results<Ok<TimesheetJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> ActAsync(
        TimesheetAction action, string accountId, string? from, string? to, ActionBody? body, HttpRequest request, TenantGrains grains, AuthenticatedToken token)
    {
        if (!AccountId.IsValid(accountId))
        {
            return TempoResults.NotFound("User is invalid");
        }

        var validation = new Validation();
        var comment = validation.Text(body?.Comment, "comment");
        var reviewer = Validation.Blank(body?.ReviewerAccountId);
        if (reviewer is not null && !AccountId.IsValid(reviewer))
        {
            validation.Add($"'reviewerAccountId' is not a valid account id: '{reviewer}'.");
        }

        if (!validation.IsValid)
        {
            return validation.ToBadRequest();
        }

        var (period, invalid) = await PeriodAsync(from, to, grains);
        if (invalid is not null)
        {
            return invalid;
        }

        var result = await grains.Timesheet(accountId, period!.Value).ActAsync(period.Value, new TimesheetCommand(action, Caller(token), comment, reviewer));
        return GrainResults.Ok(result, v => Timesheet(request, v));
    }

    private static async Task<Results<Ok<ListResults<TimesheetJson>>, BadRequest<ErrorBody>, NotFound<ErrorBody>>> ForTeam(
        string teamId, string? from, string? to, HttpRequest request, TenantGrains grains, AuthenticatedToken token)
    {
        if (!RouteIds.TryInt(teamId, out var id))
        {
            return TempoResults.NotFound($"Team '{teamId}' not found");
        }

        var (period, invalid) = await PeriodAsync(from, to, grains);
        if (invalid is not null)
        {
            return invalid;
        }

        var members = await grains.Teams().GetMemberAccountIdsAsync(id, period!.Value.From, period.Value.To);
        if (!members.IsOk)
        {
            return TempoResults.NotFound(members.Error ?? $"Team '{teamId}' not found");
        }

        var caller = Caller(token);
        var views = await Task.WhenAll(members.Value!.Select(m => grains.Timesheet(m, period.Value).GetAsync(period.Value, caller)));
        return TypedResults.Ok(ListResults<TimesheetJson>.Of(request, [.. views.Where(v => v.IsOk).Select(v => Timesheet(request, v.Value!))]));
    }

    private static async Task<Ok<ListResults<TimesheetJson>>> Waiting(HttpRequest request, TenantGrains grains, AuthenticatedToken token)
    {
        var periods = await grains.Periods().GetAsync();
        var caller = Caller(token);
        var refs = await grains.Waiting(token.OwnerAccountId).ListAsync();
        var views = await Task.WhenAll(refs.Select(r =>
        {
            var period = periods.Containing(r.PeriodFrom);
            return grains.Timesheet(r.AccountId, period).GetAsync(period, caller);
        }));

        // The index may hold a stale ref (a submit that failed after listing it, or a configuration change): check each.
        var waiting = views
            .Where(v => v.IsOk && v.Value!.Status.Key == TimesheetStatusKey.InReview && v.Value.ReviewerAccountId == token.OwnerAccountId)
            .Select(v => Timesheet(request, v.Value!))
            .ToList();
        return TypedResults.Ok(ListResults<TimesheetJson>.Of(request, waiting));
    }

    private static async Task<Results<Ok<ListResults<AccountJson>>, NotFound<ErrorBody>>> Reviewers(
        string accountId, HttpRequest request, TenantGrains grains, TimeProvider time)
    {
        if (!AccountId.IsValid(accountId))
        {
            return TempoResults.NotFound("User is invalid");
        }

        var period = (await grains.Periods().GetAsync()).Containing(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        var reviewers = await grains.Timesheet(accountId, period).GetReviewersAsync(period);
        return TypedResults.Ok(ListResults<AccountJson>.Of(request, [.. reviewers.Select(r => Account(request, r))]));
    }

    private static async Task<Results<Ok<LogPage>, BadRequest<ErrorBody>>> SearchLogs(
        string? nextPageToken, int? limit, LogSearchBody? body, HttpRequest request, TenantGrains grains, TimeProvider time)
    {
        var validation = new Validation();
        var updatedFrom = Worklogs.WorklogRequests.UpdatedFrom(validation, body?.UpdatedFrom);
        var users = body?.UserAccountIds ?? [];
        if (users.FirstOrDefault(u => !AccountId.IsValid(u)) is { } bad)
        {
            validation.Add($"'userAccountIds' holds an invalid account id: '{bad}'.");
        }

        var size = limit ?? 50;
        if (size is < 1 or > 5000)
        {
            validation.Add("'limit' must be from 1 to 5000.");
        }

        var now = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var thisMonth = new DateOnly(now.Year, now.Month, 1);
        var earliest = thisMonth.AddMonths(-SearchMonths);
        var (month, index) = (earliest, 0);
        if (updatedFrom is { } since && DateOnly.FromDateTime(since.UtcDateTime) is var day && day > earliest)
        {
            month = new DateOnly(day.Year, day.Month, 1);
        }

        if (nextPageToken is not null)
        {
            if (ReadToken(nextPageToken) is { } position && position.Month >= earliest && position.Month <= thisMonth)
            {
                (month, index) = position;
            }
            else
            {
                validation.Add($"'nextPageToken' is not a token this search gave: '{nextPageToken}'.");
            }
        }

        if (!validation.IsValid)
        {
            return validation.ToBadRequest();
        }

        var filter = new TimesheetLogFilter([.. users], updatedFrom);
        var found = new List<TimesheetLogEntry>(Math.Min(size, 500));
        string? next = null;
        while (month <= thisMonth)
        {
            var slice = await grains.Log(month).ReadAsync(index, size - found.Count, filter);
            found.AddRange(slice.Entries);
            (month, index) = slice.Exhausted ? (month.AddMonths(1), 0) : (month, slice.NextIndex);
            if (found.Count >= size)
            {
                next = month <= thisMonth ? Token(month, index) : null;
                break;
            }
        }

        var nextUrl = next is null ? null : Links.To(request, $"/4/timesheet-approvals/logs/search?nextPageToken={Uri.EscapeDataString(next)}&limit={size}");
        return TypedResults.Ok(new LogPage(Links.RequestUrl(request), new LogMetadata(found.Count, size, next, nextUrl), [.. found.Select(e => Log(request, e))]));
    }

    private static string Token(DateOnly month, int index) => $"{month.ToString("yyyy-MM", CultureInfo.InvariantCulture)}.{index.ToString(CultureInfo.InvariantCulture)}";

    private static (DateOnly Month, int Index)? ReadToken(string token)
    {
        var parts = token.Split('.');
        return parts.Length == 2
            && DateOnly.TryParseExact(parts[0] + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                ? (month, index)
                : null;
    }
}
