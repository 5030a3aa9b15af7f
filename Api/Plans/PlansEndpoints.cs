using Tempo.Api.Conventions;
using Tempo.Api.Errors;
using Tempo.Api.Gate;
using Tempo.Grains.Interfaces.Paging;
using Tempo.Grains.Interfaces.Plans;
using Tempo.Grains.Interfaces.Tokens;
using static Tempo.Api.Plans.PlanRequests;
using static Tempo.Api.Plans.PlansJson;

namespace Tempo.Api.Plans;

/// <summary>
/// <c>/4/plans</c> (scope <c>plans</c>): plans of users and generic resources on issues and projects, their lists
/// and search, and partial edits of one day. Totals are computed from the assignee's schedule on every read.
/// </summary>
public static class PlansEndpoints
{
    public static IEndpointRouteBuilder MapPlansEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/4/plans").RequireTokenScope(PlansScope.Scope).WithTags("Plans");
        group.MapGet("/", List).WithName("getPlans").WithSummary("Plans overlapping from..to, by assignee, item and update filters, paged");
        group.MapPost("/", Create).WithName("createPlan").WithSummary("Creates a plan");
        group.MapGet("/generic-resource/{genericResourceId}", ByGenericResource).WithName("getPlansForGenericResource").WithSummary("A generic resource's plans");
        group.MapPost("/search", Search).WithName("searchPlans").WithSummary("Plans by the filters of the body, paged by the body");
        group.MapGet("/user/{accountId}", ByUser).WithName("getPlansForUser").WithSummary("A user's plans");
        group.MapDelete("/{id}", Delete).WithName("deletePlanById").WithSummary("Deletes a plan");
        group.MapGet("/{id}", Get).WithName("getPlanById").WithSummary("One plan with its days and periods in from..to");
        group.MapPut("/{id}", Update).WithName("updatePlan").WithSummary("Replaces a plan's terms");
        group.MapDelete("/{id}/partial/{day}", DeleteDay).WithName("deleteDayFromPlan").WithSummary("Removes one day from a plan");
        group.MapPut("/{id}/partial/{day}", UpdateDay).WithName("updatePartialPlan").WithSummary("Gives one day of a plan its own planned seconds");
        return app;
    }

    private static async Task<Results<Ok<PagedResults<PlanJson>>, BadRequest<ErrorBody>>> List(
        string? from, string? to, string? updatedFrom, string[]? assigneeTypes, string[]? accountIds, int[]? genericResourceIds,
        int[]? planIds, string[]? planItemTypes, int[]? planItemIds, long[]? issueIds, long[]? projectIds, string[]? plannedTimeBreakdown,
        int? offset, int? limit, HttpRequest request, TenantGrains grains)
    {
        var validation = new Validation();
        var query = ReadQuery(validation, from, to, updatedFrom, assigneeTypes, accountIds, genericResourceIds, planIds,
            planItemTypes, planItemIds?.Select(i => (long)i).ToArray(), issueIds, projectIds, plannedTimeBreakdown, windowRequired: true);
        var breakdown = ReadBreakdown(new Validation(), plannedTimeBreakdown); // checked by ReadQuery
        if (!Paging.TryRead(offset, limit, out var page, out var error))
        {
            validation.Add(error!);
        }

        if (query is null || !validation.IsValid)
        {
            return validation.ToBadRequest();
        }

        var plans = await grains.Plans().QueryAsync(query, page);
        return TypedResults.Ok(Paging.Envelope(request, page, plans, v => Plan(request, v, breakdown)));
    }

    private static async Task<Results<Ok<BarePage<PlanJson>>, BadRequest<ErrorBody>>> Search(PlanSearchBody? body, HttpRequest request, TenantGrains grains)
    {
        var validation = new Validation();
        var query = ReadQuery(validation, body?.From, body?.To, body?.UpdatedFrom, body?.AssigneeTypes, body?.AccountIds, body?.GenericResourceIds,
            body?.PlanIds, body?.PlanItemTypes, body?.PlanItemIds?.Select(i => (long)i).ToArray(), body?.IssueIds, body?.ProjectIds,
            body?.PlannedTimeBreakdown, windowRequired: true);
        var breakdown = ReadBreakdown(new Validation(), body?.PlannedTimeBreakdown); // checked by ReadQuery
        if (!Paging.TryRead(body?.Offset, body?.Limit, out var page, out var error))
        {
            validation.Add(error!);
        }

        if (query is null || !validation.IsValid)
        {
            return validation.ToBadRequest();
        }

        var plans = await grains.Plans().QueryAsync(query, page);
        var results = plans.Items.Select(v => Plan(request, v, breakdown)).ToArray();
        return TypedResults.Ok(new BarePage<PlanJson>(new BareMetadata(results.Length, page.Offset, page.Limit), results));
    }

    private static Task<Results<Ok<ListResults<PlanJson>>, BadRequest<ErrorBody>, NotFound<ErrorBody>>> ByUser(
        string accountId, string? from, string? to, string? updatedFrom, string[]? plannedTimeBreakdown, HttpRequest request, TenantGrains grains) =>
        AccountId.IsValid(accountId)
            ? AssigneeListAsync(PlanQuery.Window(null, null) with { AccountIds = [accountId] }, from, to, updatedFrom, plannedTimeBreakdown, request, grains)
            : Task.FromResult<Results<Ok<ListResults<PlanJson>>, BadRequest<ErrorBody>, NotFound<ErrorBody>>>(TempoResults.NotFound($"User '{accountId}' not found"));

    private static Task<Results<Ok<ListResults<PlanJson>>, BadRequest<ErrorBody>, NotFound<ErrorBody>>> ByGenericResource(
        string genericResourceId, string? from, string? to, string? updatedFrom, string[]? plannedTimeBreakdown, HttpRequest request, TenantGrains grains) =>
        RouteIds.TryInt(genericResourceId, out var id)
            ? AssigneeListAsync(PlanQuery.Window(null, null) with { GenericResourceIds = [id] }, from, to, updatedFrom, plannedTimeBreakdown, request, grains)
            : Task.FromResult<Results<Ok<ListResults<PlanJson>>, BadRequest<ErrorBody>, NotFound<ErrorBody>>>(TempoResults.NotFound($"Generic resource '{genericResourceId}' not found"));

    /// <summary>One assignee's plans, unpaged: the assignee's partition is the whole answer.</summary>
    private static async Task<Results<Ok<ListResults<PlanJson>>, BadRequest<ErrorBody>, NotFound<ErrorBody>>> AssigneeListAsync(
        PlanQuery query, string? from, string? to, string? updatedFrom, string[]? plannedTimeBreakdown, HttpRequest request, TenantGrains grains)
    {
        var validation = new Validation();
        var (start, end, updated) = ReadWindow(validation, from, to, updatedFrom, required: false);
        var breakdown = ReadBreakdown(validation, plannedTimeBreakdown);
        if (!validation.IsValid)
        {
            return validation.ToBadRequest();
        }

        var plans = await grains.Plans().QueryAsync(query with { From = start, To = end, UpdatedFrom = updated, Breakdown = breakdown.Any }, PageRequest.All);
        return TypedResults.Ok(ListResults<PlanJson>.Of(request, [.. plans.Items.Select(v => Plan(request, v, breakdown))]));
    }

    private static async Task<Results<Ok<PlanJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>>> Get(string id, string? from, string? to, HttpRequest request, TenantGrains grains)
    {
        if (!RouteIds.TryInt(id, out var planId))
        {
            return NotFound(id);
        }

        var validation = new Validation();
        var (start, end, _) = ReadWindow(validation, from, to, null, required: false);
        if (!validation.IsValid)
        {
            return validation.ToBadRequest();
        }

        return await grains.Plans().GetAsync(planId, start, end) is { } view
            ? TypedResults.Ok(Plan(request, view, Breakdown.Both))
            : NotFound(id);
    }

    private static async Task<Results<Ok<PlanJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Create(
        PlanBody? body, HttpRequest request, TenantGrains grains, AuthenticatedToken token)
    {
        var validation = new Validation();
        if (ReadDraft(validation, body) is not { } draft)
        {
            return validation.ToBadRequest();
        }

        return GrainResults.Ok(await grains.Plans().CreateAsync(draft, token.OwnerAccountId), v => Plan(request, v, Breakdown.Both));
    }

    private static async Task<Results<Ok<PlanJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Update(
        string id, PlanBody? body, HttpRequest request, TenantGrains grains, AuthenticatedToken token)
    {
        if (!RouteIds.TryInt(id, out var planId))
        {
            return NotFound(id);
        }

        var validation = new Validation();
        if (ReadDraft(validation, body) is not { } draft)
        {
            return validation.ToBadRequest();
        }

        return GrainResults.Ok(await grains.Plans().UpdateAsync(planId, draft, token.OwnerAccountId), v => Plan(request, v, Breakdown.Both));
    }

    private static async Task<Results<Ok<PlanJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> UpdateDay(
        string id, string day, PlanBody? body, HttpRequest request, TenantGrains grains, AuthenticatedToken token)
    {
        if (!RouteIds.TryInt(id, out var planId) || !Dates.TryParse(day, out var date))
        {
            return NotFound(id);
        }

        var validation = new Validation();
        var seconds = ReadDaySeconds(validation, body);
        if (!validation.IsValid)
        {
            return validation.ToBadRequest();
        }

        return GrainResults.Ok(await grains.Plans().UpdateDayAsync(planId, date, seconds, token.OwnerAccountId), v => Plan(request, v, Breakdown.Both));
    }

    private static async Task<Results<Ok, BadRequest<ErrorBody>, NotFound<ErrorBody>>> DeleteDay(string id, string day, TenantGrains grains, AuthenticatedToken token)
    {
        if (!RouteIds.TryInt(id, out var planId) || !Dates.TryParse(day, out var date))
        {
            return NotFound(id);
        }

        var result = await grains.Plans().DeleteDayAsync(planId, date, token.OwnerAccountId);
        return result.Status switch
        {
            ResultStatus.Ok => TypedResults.Ok(),
            ResultStatus.NotFound => TempoResults.NotFound(result.Error ?? $"Plan '{id}' not found"),
            _ => TempoResults.BadRequest(result.Error ?? "Bad request."),
        };
    }

    private static async Task<Results<NoContent, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Delete(string id, TenantGrains grains) =>
        RouteIds.TryInt(id, out var planId)
            ? GrainResults.NoContent(await grains.Plans().DeleteAsync(planId))
            : NotFound(id);

    private static NotFound<ErrorBody> NotFound(string id) => TempoResults.NotFound($"Plan '{id}' not found");
}
