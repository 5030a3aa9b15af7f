using Tempo.Api.Errors;
using Tempo.Api.Gate;
using Tempo.Api.Conventions;
using Tempo.Grains.Interfaces.Accounts;
using static Tempo.Api.Accounts.AccountsJson;

namespace Tempo.Api.Accounts;

/// <summary><c>/4/account-links</c>: accounts linked to Jira projects, with one default account per project.</summary>
public static class AccountLinksEndpoints
{
    public sealed record LinkBody(string? AccountKey, string? ScopeType, long? ScopeId, bool? Default);

    public static IEndpointRouteBuilder MapAccountLinksEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/4/account-links").RequireTokenScope(AccountsScope.Scope).WithTags("Account - Links");
        group.MapPost("/", Create).WithName("createLink").WithSummary("Links an account to a Jira project");
        group.MapGet("/project/{id:long}", ByProject).WithName("getLinksByProject").WithSummary("A project's account links");
        group.MapGet("/{id:int}", Get).WithName("getLink").WithSummary("One account link");
        group.MapDelete("/{id:int}", Delete).WithName("deleteLink").WithSummary("Deletes an account link");
        group.MapPatch("/{id:int}/make-default", MakeDefault).WithName("patchLink").WithSummary("Makes this link its project's default account");
        return app;
    }

    private static async Task<Results<Ok<AccountLinkJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Create(
        LinkBody? body, HttpRequest request, TenantGrains grains)
    {
        var validation = new Validation();
        var accountKey = validation.Required(body?.AccountKey, "accountKey");
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

        var result = await grains.Grain().CreateLinkAsync(new AccountLinkInput(accountKey, body!.ScopeId!.Value, body.Default ?? false));
        return GrainResults.Ok(result, l => Link(request, l));
    }

    private static async Task<Ok<ListResults<AccountLinkJson>>> ByProject(long id, bool? includeGlobalAccounts, HttpRequest request, TenantGrains grains)
    {
        var links = await grains.Grain().GetProjectLinksAsync(id, includeGlobalAccounts ?? false);
        return TypedResults.Ok(ListResults<AccountLinkJson>.Of(request, [.. links.Select(l => Link(request, l))]));
    }

    private static async Task<Results<Ok<AccountLinkJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Get(int id, HttpRequest request, TenantGrains grains) =>
        await grains.Grain().GetLinkAsync(id) is { } link
            ? TypedResults.Ok(Link(request, link))
            : TempoResults.NotFound($"Account link '{id}' not found");

    private static async Task<Results<NoContent, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Delete(int id, TenantGrains grains) =>
        GrainResults.NoContent(await grains.Grain().DeleteLinkAsync(id));

    private static async Task<Results<NoContent, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> MakeDefault(int id, TenantGrains grains) =>
        GrainResults.NoContent(await grains.Grain().MakeLinkDefaultAsync(id));
}
