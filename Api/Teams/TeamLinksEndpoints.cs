using Tempo.Api.Errors;
using Tempo.Api.Gate;
using Tempo.Api.Conventions;
using Tempo.Grains.Interfaces.Teams;
using static Tempo.Api.Teams.TeamsJson;

namespace Tempo.Api.Teams;

/// <summary><c>/4/team-links</c>: teams linked to Jira projects. There is no update; delete and link again.</summary>
public static class TeamLinksEndpoints
{
    public sealed record TeamLinkBody(int? TeamId, string? ScopeType, long? ScopeId);

    public static IEndpointRouteBuilder MapTeamLinksEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/4/team-links").RequireTokenScope(TeamsScope.Scope).WithTags("Team Links");
        group.MapPost("/", Create).WithName("createTeamLink").WithSummary("Links a team to a Jira project");
        group.MapGet("/project/{id:long}", ByProject).WithName("getTeamLinkByProjectId").WithSummary("A project's team links");
        group.MapGet("/{linkId}", Get).WithName("getTeamLink").WithSummary("One team link");
        group.MapDelete("/{linkId}", Delete).WithName("deleteTeamLink").WithSummary("Deletes a team link");
        return app;
    }

    private static async Task<Results<Ok<TeamLinkJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Create(
        TeamLinkBody? body, HttpRequest request, TenantGrains grains)
    {
        var validation = new Validation();
        var teamId = validation.RequiredId(body?.TeamId, "teamId");
        validation.OneOf(body?.ScopeType, "scopeType", ["PROJECT"], required: true);
        if (body?.ScopeId is null)
        {
            validation.Add("'scopeId' is required.");
        }

        validation.AtLeast(body?.ScopeId, "scopeId", 1L);
        if (!validation.IsValid)
        {
            return validation.ToBadRequest();
        }

        var result = await grains.Teams().CreateTeamLinkAsync(new TeamLinkInput(teamId, body!.ScopeId!.Value));
        return GrainResults.Ok(result, l => Link(request, l));
    }

    private static async Task<Ok<ListResults<TeamLinkJson>>> ByProject(long id, HttpRequest request, TenantGrains grains)
    {
        var links = await grains.Teams().GetProjectTeamLinksAsync(id);
        return TypedResults.Ok(ListResults<TeamLinkJson>.Of(request, [.. links.Select(l => Link(request, l))]));
    }

    private static async Task<Results<Ok<TeamLinkJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Get(string linkId, HttpRequest request, TenantGrains grains) =>
        RouteIds.TryInt(linkId, out var id) && await grains.Teams().GetTeamLinkAsync(id) is { } link
            ? TypedResults.Ok(Link(request, link))
            : NotFound(linkId);

    private static async Task<Results<NoContent, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Delete(string linkId, TenantGrains grains) =>
        RouteIds.TryInt(linkId, out var id)
            ? GrainResults.NoContent(await grains.Teams().DeleteTeamLinkAsync(id))
            : NotFound(linkId);

    private static NotFound<ErrorBody> NotFound(string id) => TempoResults.NotFound($"Team link '{id}' not found");
}
