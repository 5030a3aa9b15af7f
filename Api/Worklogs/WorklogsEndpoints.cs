using System.Globalization;
using Tempo.Api.Errors;
using Tempo.Api.Gate;
using Tempo.Api.Conventions;
using Tempo.Grains.Interfaces.Worklogs;
using static Tempo.Api.Worklogs.WorklogRequests;
using static Tempo.Api.Worklogs.WorklogsJson;

namespace Tempo.Api.Worklogs;

/// <summary>
/// <c>/4/worklogs</c>: create, read, replace and delete worklogs, bulk create for one issue, and their work attribute
/// values and Jira id twins. The lists and search are in <c>WorklogsEndpoints.Lists.cs</c>.
/// </summary>
public static partial class WorklogsEndpoints
{
    public static IEndpointRouteBuilder MapWorklogsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/4/worklogs").RequireTokenScope(WorklogsScope.Scope).WithTags("Worklogs");
        group.MapGet("/", List).WithName("getWorklogs").WithSummary("Worklogs by date range, projects and issues, paged");
        group.MapPost("/", Create).WithName("createWorklog").WithSummary("Creates a worklog");
        group.MapPost("/search", Search).WithName("searchWorklogs").WithSummary("Worklogs by authors, issues, projects and dates, paged");
        group.MapGet("/user/{accountId}", ByUser).WithName("getWorklogsByUser").WithSummary("One author's worklogs, paged");
        group.MapGet("/issue/{issueId}", ByIssue).WithName("getWorklogsByIssueId").WithSummary("One issue's worklogs, paged");
        group.MapPost("/issue/{issueId}/bulk", BulkCreate).WithName("bulkCreateWorklog").WithSummary("Creates up to 50 worklogs of one issue, all or none");
        group.MapGet("/project/{projectId}", ByProject).WithName("getWorklogsByProjectId").WithSummary("One project's worklogs, paged");
        group.MapGet("/team/{teamId}", ByTeam).WithName("getWorklogsByTeam").WithSummary("The worklogs of a team's members during their membership, paged");
        group.MapGet("/account/{accountKey}", ByAccount).WithName("getWorklogsByAccount").WithSummary("The worklogs logged to one account, paged");
        group.MapPost("/jira-to-tempo", JiraToTempo).WithName("getTempoWorklogIdsByJiraWorklogIds").WithSummary("Tempo ids of Jira worklog ids, paged");
        group.MapPost("/tempo-to-jira", TempoToJira).WithName("getJiraWorklogIdsByTempoWorklogIds").WithSummary("Jira ids of Tempo worklog ids, paged");
        group.MapPost("/work-attribute-values", AddAttributeValues).WithName("createWorkAttributeValuesForWorklogs").WithSummary("Adds work attribute values to worklogs (create only)");
        group.MapPost("/work-attribute-values/search", SearchAttributeValues).WithName("searchWorkAttributeValuesForWorklogs").WithSummary("The work attribute values of up to 500 worklogs");
        group.MapGet("/{id}", Get).WithName("getWorklogById").WithSummary("One worklog");
        group.MapPut("/{id}", Update).WithName("updateWorklog").WithSummary("Replaces a worklog; omitted optional fields are cleared");
        group.MapDelete("/{id}", Delete).WithName("deleteWorklog").WithSummary("Deletes a worklog");
        group.MapGet("/{id}/work-attribute-values", AttributeValues).WithName("getWorkAttributeValuesForWorklog").WithSummary("A worklog's work attribute values");
        group.MapGet("/{id}/work-attribute-values/{key}", AttributeValue).WithName("getWorkAttributeValueForWorklog").WithSummary("One work attribute value of a worklog");
        return app;
    }

    /// <summary>What a token not created by a tenant administrator hears when it asks to skip the worklog lock.</summary>
    public const string BypassRefused =
        "Only a token created by a tenant administrator may set 'bypassPeriodClosuresAndApprovals'.";

    private static bool MayNotBypass(bool? bypass, AuthenticatedToken token) => bypass == true && !token.CreatedByAdmin;

    private static async Task<Results<Ok<WorklogJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Create(
        WorklogBody? body, HttpRequest request, TenantGrains grains, AuthenticatedToken token)
    {
        if (MayNotBypass(body?.BypassPeriodClosuresAndApprovals, token))
        {
            return TempoResults.Forbidden(BypassRefused);
        }

        if (!TryReadDraft(body, withIssue: true, out var draft, out var invalid))
        {
            return invalid;
        }

        var result = await grains.Worklogs().CreateAsync(draft, body?.BypassPeriodClosuresAndApprovals ?? false);
        return GrainResults.Ok(result, w => Worklog(request, w));
    }

    private static async Task<Results<Ok<WorklogJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Get(string id, HttpRequest request, TenantGrains grains) =>
        WorklogId(id) is { } worklogId && await grains.Worklogs().GetAsync(worklogId) is { } worklog
            ? TypedResults.Ok(Worklog(request, worklog))
            : TempoResults.NotFound($"Worklog '{id}' not found");

    private static async Task<Results<Ok<WorklogJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Update(
        string id, WorklogBody? body, HttpRequest request, TenantGrains grains, AuthenticatedToken token)
    {
        if (WorklogId(id) is not { } worklogId)
        {
            return TempoResults.NotFound($"Worklog '{id}' not found");
        }

        if (MayNotBypass(body?.BypassPeriodClosuresAndApprovals, token))
        {
            return TempoResults.Forbidden(BypassRefused);
        }

        if (!TryReadDraft(body, withIssue: false, out var draft, out var invalid))
        {
            return invalid;
        }

        var result = await grains.Worklogs().UpdateAsync(worklogId, draft, body?.BypassPeriodClosuresAndApprovals ?? false);
        return GrainResults.Ok(result, w => Worklog(request, w));
    }

    private static async Task<Results<NoContent, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Delete(
        string id, bool? bypassPeriodClosuresAndApprovals, TenantGrains grains, AuthenticatedToken token)
    {
        if (WorklogId(id) is not { } worklogId)
        {
            return TempoResults.NotFound($"Worklog '{id}' not found");
        }

        return MayNotBypass(bypassPeriodClosuresAndApprovals, token)
            ? TempoResults.Forbidden(BypassRefused)
            : GrainResults.NoContent(await grains.Worklogs().DeleteAsync(worklogId, bypassPeriodClosuresAndApprovals ?? false));
    }

    private static async Task<Results<Ok<List<WorklogJson>>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> BulkCreate(
        string issueId, WorklogBody[]? body, HttpRequest request, TenantGrains grains)
    {
        if (WorklogId(issueId) is not { } issue)
        {
            return TempoResults.BadRequest("'issueId' must be a positive integer.");
        }

        if (body is not { Length: >= 1 and <= MaxBulk })
        {
            return TempoResults.BadRequest($"The body must list 1 to {MaxBulk} worklogs.");
        }

        // Each item is read without naming it first: the field names of a valid item ("[7].startDate") would be
        // strings made for nothing (4 % of a bulk create's allocations). Only an invalid item is read again, named.
        var validation = new Validation();
        var drafts = ImmutableArray.CreateBuilder<WorklogDraft>(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if (ReadDraft(new Validation(), body[i], withIssue: false, prefix: string.Empty) is { } draft)
            {
                drafts.Add(draft);
            }
            else
            {
                ReadDraft(validation, body[i], withIssue: false, string.Create(CultureInfo.InvariantCulture, $"[{i}]."));
            }
        }

        if (!validation.IsValid)
        {
            return validation.ToBadRequest();
        }

        // The drafts' issue is the path's: the grain sets it (they carry none of their own).
        var result = await grains.Worklogs().BulkCreateAsync(issue, drafts.MoveToImmutable());
        return GrainResults.Ok(result, worklogs => worklogs.Select(w => Worklog(request, w)).ToList());
    }

    private static async Task<Results<Ok<ListResults<WorkAttributeValueJson>>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> AttributeValues(
        string id, HttpRequest request, TenantGrains grains) =>
        WorklogId(id) is { } worklogId && await grains.Worklogs().GetAsync(worklogId) is { } worklog
            ? TypedResults.Ok(new ListResults<WorkAttributeValueJson>(AttributeValuesSelf(request, worklog.Id), new CountMetadata(worklog.Attributes.Length), Values(worklog)))
            : TempoResults.NotFound($"Worklog '{id}' not found");

    private static async Task<Results<Ok<WorkAttributeValueJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> AttributeValue(string id, string key, TenantGrains grains)
    {
        if (WorklogId(id) is not { } worklogId || await grains.Worklogs().GetAsync(worklogId) is not { } worklog)
        {
            return TempoResults.NotFound($"Worklog '{id}' not found");
        }

        return worklog.Attributes.FirstOrDefault(a => a.Key == key) is { } value
            ? TypedResults.Ok(new WorkAttributeValueJson(value.Key, value.Value))
            : TempoResults.NotFound($"Worklog '{id}' has no value for work attribute '{key}'");
    }

    private static async Task<Results<NoContent, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> AddAttributeValues(
        AttributeValuesBody[]? body, TenantGrains grains)
    {
        var validation = new Validation();
        if (body is not { Length: > 0 })
        {
            validation.Add("The body must list at least one worklog's attribute values.");
        }

        var inputs = new List<WorklogAttributeValues>();
        for (var i = 0; i < (body?.Length ?? 0); i++)
        {
            var item = body![i];
            if (item?.TempoWorklogId is not { } worklogId)
            {
                validation.Add($"'[{i}].tempoWorklogId' is required.");
                continue;
            }

            if (item.AttributeValues is not { Length: > 0 })
            {
                validation.Add($"'[{i}].attributeValues' must list at least one value.");
                continue;
            }

            inputs.Add(new WorklogAttributeValues(worklogId, WorklogRequests.AttributeValues(validation, item.AttributeValues, $"[{i}].attributeValues")));
        }

        if (!validation.IsValid)
        {
            return validation.ToBadRequest();
        }

        return GrainResults.NoContent(await grains.Worklogs().AddAttributeValuesAsync([.. inputs]));
    }

    private static async Task<Results<Ok<List<WorkAttributeValuesByWorklogJson>>, BadRequest<ErrorBody>>> SearchAttributeValues(
        TempoIdsBody? body, TenantGrains grains)
    {
        if (body?.TempoWorklogIds is not { Length: >= 1 and <= MaxAttributeSearch } ids)
        {
            return TempoResults.BadRequest($"'tempoWorklogIds' must list 1 to {MaxAttributeSearch} worklog ids.");
        }

        var worklogs = await grains.Worklogs().GetManyAsync([.. ids]);
        return TypedResults.Ok(worklogs.Select(w => new WorkAttributeValuesByWorklogJson(w.Id, Values(w))).ToList());
    }

    private static async Task<Results<Ok<PagedResults<WorklogIdMapperJson>>, BadRequest<ErrorBody>>> JiraToTempo(
        JiraIdsBody? body, int? offset, int? limit, HttpRequest request, TenantGrains grains)
    {
        if (!Paging.TryRead(offset, limit, out var page, out var error))
        {
            return TempoResults.BadRequest(error!);
        }

        if (body?.JiraWorklogIds is not { Length: > 0 } ids)
        {
            return TempoResults.BadRequest("'jiraWorklogIds' must list at least one id.");
        }

        var pairs = await grains.Worklogs().JiraToTempoAsync([.. ids], page);
        return TypedResults.Ok(Paging.Envelope(request, page, pairs, p => new WorklogIdMapperJson(p.TempoWorklogId, p.JiraWorklogId)));
    }

    private static async Task<Results<Ok<PagedResults<WorklogIdMapperJson>>, BadRequest<ErrorBody>>> TempoToJira(
        TempoIdsBody? body, int? offset, int? limit, HttpRequest request, TenantGrains grains)
    {
        if (!Paging.TryRead(offset, limit, out var page, out var error))
        {
            return TempoResults.BadRequest(error!);
        }

        if (body?.TempoWorklogIds is not { Length: > 0 } ids)
        {
            return TempoResults.BadRequest("'tempoWorklogIds' must list at least one id.");
        }

        var pairs = await grains.Worklogs().TempoToJiraAsync([.. ids], page);
        return TypedResults.Ok(Paging.Envelope(request, page, pairs, p => new WorklogIdMapperJson(p.TempoWorklogId, p.JiraWorklogId)));
    }
}
