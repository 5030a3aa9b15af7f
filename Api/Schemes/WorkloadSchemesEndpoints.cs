using Tempo.Api.Conventions;
using Tempo.Api.Errors;
using Tempo.Api.Gate;
using Tempo.Grains.Interfaces.Schemes;
using static Tempo.Api.Schemes.SchemesJson;
using static Tempo.Api.Schemes.SchemesRequests;

namespace Tempo.Api.Schemes;

/// <summary><c>/4/workload-schemes</c>: schemes, the default flag and members.</summary>
public static class WorkloadSchemesEndpoints
{
    public static IEndpointRouteBuilder MapWorkloadSchemesEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/4/workload-schemes").RequireTokenScope(SchemesScope.Scope).WithTags("Workload Schemes");
        group.MapGet("/", List).WithName("getWorkloadSchemes").WithSummary("A page of the tenant's workload schemes");
        group.MapPost("/", Create).WithName("createWorkloadScheme").WithSummary("Creates a workload scheme (no days: 8 h Monday to Friday)");
        group.MapPost("/members/search", SearchMembers).WithName("searchWorkloadSchemeMembers").WithSummary("The members of the given schemes, each with its scheme");
        group.MapGet("/users/{accountId}", ForUser).WithName("getUserWorkloadScheme").WithSummary("The user's workload scheme (the default for a user never assigned)");
        group.MapGet("/{id}", Get).WithName("getWorkloadSchemeById").WithSummary("One workload scheme");
        group.MapPut("/{id}", Update).WithName("updateWorkloadScheme").WithSummary("Replaces a workload scheme's name, description and days");
        group.MapDelete("/{id}", Delete).WithName("deleteWorkloadScheme").WithSummary("Deletes a scheme other than the default; its members move to the default");
        group.MapPut("/{id}/default", SetDefault).WithName("setDefaultWorkloadScheme").WithSummary("Makes the scheme the default (the old default loses the flag)");
        group.MapGet("/{id}/members", Members).WithName("getWorkloadSchemeMembers_1").WithSummary("A page of the scheme's members");
        group.MapPost("/{id}/members", Assign).WithName("setWorkloadSchemeForUsers").WithSummary("Moves the users into the scheme");
        return app;
    }

    private static async Task<Results<Ok<PagedResults<WorkloadSchemeJson>>, BadRequest<ErrorBody>>> List(int? offset, int? limit, HttpRequest request, TenantGrains grains)
    {
        if (!Paging.TryRead(offset, limit, out var page, out var error))
        {
            return TempoResults.BadRequest(error!);
        }

        var schemes = await grains.Schemes().ListWorkloadSchemesAsync(page);
        return TypedResults.Ok(Paging.Envelope(request, page, schemes, s => Workload(request, s)));
    }

    private static async Task<Results<Ok<WorkloadSchemeJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Create(
        WorkloadSchemeBody? body, HttpRequest request, TenantGrains grains)
    {
        if (!TryRead(body, out var input, out var invalid))
        {
            return invalid;
        }

        return GrainResults.Ok(await grains.Schemes().CreateWorkloadSchemeAsync(input), s => Workload(request, s));
    }

    private static async Task<Ok<WorkloadSchemeJson>> ForUser(string accountId, HttpRequest request, TenantGrains grains) =>
        TypedResults.Ok(Workload(request, await grains.Schemes().GetUserWorkloadSchemeAsync(accountId)));

    private static async Task<Results<Ok<WorkloadSchemeJson>, NotFound<ErrorBody>>> Get(string id, HttpRequest request, TenantGrains grains) =>
        RouteIds.TryInt(id, out var schemeId) && await grains.Schemes().GetWorkloadSchemeAsync(schemeId) is { } scheme
            ? TypedResults.Ok(Workload(request, scheme))
            : TempoResults.NotFound(NotFound(id));

    private static async Task<Results<Ok<WorkloadSchemeJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Update(
        string id, WorkloadSchemeBody? body, HttpRequest request, TenantGrains grains)
    {
        if (!RouteIds.TryInt(id, out var schemeId))
        {
            return TempoResults.NotFound(NotFound(id));
        }

        if (!TryRead(body, out var input, out var invalid))
        {
            return invalid;
        }

        return GrainResults.Ok(await grains.Schemes().UpdateWorkloadSchemeAsync(schemeId, input), s => Workload(request, s));
    }

    private static async Task<Results<NoContent, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Delete(
        string id, TenantGrains grains) =>
        RouteIds.TryInt(id, out var schemeId)
            ? GrainResults.NoContent(await grains.Schemes().DeleteWorkloadSchemeAsync(schemeId))
            : TempoResults.NotFound(NotFound(id));

    private static async Task<Results<Ok<WorkloadSchemeJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> SetDefault(
        string id, HttpRequest request, TenantGrains grains) =>
        RouteIds.TryInt(id, out var schemeId)
            ? GrainResults.Ok(await grains.Schemes().SetDefaultWorkloadSchemeAsync(schemeId), s => Workload(request, s))
            : TempoResults.NotFound(NotFound(id));

    private static Task<Results<Ok<SearchResults<MemberResultJson>>, BadRequest<ErrorBody>>> SearchMembers(
        MemberSearchBody? body, HttpRequest request, TenantGrains grains) =>
        SchemeMembers.SearchAsync(SchemeKind.Workload, body, request, grains);

    private static Task<Results<Ok<PagedResults<UserJson>>, BadRequest<ErrorBody>, NotFound<ErrorBody>>> Members(
        string id, int? offset, int? limit, HttpRequest request, TenantGrains grains) =>
        SchemeMembers.PageAsync(SchemeKind.Workload, id, NotFound(id), offset, limit, request, grains);

    private static Task<Results<NoContent, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Assign(
        string id, MembersBody? body, TenantGrains grains) =>
        SchemeMembers.AssignAsync(SchemeKind.Workload, id, NotFound(id), body, grains);

    private static string NotFound(string id) => $"Workload scheme '{id}' not found";
}
