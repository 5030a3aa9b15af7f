using Tempo.Api.Errors;
using Tempo.Api.Gate;
using Tempo.Api.Conventions;
using Tempo.Grains.Interfaces.Worklogs;
using static Tempo.Api.Worklogs.WorklogsJson;

namespace Tempo.Api.Worklogs;

/// <summary><c>/4/work-attributes</c>: the custom fields worklogs carry, with their types and static-list values.</summary>
public static class WorkAttributesEndpoints
{
    /// <summary>
    /// CreateWorkAttributeInput / UpdateWorkAttributeInput. <c>names</c> (value to display name) is an addition:
    /// Tempo's input has no other way to edit a static list's labels.
    /// </summary>
    public sealed record WorkAttributeBody(
        string? Key,
        string? Name,
        string? Type,
        bool? Required,
        string[]? Values,
        Dictionary<string, string>? Names,
        string? ExternalUrl,
        string? ClientSecret);

    public static IEndpointRouteBuilder MapWorkAttributesEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/4/work-attributes").RequireTokenScope(WorklogsScope.Scope).WithTags("Work Attributes");
        group.MapGet("/", List).WithName("getWorkAttributes").WithSummary("Work attributes, paged");
        group.MapPost("/", Create).WithName("createWorkAttributes").WithSummary("Creates a work attribute");
        group.MapGet("/{key}", Get).WithName("getWorkAttributeByKey").WithSummary("One work attribute");
        group.MapPut("/{key}", Update).WithName("updateWorkAttributeByKey").WithSummary("Replaces a work attribute");
        group.MapDelete("/{key}", Delete).WithName("deleteWorkAttributeByKey").WithSummary("Deletes a work attribute; worklogs keep their values");
        return app;
    }

    private static async Task<Results<Ok<PagedResults<WorkAttributeJson>>, BadRequest<ErrorBody>>> List(
        int? offset, int? limit, HttpRequest request, TenantGrains grains)
    {
        if (!Paging.TryRead(offset, limit, out var page, out var error))
        {
            return TempoResults.BadRequest(error!);
        }

        var attributes = await grains.WorkAttributes().ListAsync(page);
        return TypedResults.Ok(Paging.Envelope(request, page, attributes, a => WorkAttribute(request, a)));
    }

    private static async Task<Results<Ok<WorkAttributeJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Get(string key, HttpRequest request, TenantGrains grains) =>
        await grains.WorkAttributes().GetAsync(key) is { } attribute
            ? TypedResults.Ok(WorkAttribute(request, attribute))
            : TempoResults.NotFound($"Work attribute '{key}' not found");

    private static async Task<Results<Ok<WorkAttributeJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Create(
        WorkAttributeBody? body, HttpRequest request, TenantGrains grains)
    {
        if (!TryRead(body, key: null, out var input, out var invalid))
        {
            return invalid;
        }

        return GrainResults.Ok(await grains.WorkAttributes().CreateAsync(input), a => WorkAttribute(request, a));
    }

    private static async Task<Results<Ok<WorkAttributeJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Update(
        string key, WorkAttributeBody? body, HttpRequest request, TenantGrains grains)
    {
        if (!TryRead(body, key, out var input, out var invalid))
        {
            return invalid;
        }

        return GrainResults.Ok(await grains.WorkAttributes().UpdateAsync(key, input), a => WorkAttribute(request, a));
    }

    private static async Task<Results<NoContent, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Delete(string key, TenantGrains grains) =>
        GrainResults.NoContent(await grains.WorkAttributes().DeleteAsync(key));

    /// <summary>Checks a body; <paramref name="key"/> is the path's key on update (the body's is not read then).</summary>
    private static bool TryRead(WorkAttributeBody? body, string? key, out WorkAttribute input, out BadRequest<ErrorBody> invalid)
    {
        var validation = new Validation();
        var theKey = key ?? validation.Key(body?.Key, "key");
        var name = validation.Required(body?.Name, "name");

        var type = validation.OneOf(body?.Type, "type", WorkAttributeTypes.All, required: true) ?? string.Empty;
        if (body?.ClientSecret is { } secret && secret.Length is < 8 or > 128)
        {
            validation.Add("'clientSecret' must be 8 to 128 characters.");
        }

        var values = new List<string>();
        foreach (var value in body?.Values ?? [])
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                validation.Add("'values' must not hold blank values.");
            }
            else if (values.Contains(value))
            {
                validation.Add($"'values' has '{value}' more than once.");
            }
            else
            {
                validation.Name(value, "values");
                values.Add(value);
            }
        }

        input = new WorkAttribute(
            theKey,
            name,
            type,
            body?.Required ?? false,
            [.. values],
            (body?.Names ?? []).ToImmutableDictionary(),
            Validation.Blank(body?.ExternalUrl),
            Validation.Blank(body?.ClientSecret));
        invalid = validation.ToBadRequest();
        return validation.IsValid;
    }
}
