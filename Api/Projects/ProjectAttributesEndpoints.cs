using Tempo.Api.Conventions;
using Tempo.Api.Errors;
using Tempo.Api.Gate;
using Tempo.Grains.Interfaces.Projects;
using static Tempo.Api.Projects.ProjectsJson;

namespace Tempo.Api.Projects;

/// <summary>
/// <c>/4/project-attributes</c>: the tenant's custom project fields. Deleting one removes its values from every
/// project of the tenant.
/// </summary>
public static class ProjectAttributesEndpoints
{
    public sealed record OptionBody(string? Id, string? Value);

    public sealed record CreateBody(string? Name, string? Type, OptionBody?[]? SelectListOptions);

    public sealed record UpdateBody(string? Name, OptionBody?[]? SelectListOptions);

    public const int MaxNameLength = 255;

    public static IEndpointRouteBuilder MapProjectAttributesEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/4/project-attributes").RequireTokenScope(ProjectsScope.Scope).WithTags("Project Attributes");
        group.MapGet("/", List).WithName("getProjectAttributes").WithSummary("The tenant's project attributes, in creation order");
        group.MapPost("/", Create).WithName("createProjectAttribute").WithSummary("Creates a project attribute");
        group.MapPut("/{projectAttributeId}", Update).WithName("updateProjectAttribute").WithSummary("Renames an attribute, renames or adds select-list options");
        group.MapDelete("/{projectAttributeId}", Delete).WithName("deleteProjectAttribute").WithSummary("Deletes an attribute and its values on every project");
        return app;
    }

    private static async Task<Ok<ProjectAttributesJson>> List(HttpRequest request, TenantGrains grains)
    {
        var attributes = await grains.ProjectAttributes().ListAsync();
        return TypedResults.Ok(new ProjectAttributesJson(Links.RequestUrl(request), [.. attributes.Select(a => Attribute(request, a))]));
    }

    private static async Task<Results<Ok<ProjectAttributeJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Create(
        CreateBody? body, HttpRequest request, TenantGrains grains)
    {
        var validation = new Validation();
        var name = Name(validation, body?.Name);
        var type = validation.OneOf(body?.Type, "type", ProjectAttributeTypes.All, required: true);
        var options = Options(validation, body?.SelectListOptions);
        if (options.Any(o => o.Id is not null))
        {
            validation.Add("'selectListOptions' of a new attribute take no 'id'.");
        }

        return validation.IsValid
            ? GrainResults.Ok(await grains.ProjectAttributes().CreateAsync(new NewProjectAttribute(name, type!, [.. options.Select(o => o.Value)])), a => Attribute(request, a))
            : validation.ToBadRequest();
    }

    private static async Task<Results<Ok<ProjectAttributeJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Update(
        string projectAttributeId, UpdateBody? body, HttpRequest request, TenantGrains grains)
    {
        if (!RouteIds.TryGuid(projectAttributeId, out var id))
        {
            return NotFound(projectAttributeId);
        }

        var validation = new Validation();
        var name = Name(validation, body?.Name);
        var options = Options(validation, body?.SelectListOptions);
        return validation.IsValid
            ? GrainResults.Ok(await grains.ProjectAttributes().UpdateAsync(id, new ProjectAttributeChanges(name, options)), a => Attribute(request, a))
            : validation.ToBadRequest();
    }

    /// <summary>Goes through the project index, which also removes the attribute's values from every project.</summary>
    private static async Task<Results<NoContent, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Delete(
        string projectAttributeId, TenantGrains grains) =>
        RouteIds.TryGuid(projectAttributeId, out var id)
            ? GrainResults.NoContent(await grains.ProjectIndex().DeleteAttributeAsync(id))
            : NotFound(projectAttributeId);

    private static string Name(Validation validation, string? name)
    {
        var kept = validation.Required(name, "name");
        if (kept.Length > MaxNameLength)
        {
            validation.Add($"'name' must be at most {MaxNameLength} characters.");
        }

        return kept;
    }

    private static ImmutableArray<SelectListOptionChange> Options(Validation validation, OptionBody?[]? options)
    {
        var changes = ImmutableArray.CreateBuilder<SelectListOptionChange>();
        foreach (var (option, index) in (options ?? []).Select((o, i) => (o, i)))
        {
            var value = validation.Required(option?.Value, $"selectListOptions[{index}].value");
            Guid? id = null;
            if (option?.Id is { } text)
            {
                if (RouteIds.TryGuid(text, out var parsed))
                {
                    id = parsed;
                }
                else
                {
                    validation.Add($"'selectListOptions[{index}].id' must be an option id (a UUID), not '{text}'.");
                }
            }

            changes.Add(new SelectListOptionChange(id, value));
        }

        return changes.ToImmutable();
    }

    private static NotFound<ErrorBody> NotFound(string id) => TempoResults.NotFound($"Project attribute '{id}' not found");
}
