using Tempo.Api.Errors;
using Tempo.Api.Gate;
using Tempo.Api.Conventions;
using Tempo.Grains.Interfaces.Teams;
using static Tempo.Api.Teams.TeamsJson;

namespace Tempo.Api.Teams;

/// <summary><c>/4/teams</c>: teams with their lead and program, their current members and their links.</summary>
public static class TeamsEndpoints
{
    public sealed record TeamBody(string? Name, string? Summary, string? LeadAccountId, int? ProgramId, bool? Administrative, bool? Public);

    public static IEndpointRouteBuilder MapTeamsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/4/teams").RequireTokenScope(TeamsScope.Scope).WithTags("Team");
        group.MapGet("/", List).WithName("getTeams").WithSummary("Teams by name, ids and current members, paged; with every membership on request");
        group.MapPost("/", Create).WithName("createTeam").WithSummary("Creates a team");
        group.MapGet("/{id}", Get).WithName("getTeamById").WithSummary("One team");
        group.MapPut("/{id}", Update).WithName("updateTeam").WithSummary("Replaces a team; omitted optional fields are cleared");
        group.MapDelete("/{id}", Delete).WithName("deleteTeam").WithSummary("Deletes a team with its memberships and links");
        group.MapGet("/{id}/links", TeamLinks).WithName("getTeamLinks").WithSummary("A team's links, paged");
        group.MapGet("/{id}/members", Members).WithName("getTeamMembers").WithSummary("The team's members today, each with their active membership, paged");
        return app;
    }

    private static async Task<Results<Ok<PagedResults<TeamJson>>, BadRequest<ErrorBody>>> List(
        int? offset, int? limit, string? name, int[]? teamIds, string[]? teamMembers, bool? includeMemberships,
        HttpRequest request, TenantGrains grains, TimeProvider time)
    {
        if (!Paging.TryRead(offset, limit, out var page, out var error))
        {
            return TempoResults.BadRequest(error!);
        }

        var search = new TeamSearch(name, [.. teamIds ?? []], [.. teamMembers ?? []], includeMemberships ?? false, Today(time));
        var teams = await grains.Teams().SearchTeamsAsync(search, page);
        return TypedResults.Ok(Paging.Envelope(request, page, teams, t => Team(request, t)));
    }

    private static async Task<Results<Ok<TeamJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Get(string id, HttpRequest request, TenantGrains grains) =>
        RouteIds.TryInt(id, out var teamId) && await grains.Teams().GetTeamAsync(teamId) is { } team
            ? TypedResults.Ok(Team(request, team))
            : NotFound(id);

    private static async Task<Results<Ok<TeamJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Create(
        TeamBody? body, HttpRequest request, TenantGrains grains)
    {
        if (!TryRead(body, out var input, out var invalid))
        {
            return invalid;
        }

        return GrainResults.Ok(await grains.Teams().CreateTeamAsync(input), t => Team(request, t));
    }

    private static async Task<Results<Ok<TeamJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Update(
        string id, TeamBody? body, HttpRequest request, TenantGrains grains)
    {
        if (!RouteIds.TryInt(id, out var teamId))
        {
            return NotFound(id);
        }

        if (!TryRead(body, out var input, out var invalid))
        {
            return invalid;
        }

        return GrainResults.Ok(await grains.Teams().UpdateTeamAsync(teamId, input), t => Team(request, t));
    }

    private static async Task<Results<NoContent, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Delete(string id, TenantGrains grains) =>
        RouteIds.TryInt(id, out var teamId)
            ? GrainResults.NoContent(await grains.Teams().DeleteTeamAsync(teamId))
            : NotFound(id);

    private static async Task<Results<Ok<PagedResults<TeamLinkJson>>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> TeamLinks(
        string id, int? offset, int? limit, HttpRequest request, TenantGrains grains)
    {
        if (!RouteIds.TryInt(id, out var teamId))
        {
            return NotFound(id);
        }

        if (!Paging.TryRead(offset, limit, out var page, out var error))
        {
            return TempoResults.BadRequest(error!);
        }

        return GrainResults.Ok(await grains.Teams().GetTeamLinksAsync(teamId, page), links => Paging.Envelope(request, page, links, l => Link(request, l)));
    }

    /// <summary>The contract documents no paging parameters here but the paged envelope; clients page it anyway, so both work.</summary>
    private static async Task<Results<Ok<PagedResults<MemberMembershipsJson>>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Members(
        string id, int? offset, int? limit, HttpRequest request, TenantGrains grains, TimeProvider time)
    {
        if (!RouteIds.TryInt(id, out var teamId))
        {
            return NotFound(id);
        }

        if (!Paging.TryRead(offset, limit, out var page, out var error))
        {
            return TempoResults.BadRequest(error!);
        }

        var active = await grains.Teams().GetActiveMembershipsAsync(teamId, Today(time), page);
        return GrainResults.Ok(active, members => Paging.Envelope(request, page, members, m => MemberMemberships(request, m)));
    }

    /// <summary>Today in UTC: the day memberships are judged active on.</summary>
    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private static NotFound<ErrorBody> NotFound(string id) => TempoResults.NotFound($"Team '{id}' not found");

    private static bool TryRead(TeamBody? body, out TeamInput input, out BadRequest<ErrorBody> invalid)
    {
        var validation = new Validation();
        input = new TeamInput(
            validation.Required(body?.Name, "name"),
            Validation.Blank(validation.Text(body?.Summary, "summary")),
            validation.OptionalAccountId(body?.LeadAccountId, "leadAccountId"),
            body?.Administrative ?? false,
            body?.Public ?? true,
            validation.AtLeast(body?.ProgramId, "programId", 1));
        invalid = validation.ToBadRequest();
        return validation.IsValid;
    }
}
