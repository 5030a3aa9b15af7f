using Tempo.Api.Conventions;
using Tempo.Api.Errors;
using Tempo.Api.Gate;
using Tempo.Grains.Interfaces.Projects;
using static Tempo.Api.Projects.ProjectsJson;
using ProjectResult = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.Ok<Tempo.Api.Projects.ProjectsJson.ProjectJson>,
    Microsoft.AspNetCore.Http.HttpResults.BadRequest<Tempo.Api.Errors.ErrorBody>,
    Microsoft.AspNetCore.Http.HttpResults.NotFound<Tempo.Api.Errors.ErrorBody>,
    Microsoft.AspNetCore.Http.HttpResults.Conflict<Tempo.Api.Errors.ErrorBody>,
    Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<Tempo.Api.Errors.ErrorBody>>;

namespace Tempo.Api.Projects;

/// <summary>
/// <c>/4/projects</c>: Cost Tracker projects of the token's tenant. <c>PUT /4/projects/{id}</c> changes only the
/// fields it is given; every other change has its own PUT, and each answers the whole project.
/// </summary>
public static class ProjectsEndpoints
{
    public sealed record ScopeBody(string? Type, string? Reference);

    public sealed record CreateBody(string? Name, string? Type, string? CurrencyCode, decimal? DefaultCostRate, bool? TrackingRevenue, ScopeBody? Scope);

    public sealed record UpdateBody(string? Name, string? Status, string?[]? Tags, bool? TrackingRevenue, bool? UsingApproval);

    public sealed record AutoSyncBody(string? Schedule, int? TimeZoneOffsetInHours);

    public sealed record GeneralAccessBody(string? GeneralAccess);

    public sealed record AttributeValueBody(string? Value);

    public sealed record RateBody(string? Category, decimal? Value);

    public sealed record UsingAccountRatesBody(bool? UsingAccountRates);

    public sealed record UsingGlobalCostRatesBody(bool? UsingGlobalCostRates);

    public const int MaxNameLength = 255;

    public static IEndpointRouteBuilder MapProjectsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/4/projects").RequireTokenScope(ProjectsScope.Scope).WithTags("Project");
        group.MapGet("/", List).WithName("getProjects").WithSummary("The tenant's projects, paged, in creation order");
        group.MapPost("/", Create).WithName("createProject").WithSummary("Creates a project owned by the token's owner");
        group.MapGet("/{id}", Get).WithName("getProjectById").WithSummary("One project");
        group.MapDelete("/{projectId}", Delete).WithName("deleteProject").WithSummary("Deletes a project");
        group.MapPut("/{projectId}", Update).WithName("updateProjectBasicInformation").WithSummary("Changes only the non-null fields given");
        group.MapPut("/{projectId}/auto-sync", AutoSync).WithName("updateAutoSyncValue").WithSummary("Sets the auto-sync schedule (not for a JIRA_PROJECTS scope)");
        group.MapPut("/{projectId}/currency/{currencyCode}", Currency).WithName("updateProjectCurrency").WithSummary("Sets the project's ISO 4217 currency");
        group.MapPut("/{projectId}/generalAccess", GeneralAccess).WithName("updateGeneralAccess").WithSummary("Sets who may see the project");
        group.MapPut("/{projectId}/owner/{newOwnerId}", Owner).WithName("updateProjectOwner").WithSummary("Hands the project to another owner; the old one becomes a collaborator");
        group.MapPut("/{projectId}/project-attributes/{projectAttributeId}", AttributeValue).WithName("updateProjectAttributeValue").WithSummary("Sets the project's value of an attribute, checked by its type");
        group.MapPut("/{projectId}/rate", Rate).WithName("updateProjectDefaultRates").WithSummary("Sets the default billing or cost rate (not for TIME_BASED)");
        group.MapPut("/{projectId}/usingAccountRates", UsingAccountRates).WithName("updateUsingAccountRates").WithSummary("Turns account rates on or off");
        group.MapPut("/{projectId}/usingGlobalCostRates", UsingGlobalCostRates).WithName("updateUsingGlobalCostRates").WithSummary("Turns global cost rates on or off");
        return app;
    }

    private static async Task<Results<Ok<PagedResults<ProjectJson>>, BadRequest<ErrorBody>>> List(
        int? offset, int? limit, HttpRequest request, TenantGrains grains)
    {
        if (!Paging.TryRead(offset, limit, out var page, out var error))
        {
            return TempoResults.BadRequest(error!);
        }

        var projects = await grains.ProjectIndex().ListAsync(page);
        return TypedResults.Ok(Paging.Envelope(request, page, projects, p => Project(request, p)));
    }

    private static async Task<Results<Ok<ProjectJson>, NotFound<ErrorBody>>> Get(string id, HttpRequest request, TenantGrains grains) =>
        RouteIds.TryGuid(id, out var projectId) && await grains.Project(projectId).GetAsync() is { } project
            ? TypedResults.Ok(Project(request, project))
            : NotFound(id);

    private static async Task<ProjectResult> Create(
        CreateBody? body, HttpRequest request, TenantGrains grains, AuthenticatedToken token, IConfiguration configuration)
    {
        var validation = new Validation();
        var name = Name(validation, body?.Name, required: true)!;
        var type = validation.OneOf(body?.Type, "type", ProjectVocabulary.Types, required: false) ?? ProjectVocabulary.MonetaryBased;
        var currency = body?.CurrencyCode ?? ProjectsScope.DefaultCurrency(configuration);
        if (!Currencies.IsKnown(currency))
        {
            validation.Add(Currencies.Unknown("currencyCode", currency));
        }

        var costRate = Amount(validation, body?.DefaultCostRate, "defaultCostRate");
        if (costRate is not null && type == ProjectVocabulary.TimeBased)
        {
            validation.Add("'defaultCostRate' is not available for a TIME_BASED project.");
        }

        ProjectScopeSource? scope = null;
        if (body?.Scope is { } given)
        {
            var scopeType = validation.OneOf(given.Type, "scope.type", ProjectVocabulary.ScopeTypes, required: true);
            var reference = validation.Required(given.Reference, "scope.reference");
            scope = scopeType is null ? null : new ProjectScopeSource(scopeType, reference);
        }

        if (!validation.IsValid)
        {
            return validation.ToBadRequest();
        }

        var proposed = new NewProject(name, type, currency, costRate, body?.TrackingRevenue ?? false, scope, token.OwnerAccountId);
        return GrainResults.Ok(await grains.ProjectIndex().CreateAsync(proposed), p => Project(request, p));
    }

    private static async Task<Results<NoContent, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Delete(
        string projectId, TenantGrains grains) =>
        RouteIds.TryGuid(projectId, out var id)
            ? GrainResults.NoContent(await grains.ProjectIndex().DeleteAsync(id))
            : NotFound(projectId);

    private static async Task<ProjectResult> Update(string projectId, UpdateBody? body, HttpRequest request, TenantGrains grains)
    {
        if (!RouteIds.TryGuid(projectId, out var id))
        {
            return NotFound(projectId);
        }

        var validation = new Validation();
        var name = Name(validation, body?.Name, required: false);
        var status = validation.OneOf(body?.Status, "status", ProjectVocabulary.Statuses, required: false);
        ImmutableArray<string>? tags = null;
        if (body?.Tags is { } given)
        {
            if (given.Any(string.IsNullOrWhiteSpace))
            {
                validation.Add("'tags' must not hold blank tags.");
            }

            tags = [.. given.OfType<string>().Distinct(StringComparer.Ordinal)];
        }

        if (!validation.IsValid)
        {
            return validation.ToBadRequest();
        }

        var changes = new ProjectChanges(name, status, tags, body?.TrackingRevenue, body?.UsingApproval);
        return GrainResults.Ok(await grains.Project(id).UpdateAsync(changes), p => Project(request, p));
    }

    private static async Task<ProjectResult> AutoSync(string projectId, AutoSyncBody? body, HttpRequest request, TenantGrains grains)
    {
        if (!RouteIds.TryGuid(projectId, out var id))
        {
            return NotFound(projectId);
        }

        var validation = new Validation();
        var schedule = validation.OneOf(body?.Schedule, "schedule", ProjectVocabulary.Schedules, required: true);
        if (body?.TimeZoneOffsetInHours is < ProjectVocabulary.MinOffsetHours or > ProjectVocabulary.MaxOffsetHours)
        {
            validation.Add($"'timeZoneOffsetInHours' must be between {ProjectVocabulary.MinOffsetHours} and {ProjectVocabulary.MaxOffsetHours}.");
        }

        if (!validation.IsValid)
        {
            return validation.ToBadRequest();
        }

        int? offset = schedule == ProjectVocabulary.Off ? null : body!.TimeZoneOffsetInHours ?? 0;
        return GrainResults.Ok(await grains.Project(id).SetAutoSyncAsync(new AutoSyncSchedule(schedule!, offset)), p => Project(request, p));
    }

    private static async Task<ProjectResult> Currency(string projectId, string currencyCode, HttpRequest request, TenantGrains grains)
    {
        if (!RouteIds.TryGuid(projectId, out var id))
        {
            return NotFound(projectId);
        }

        return Currencies.IsKnown(currencyCode)
            ? GrainResults.Ok(await grains.Project(id).SetCurrencyAsync(currencyCode), p => Project(request, p))
            : TempoResults.BadRequest(Currencies.Unknown("currencyCode", currencyCode));
    }

    private static async Task<ProjectResult> GeneralAccess(string projectId, GeneralAccessBody? body, HttpRequest request, TenantGrains grains)
    {
        if (!RouteIds.TryGuid(projectId, out var id))
        {
            return NotFound(projectId);
        }

        var validation = new Validation();
        var access = validation.OneOf(body?.GeneralAccess, "generalAccess", ProjectVocabulary.GeneralAccess, required: true);
        return validation.IsValid
            ? GrainResults.Ok(await grains.Project(id).SetGeneralAccessAsync(access!), p => Project(request, p))
            : validation.ToBadRequest();
    }

    private static async Task<ProjectResult> Owner(string projectId, string newOwnerId, HttpRequest request, TenantGrains grains)
    {
        if (!RouteIds.TryGuid(projectId, out var id))
        {
            return NotFound(projectId);
        }

        return Grains.Interfaces.Tokens.AccountId.IsValid(newOwnerId)
            ? GrainResults.Ok(await grains.Project(id).SetOwnerAsync(newOwnerId), p => Project(request, p))
            : TempoResults.BadRequest($"'newOwnerId' is not a valid account id: '{newOwnerId}'.");
    }

    private static async Task<ProjectResult> AttributeValue(
        string projectId, string projectAttributeId, AttributeValueBody? body, HttpRequest request, TenantGrains grains)
    {
        if (!RouteIds.TryGuid(projectId, out var id))
        {
            return NotFound(projectId);
        }

        if (!RouteIds.TryGuid(projectAttributeId, out var attributeId))
        {
            return TempoResults.NotFound($"Project attribute '{projectAttributeId}' not found");
        }

        return body?.Value is { } value
            ? GrainResults.Ok(await grains.Project(id).SetAttributeValueAsync(attributeId, value), p => Project(request, p))
            : TempoResults.BadRequest("'value' is required (an empty value clears it).");
    }

    private static async Task<ProjectResult> Rate(string projectId, RateBody? body, HttpRequest request, TenantGrains grains)
    {
        if (!RouteIds.TryGuid(projectId, out var id))
        {
            return NotFound(projectId);
        }

        var validation = new Validation();
        var category = validation.OneOf(body?.Category, "category", ProjectVocabulary.RateCategories, required: true);
        var value = Amount(validation, body?.Value, "value");
        if (body?.Value is null)
        {
            validation.Add("'value' is required.");
        }

        return validation.IsValid
            ? GrainResults.Ok(await grains.Project(id).SetRateAsync(category!, value!.Value), p => Project(request, p))
            : validation.ToBadRequest();
    }

    private static async Task<ProjectResult> UsingAccountRates(string projectId, UsingAccountRatesBody? body, HttpRequest request, TenantGrains grains)
    {
        if (!RouteIds.TryGuid(projectId, out var id))
        {
            return NotFound(projectId);
        }

        return body?.UsingAccountRates is { } value
            ? GrainResults.Ok(await grains.Project(id).SetUsingAccountRatesAsync(value), p => Project(request, p))
            : TempoResults.BadRequest("'usingAccountRates' is required: true or false.");
    }

    private static async Task<ProjectResult> UsingGlobalCostRates(string projectId, UsingGlobalCostRatesBody? body, HttpRequest request, TenantGrains grains)
    {
        if (!RouteIds.TryGuid(projectId, out var id))
        {
            return NotFound(projectId);
        }

        return body?.UsingGlobalCostRates is { } value
            ? GrainResults.Ok(await grains.Project(id).SetUsingGlobalCostRatesAsync(value), p => Project(request, p))
            : TempoResults.BadRequest("'usingGlobalCostRates' is required: true or false.");
    }

    private static string? Name(Validation validation, string? name, bool required)
    {
        if (name is null && !required)
        {
            return null;
        }

        var kept = validation.Required(name, "name");
        if (kept.Length > MaxNameLength)
        {
            validation.Add($"'name' must be at most {MaxNameLength} characters.");
        }

        return kept;
    }

    /// <summary>An amount of money: from 0 to 2^53-1, kept as the exact decimal sent.</summary>
    private static decimal? Amount(Validation validation, decimal? value, string field)
    {
        if (value is < 0 or > ProjectVocabulary.MaxAmount)
        {
            validation.Add($"'{field}' must be between 0 and {ProjectVocabulary.MaxAmount}.");
        }

        return value;
    }

    private static NotFound<ErrorBody> NotFound(string id) => TempoResults.NotFound($"Project '{id}' not found");
}
