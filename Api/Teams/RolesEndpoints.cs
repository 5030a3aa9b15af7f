using Tempo.Api.Errors;
using Tempo.Api.Gate;
using Tempo.Api.Conventions;
using Tempo.Grains.Interfaces.Teams;
using static Tempo.Api.Teams.TeamsJson;

namespace Tempo.Api.Teams;

/// <summary><c>/4/roles</c>: the roles a person can have in a team, one of them the default.</summary>
public static class RolesEndpoints
{
    public sealed record RoleBody(string? Name);

    public static IEndpointRouteBuilder MapRolesEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/4/roles").RequireTokenScope(TeamsScope.Scope).WithTags("Roles");
        group.MapGet("/", List).WithName("getAllRoles").WithSummary("All roles");
        group.MapPost("/", Create).WithName("createRole").WithSummary("Creates a role");
        group.MapGet("/default", Default).WithName("getDefaultRole").WithSummary("The default role, which memberships without a role get");
        group.MapGet("/{id}", Get).WithName("getRoleById").WithSummary("One role");
        group.MapPut("/{id}", Update).WithName("updateRole").WithSummary("Renames a role");
        group.MapDelete("/{id}", Delete).WithName("deleteRole").WithSummary("Deletes a role; its memberships get the default role");
        return app;
    }

    private static async Task<Ok<ListResults<RoleJson>>> List(HttpRequest request, TenantGrains grains)
    {
        var roles = await grains.Teams().ListRolesAsync();
        return TypedResults.Ok(ListResults<RoleJson>.Of(request, [.. roles.Select(r => Role(request, r))]));
    }

    private static async Task<Ok<RoleJson>> Default(HttpRequest request, TenantGrains grains) =>
        TypedResults.Ok(Role(request, await grains.Teams().GetDefaultRoleAsync()));

    private static async Task<Results<Ok<RoleJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Get(string id, HttpRequest request, TenantGrains grains) =>
        RouteIds.TryInt(id, out var roleId) && await grains.Teams().GetRoleAsync(roleId) is { } role
            ? TypedResults.Ok(Role(request, role))
            : NotFound(id);

    private static async Task<Results<Ok<RoleJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Create(
        RoleBody? body, HttpRequest request, TenantGrains grains)
    {
        if (!TryRead(body, out var input, out var invalid))
        {
            return invalid;
        }

        return GrainResults.Ok(await grains.Teams().CreateRoleAsync(input), r => Role(request, r));
    }

    private static async Task<Results<Ok<RoleJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Update(
        string id, RoleBody? body, HttpRequest request, TenantGrains grains)
    {
        if (!RouteIds.TryInt(id, out var roleId))
        {
            return NotFound(id);
        }

        if (!TryRead(body, out var input, out var invalid))
        {
            return invalid;
        }

        return GrainResults.Ok(await grains.Teams().UpdateRoleAsync(roleId, input), r => Role(request, r));
    }

    private static async Task<Results<NoContent, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Delete(string id, TenantGrains grains) =>
        RouteIds.TryInt(id, out var roleId)
            ? GrainResults.NoContent(await grains.Teams().DeleteRoleAsync(roleId))
            : NotFound(id);

    private static NotFound<ErrorBody> NotFound(string id) => TempoResults.NotFound($"Role '{id}' not found");

    private static bool TryRead(RoleBody? body, out RoleInput input, out BadRequest<ErrorBody> invalid)
    {
        var validation = new Validation();
        input = new RoleInput(validation.Required(body?.Name, "name"));
        invalid = validation.ToBadRequest();
        return validation.IsValid;
    }
}
