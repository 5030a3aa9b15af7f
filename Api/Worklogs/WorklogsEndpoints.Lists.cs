using System.Globalization;
using Tempo.Api.Errors;
using Tempo.Api.Conventions;
using Tempo.Grains.Interfaces.Tokens;
using Tempo.Grains.Interfaces.Worklogs;
using static Tempo.Api.Worklogs.WorklogRequests;
using static Tempo.Api.Worklogs.WorklogsJson;

namespace Tempo.Api.Worklogs;

/// <summary>The lists and the search of <c>/4/worklogs</c>: each one query of the coordinator, paged the same way.</summary>
public static partial class WorklogsEndpoints
{
    private static Task<Results<Ok<PagedResults<WorklogJson>>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> List(
        long[]? projectId, long[]? issueId, string? from, string? to, string? updatedFrom, string? orderBy,
        int? offset, int? limit, HttpRequest request, TenantGrains grains) =>
        QueryAsync(request, grains, offset, limit, from, to, updatedFrom, (query, validation) => query with
        {
            ProjectIds = [.. projectId ?? []],
            IssueIds = [.. issueId ?? []],
            Order = OrderOf(validation, orderBy),
        });

    private static async Task<Results<Ok<PagedResults<WorklogJson>>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Search(
        SearchBody? body, int? offset, int? limit, HttpRequest request, TenantGrains grains)
    {
        var validation = new Validation();
        foreach (var author in body?.AuthorIds ?? [])
        {
            if (!AccountId.IsValid(author))
            {
                validation.Add($"'authorIds' has '{author}', which is not a valid account id.");
            }
        }

        var order = OrderOf(validation, body?.OrderBy);
        if (!validation.IsValid)
        {
            return validation.ToBadRequest();
        }

        return await QueryAsync(request, grains, offset, limit, body?.From, body?.To, body?.UpdatedFrom, (query, _) => query with
        {
            AuthorIds = [.. body?.AuthorIds ?? []],
            IssueIds = [.. body?.IssueIds ?? []],
            ProjectIds = [.. body?.ProjectIds ?? []],
            Order = order,
        });
    }

    private static async Task<Results<Ok<PagedResults<WorklogJson>>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> ByUser(
        string accountId, string? from, string? to, string? updatedFrom, int? offset, int? limit, HttpRequest request, TenantGrains grains) =>
        AccountId.IsValid(accountId)
            ? await QueryAsync(request, grains, offset, limit, from, to, updatedFrom, (query, _) => query with { AuthorIds = [accountId] })
            : TempoResults.NotFound($"User '{accountId}' not found");

    private static async Task<Results<Ok<PagedResults<WorklogJson>>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> ByIssue(
        string issueId, string? from, string? to, string? updatedFrom, int? offset, int? limit, HttpRequest request, TenantGrains grains) =>
        WorklogId(issueId) is { } issue
            ? await QueryAsync(request, grains, offset, limit, from, to, updatedFrom, (query, _) => query with { IssueIds = [issue] })
            : TempoResults.NotFound($"Issue '{issueId}' not found");

    private static async Task<Results<Ok<PagedResults<WorklogJson>>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> ByProject(
        string projectId, string? from, string? to, string? updatedFrom, int? offset, int? limit, HttpRequest request, TenantGrains grains) =>
        WorklogId(projectId) is { } project
            ? await QueryAsync(request, grains, offset, limit, from, to, updatedFrom, (query, _) => query with { ProjectIds = [project] })
            : TempoResults.NotFound($"Project '{projectId}' not found");

    private static async Task<Results<Ok<PagedResults<WorklogJson>>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> ByTeam(
        string teamId, string? from, string? to, string? updatedFrom, int? offset, int? limit, HttpRequest request, TenantGrains grains) =>
        RouteIds.TryInt(teamId, out var team)
            ? await QueryAsync(request, grains, offset, limit, from, to, updatedFrom, (query, _) => query with { TeamId = team })
            : TempoResults.NotFound($"Team '{teamId}' not found");

    private static Task<Results<Ok<PagedResults<WorklogJson>>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> ByAccount(
        string accountKey, string? from, string? to, string? updatedFrom, int? offset, int? limit, HttpRequest request, TenantGrains grains) =>
        QueryAsync(request, grains, offset, limit, from, to, updatedFrom, (query, _) => query with { AccountKey = accountKey });

    /// <summary>Reads paging and the date filters, lets the caller add its own filters, and runs one query.</summary>
    private static async Task<Results<Ok<PagedResults<WorklogJson>>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> QueryAsync(
        HttpRequest request, TenantGrains grains, int? offset, int? limit, string? from, string? to, string? updatedFrom,
        Func<WorklogQuery, Validation, WorklogQuery> narrow)
    {
        if (!Paging.TryRead(offset, limit, out var page, out var error))
        {
            return TempoResults.BadRequest(error!);
        }

        var validation = new Validation();
        var range = Range(validation, from, to, updatedFrom);
        var query = narrow(WorklogQuery.All(page) with { From = range.From, To = range.To, UpdatedFrom = range.UpdatedFrom }, validation);
        if (!validation.IsValid)
        {
            return validation.ToBadRequest();
        }

        return GrainResults.Ok(await grains.Worklogs().QueryAsync(query), worklogs => Paging.Envelope(request, page, worklogs, w => Worklog(request, w)));
    }
}
