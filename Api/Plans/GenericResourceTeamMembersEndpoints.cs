using Tempo.Api.Conventions;
using Tempo.Api.Errors;
using Tempo.Api.Gate;
using static Tempo.Api.Plans.PlansJson;

namespace Tempo.Api.Plans;

/// <summary>
/// <c>/4/teams/{teamId}/generic-resources</c> (scope <c>teams</c>): the generic resources in a team. The team must
/// exist in the Teams scope; the resource in this tenant's generic resources.
/// </summary>
public static class GenericResourceTeamMembersEndpoints
{
    [System.Text.Json.Serialization.JsonNumberHandling(System.Text.Json.Serialization.JsonNumberHandling.Strict)]
    public sealed record MemberBody(int? GenericResourceId);

    public static IEndpointRouteBuilder MapGenericResourceTeamMembersEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/4/teams/{teamId}/generic-resources").RequireTokenScope(PlansScope.TeamsScope).WithTags("Generic Resource Team Members");
        group.MapGet("/", List).WithName("getResourcesInTeam").WithSummary("The generic resources of a team");
        group.MapPost("/", Add).WithName("addResourceToTeam").WithSummary("Adds a generic resource to a team");
        group.MapGet("/{resourceId}", Get).WithName("getGenericResourceTeamMember").WithSummary("One generic resource of a team");
        group.MapDelete("/{resourceId}", Remove).WithName("removeGenericResourceFromTeam").WithSummary("Removes a generic resource from a team");
        return app;
    }

    private static async Task<Results<Ok<TeamMembersJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> List(string teamId, HttpRequest request, TenantGrains grains) =>
        RouteIds.TryInt(teamId, out var team)
            ? GrainResults.Ok(await grains.GenericResources().GetTeamMembersAsync(team), members => TeamMembers(request, team, members))
            : TeamNotFound(teamId);

    private static async Task<Results<Ok<TeamMemberJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Add(
        string teamId, MemberBody? body, HttpRequest request, TenantGrains grains, AuthenticatedToken token)
    {
        if (!RouteIds.TryInt(teamId, out var team))
        {
            return TeamNotFound(teamId);
        }

        if (body?.GenericResourceId is not { } resource)
        {
            return TempoResults.BadRequest("'genericResourceId' is required.");
        }

        return GrainResults.Ok(await grains.GenericResources().AddToTeamAsync(team, resource, token.OwnerAccountId), m => TeamMember(request, m));
    }

    private static async Task<Results<Ok<TeamMemberJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Get(
        string teamId, string resourceId, HttpRequest request, TenantGrains grains) =>
        RouteIds.TryInt(teamId, out var team) && RouteIds.TryInt(resourceId, out var resource)
            ? GrainResults.Ok(await grains.GenericResources().GetTeamMemberAsync(team, resource), m => TeamMember(request, m))
            : TeamNotFound(teamId);

    private static async Task<Results<NoContent, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Remove(
        string teamId, string resourceId, TenantGrains grains) =>
        RouteIds.TryInt(teamId, out var team) && RouteIds.TryInt(resourceId, out var resource)
            ? GrainResults.NoContent(await grains.GenericResources().RemoveFromTeamAsync(team, resource))
            : TeamNotFound(teamId);

    private static NotFound<ErrorBody> TeamNotFound(string teamId) => TempoResults.NotFound($"Team '{teamId}' not found");
}
