using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Tempo.Api.Gate;
using Tempo.Grains.Interfaces.Scopes;

namespace Tempo.Api.OpenApi;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c>: a bearer security scheme, and on every <c>/4</c> operation the
/// scope and level its verb needs (in the description and as <c>x-tempo-scope</c>).
/// </summary>
public static class TempoOpenApi
{
    public const string BearerScheme = "bearer";

    public static IServiceCollection AddTempoOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Tempo.Orleans";
                document.Info.Description = "Tempo Cloud REST API v4, self-hosted on Microsoft Orleans, and the management API of its API-integration tokens.";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "An API-integration token (tempo_...) for /4 routes; a signed-in user's JWT for /api-integration routes.",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                var scope = metadata.OfType<TokenScopeMetadata>().LastOrDefault();
                var requiresSignIn = metadata.OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Any();
                if (scope is null && !requiresSignIn)
                {
                    return Task.CompletedTask;
                }

                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [],
                });
                if (scope is not null)
                {
                    var level = AccessLevels.RequiredFor(context.Description.HttpMethod ?? "GET") == AccessLevel.View ? "view" : "manage";
                    var needs = $"{scope.Scope}:{level}";
                    operation.Description = $"Requires token scope `{needs}`." + (operation.Description is null ? string.Empty : "\n\n" + operation.Description);
                    operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                    operation.Extensions["x-tempo-scope"] = new JsonNodeExtension(needs);
                }

                return Task.CompletedTask;
            });
        });
}
