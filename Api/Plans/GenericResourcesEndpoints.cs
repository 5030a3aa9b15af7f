using Tempo.Api.Conventions;
using Tempo.Api.Errors;
using Tempo.Api.Gate;
using Tempo.Grains.Interfaces.Plans;
using static Tempo.Api.Plans.PlansJson;

namespace Tempo.Api.Plans;

/// <summary><c>/4/generic-resources</c> (scope <c>plans</c>): named placeholders plans can be assigned to.</summary>
public static class GenericResourcesEndpoints
{
    public sealed record ResourceBody(string? Name);

    [System.Text.Json.Serialization.JsonNumberHandling(System.Text.Json.Serialization.JsonNumberHandling.Strict)]
    public sealed record SearchBody(int[]? Ids, int? Limit, int? Offset, string? Query);

    public static IEndpointRouteBuilder MapGenericResourcesEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/4/generic-resources").RequireTokenScope(PlansScope.Scope).WithTags("Generic Resources");
        group.MapPost("/", Create).WithName("createGenericResource").WithSummary("Creates a generic resource");
        group.MapPost("/search", Search).WithName("searchGenericResources").WithSummary("Generic resources by ids and name, paged");
        group.MapGet("/{id}", Get).WithName("getGenericResource").WithSummary("One generic resource");
        group.MapPut("/{id}", Update).WithName("editGenericResource").WithSummary("Renames a generic resource");
        group.MapDelete("/{id}", Delete).WithName("deleteGenericResource").WithSummary("Deletes a generic resource that has no plans");
        return app;
    }

    private static async Task<Results<Ok<GenericResourceJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Create(
        ResourceBody? body, HttpRequest request, TenantGrains grains, AuthenticatedToken token)
    {
        var validation = new Validation();
        var name = validation.Required(body?.Name, "name", GenericResourceKeys.MaxNameLength);
        return validation.IsValid
            ? GrainResults.Ok(await grains.GenericResources().CreateAsync(name.Trim(), token.OwnerAccountId), r => Resource(request, r))
            : validation.ToBadRequest();
    }

    private static async Task<Results<Ok<GenericResourceJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Update(
        string id, ResourceBody? body, HttpRequest request, TenantGrains grains, AuthenticatedToken token)
    {
        if (!RouteIds.TryInt(id, out var resourceId))
        {
            return NotFound(id);
        }

        var validation = new Validation();
        var name = validation.Required(body?.Name, "name", GenericResourceKeys.MaxNameLength);
        return validation.IsValid
            ? GrainResults.Ok(await grains.GenericResources().UpdateAsync(resourceId, name.Trim(), token.OwnerAccountId), r => Resource(request, r))
            : validation.ToBadRequest();
    }

    private static async Task<Results<Ok<GenericResourceJson>, NotFound<ErrorBody>>> Get(string id, HttpRequest request, TenantGrains grains) =>
        RouteIds.TryInt(id, out var resourceId) && await grains.GenericResources().GetAsync(resourceId) is { } resource
            ? TypedResults.Ok(Resource(request, resource))
            : NotFound(id);

    private static async Task<Results<NoContent, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Delete(string id, TenantGrains grains) =>
        RouteIds.TryInt(id, out var resourceId)
            ? GrainResults.NoContent(await grains.GenericResources().DeleteAsync(resourceId))
            : NotFound(id);

    private static async Task<Results<Ok<BarePage<GenericResourceJson>>, BadRequest<ErrorBody>>> Search(SearchBody? body, HttpRequest request, TenantGrains grains)
    {
        var validation = new Validation();
        var query = validation.Text(body?.Query, "query", Validation.NameMaxLength);
        if (!Paging.TryRead(body?.Offset, body?.Limit, out var page, out var error))
        {
            validation.Add(error!);
        }

        if (!validation.IsValid)
        {
            return validation.ToBadRequest();
        }

        var found = await grains.GenericResources().SearchAsync([.. body?.Ids ?? []], query, page);
        var results = found.Items.Select(r => Resource(request, r)).ToArray();
        return TypedResults.Ok(new BarePage<GenericResourceJson>(new BareMetadata(results.Length, page.Offset, page.Limit), results));
    }

    private static NotFound<ErrorBody> NotFound(string id) => TempoResults.NotFound($"Generic resource '{id}' not found");
}
