using Tempo.Api.Errors;
using Tempo.Api.Gate;
using Tempo.Api.Conventions;
using Tempo.Grains.Interfaces.Teams;
using static Tempo.Api.Teams.TeamsJson;

namespace Tempo.Api.Teams;

/// <summary>
/// <c>/4/programs</c> (scope <c>plans</c>): programs and the teams in them. A program's teams are the teams whose
/// <c>programId</c> names it, so <c>teamIds</c> here and <c>programId</c> on a team are two views of one relation.
/// </summary>
public static class ProgramsEndpoints
{
    public sealed record ProgramBody(string? Name, string? ManagerAccountId, int[]? TeamIds);

    public static IEndpointRouteBuilder MapProgramsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/4/programs").RequireTokenScope(TeamsScope.ProgramsScope).WithTags("Program");
        group.MapGet("/", List).WithName("getPrograms").WithSummary("All programs with their teams");
        group.MapPost("/", Create).WithName("createProgram").WithSummary("Creates a program and moves the given teams into it");
        group.MapGet("/{id}", Get).WithName("getProgramById").WithSummary("One program");
        group.MapPut("/{id}", Update).WithName("updateProgram").WithSummary("Replaces a program; its teams become exactly 'teamIds'");
        group.MapDelete("/{id}", Delete).WithName("deleteProgram").WithSummary("Deletes a program that has no teams");
        group.MapGet("/{id}/teams", ProgramTeams).WithName("getTeamsByProgramId").WithSummary("The teams of a program");
        return app;
    }

    private static async Task<Ok<ListResults<ProgramJson>>> List(HttpRequest request, TenantGrains grains)
    {
        var programs = await grains.Teams().ListProgramsAsync();
        return TypedResults.Ok(ListResults<ProgramJson>.Of(request, [.. programs.Select(p => ProgramOf(request, p))]));
    }

    private static async Task<Results<Ok<ProgramJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Get(string id, HttpRequest request, TenantGrains grains) =>
        RouteIds.TryInt(id, out var programId) && await grains.Teams().GetProgramAsync(programId) is { } program
            ? TypedResults.Ok(ProgramOf(request, program))
            : NotFound(id);

    private static async Task<Results<Ok<ListResults<RefJson>>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> ProgramTeams(string id, HttpRequest request, TenantGrains grains) =>
        RouteIds.TryInt(id, out var programId) && await grains.Teams().GetProgramAsync(programId) is { } program
            ? TypedResults.Ok(ListResults<RefJson>.Of(request, [.. program.Teams.Select(t => TeamRef(request, t))]))
            : NotFound(id);

    private static async Task<Results<Ok<ProgramJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Create(
        ProgramBody? body, HttpRequest request, TenantGrains grains)
    {
        if (!TryRead(body, out var input, out var invalid))
        {
            return invalid;
        }

        return GrainResults.Ok(await grains.Teams().CreateProgramAsync(input), p => ProgramOf(request, p));
    }

    private static async Task<Results<Ok<ProgramJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Update(
        string id, ProgramBody? body, HttpRequest request, TenantGrains grains)
    {
        if (!RouteIds.TryInt(id, out var programId))
        {
            return NotFound(id);
        }

        if (!TryRead(body, out var input, out var invalid))
        {
            return invalid;
        }

        return GrainResults.Ok(await grains.Teams().UpdateProgramAsync(programId, input), p => ProgramOf(request, p));
    }

    private static async Task<Results<NoContent, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Delete(string id, TenantGrains grains) =>
        RouteIds.TryInt(id, out var programId)
            ? GrainResults.NoContent(await grains.Teams().DeleteProgramAsync(programId))
            : NotFound(id);

    private static NotFound<ErrorBody> NotFound(string id) => TempoResults.NotFound($"Program '{id}' not found");

    private static bool TryRead(ProgramBody? body, out ProgramInput input, out BadRequest<ErrorBody> invalid)
    {
        var validation = new Validation();
        input = new ProgramInput(
            validation.Required(body?.Name, "name"),
            validation.OptionalAccountId(body?.ManagerAccountId, "managerAccountId"),
            [.. (body?.TeamIds ?? []).Distinct()]);
        invalid = validation.ToBadRequest();
        return validation.IsValid;
    }
}
