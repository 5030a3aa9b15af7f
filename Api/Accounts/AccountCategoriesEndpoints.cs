using Tempo.Api.Errors;
using Tempo.Api.Gate;
using Tempo.Api.Conventions;
using Tempo.Grains.Interfaces.Accounts;
using static Tempo.Api.Accounts.AccountsJson;

namespace Tempo.Api.Accounts;

/// <summary><c>/4/account-categories</c> and <c>/4/account-category-types</c>.</summary>
public static class AccountCategoriesEndpoints
{
    public sealed record CategoryBody(string? Key, string? Name, string? TypeName);

    public static IEndpointRouteBuilder MapAccountCategoriesEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/4/account-categories").RequireTokenScope(AccountsScope.Scope).WithTags("Account - Categories");
        group.MapGet("/", List).WithName("getCategories").WithSummary("All categories, or the one with ?id= (an empty list when none)");
        group.MapPost("/", Create).WithName("createCategory").WithSummary("Creates a category");
        group.MapGet("/{key}", Get).WithName("getCategoryByKey").WithSummary("One category by key");
        group.MapPut("/{key}", Update).WithName("updateCategory").WithSummary("Replaces a category");
        group.MapDelete("/{key}", Delete).WithName("deleteCategory").WithSummary("Deletes a category no account uses");

        app.MapGroup("/4/account-category-types").RequireTokenScope(AccountsScope.Scope).WithTags("Account - Category-Types")
            .MapGet("/", Types).WithName("getTypes").WithSummary("The fixed list of category types");
        return app;
    }

    private static async Task<Ok<ListResults<CategoryJson>>> List(int? id, HttpRequest request, TenantGrains grains)
    {
        var categories = await grains.Grain().ListCategoriesAsync(id);
        return TypedResults.Ok(ListResults<CategoryJson>.Of(request, [.. categories.Select(c => Category(request, c))]));
    }

    private static Ok<ListResults<CategoryTypeJson>> Types(HttpRequest request) =>
        TypedResults.Ok(ListResults<CategoryTypeJson>.Of(request, [.. CategoryTypes.All.Select(t => new CategoryTypeJson(t))]));

    private static async Task<Results<Ok<CategoryJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Get(string key, HttpRequest request, TenantGrains grains) =>
        await grains.Grain().GetCategoryAsync(key) is { } category
            ? TypedResults.Ok(Category(request, category))
            : TempoResults.NotFound($"Category '{key}' not found");

    private static async Task<Results<Ok<CategoryJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Create(
        CategoryBody? body, HttpRequest request, TenantGrains grains)
    {
        if (!TryRead(body, out var input, out var invalid))
        {
            return invalid;
        }

        return GrainResults.Ok(await grains.Grain().CreateCategoryAsync(input), c => Category(request, c));
    }

    private static async Task<Results<Ok<CategoryJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Update(
        string key, CategoryBody? body, HttpRequest request, TenantGrains grains)
    {
        if (!TryRead(body, out var input, out var invalid))
        {
            return invalid;
        }

        return GrainResults.Ok(await grains.Grain().UpdateCategoryAsync(key, input), c => Category(request, c));
    }

    private static async Task<Results<NoContent, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Delete(string key, TenantGrains grains) =>
        GrainResults.NoContent(await grains.Grain().DeleteCategoryAsync(key));

    private static bool TryRead(CategoryBody? body, out CategoryInput input, out BadRequest<ErrorBody> invalid)
    {
        var validation = new Validation();
        input = new CategoryInput(
            validation.Key(body?.Key, "key"),
            validation.Required(body?.Name, "name"),
            validation.OneOf(body?.TypeName, "typeName", CategoryTypes.All, required: false));
        invalid = validation.ToBadRequest();
        return validation.IsValid;
    }
}
