using System.Text.Json;
using Tempo.Api.Auth;
using Tempo.Api.Errors;
using Tempo.Api.Tokens;
using Tempo.Grains.Interfaces.Scopes;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Api.Management;

/// <summary>
/// The management API of API-integration tokens, for signed-in users (a JWT from the configured identity
/// provider, or the development sign-in). It never accepts an API token. Each handler makes one grain call.
/// </summary>
public static class ApiIntegrationEndpoints
{
    private const string NameOnlyMessage =
        "Only a token's name can be changed; its access and expiry are fixed. Create a new token for other access.";

    public static IEndpointRouteBuilder MapApiIntegrationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api-integration")
            .RequireAuthorization(ManagementAuthorization.SignedInUser)
            .WithTags("API integration");

        group.MapGet("/me", Me)
            .WithName("getSignedInUser").WithSummary("The signed-in user: account id, tenant, and whether they administer the tenant");
        group.MapGet("/scopes", GetScopes)
            .WithName("getTokenScopes").WithSummary("The scopes a token can be granted, in display order");
        group.MapGet("/tokens", ListTokens)
            .WithName("listTokens").WithSummary("The caller's tokens, newest first, active and expired");
        group.MapPost("/tokens", CreateToken)
            .WithName("createToken").WithSummary("Creates a token; the response is the only time its secret is shown");
        group.MapGet("/tokens/{id}", GetToken)
            .WithName("getToken").WithSummary("One of the caller's tokens");
        group.MapPatch("/tokens/{id}", RenameToken)
            .WithName("renameToken").WithSummary("Renames a token; nothing else about it can change");
        group.MapPost("/tokens/{id}/regenerate", RegenerateToken)
            .WithName("regenerateToken").WithSummary("New secret, same access and expiry; the old secret stops working at once");
        group.MapDelete("/tokens/{id}", DeleteToken)
            .WithName("deleteToken").WithSummary("Deletes a token; access is revoked at once");
        return app;
    }

    private static Ok<IEnumerable<ScopeResponse>> GetScopes(ScopeCatalogue catalogue) =>
        TypedResults.Ok(catalogue.Scopes.Select(ScopeResponse.From));

    private static Ok<MeResponse> Me(SignedInUser user) => TypedResults.Ok(new MeResponse(user.AccountId, user.Tenant.Value, user.Admin));

    private static async Task<Ok<TokenListResponse>> ListTokens(SignedInUser user, TokenServices services)
    {
        var tokens = await services.UserTokens(user).ListAsync();
        var now = services.Time.GetUtcNow();
        return TypedResults.Ok(new TokenListResponse([.. tokens.Select(t => TokenResponse.From(t, now, services.Catalogue))]));
    }

    private static async Task<Results<Created<TokenResponse>, BadRequest<ErrorBody>>> CreateToken(
        CreateTokenRequest? request, SignedInUser user, TokenServices services, Tempo.Api.Gate.TokenPolicyOptions policy, HttpContext http)
    {
        if (request is null)
        {
            return TempoResults.BadRequest("A JSON body with 'name' and 'access' is required.");
        }

        TokenRateLimit? rateLimit = null;
        if (request.RateLimit is { } asked)
        {
            if (asked.PerSecond is not { } perSecond || asked.Burst is not { } burst)
            {
                return TempoResults.BadRequest("'rateLimit' needs both 'perSecond' and 'burst'.");
            }

            rateLimit = new TokenRateLimit(perSecond, burst);
            if (!TokenPolicyRules.TryResolveRateLimit(rateLimit, policy.Maximum, out var limitError))
            {
                return TempoResults.BadRequest(limitError!);
            }
        }

        if (request.AllowedIps is { } ips && !TokenPolicyRules.TryResolveAllowedIps(ips, out _, out var ipError))
        {
            return TempoResults.BadRequest(ipError!);
        }

        AuditOrigin.Set(http);

        for (var attempt = 0; ; attempt++)
        {
            var id = ApiTokenFormat.NewId();
            var secret = services.Hasher.NewToken(id, out var hash);
            var command = new CreateTokenCommand(
                request.Name,
                request.ExpiresInDays,
                request.ExpiresAt,
                request.Access?.Type,
                request.Access?.Scopes?.ToImmutableDictionary(StringComparer.Ordinal),
                hash,
                user.Admin)
            {
                AllowedIps = request.AllowedIps is { } allowed ? [.. allowed] : null,
                RateLimit = rateLimit,
            };
            var result = await services.UserTokens(user).CreateAsync(id, command);
            switch (result.Status)
            {
                case ResultStatus.Ok:
                    var body = TokenResponse.From(result.Value!, services.Time.GetUtcNow(), services.Catalogue, secret);
                    return TypedResults.Created($"/api-integration/tokens/{id.Value}", body);
                case ResultStatus.Conflict when attempt < 3:
                    // The random id is taken (71 bits: practically never); draw another.
                    continue;
                default:
                    return TempoResults.BadRequest(result.Error ?? "The token could not be created.");
            }
        }
    }

    private static async Task<Results<Ok<TokenResponse>, NotFound<ErrorBody>>> GetToken(
        string id, SignedInUser user, TokenServices services)
    {
        var token = TokenId.TryParse(id, out var tokenId)
            ? await services.Token(tokenId).GetAsync(TokenServices.Owner(user))
            : null;
        return token is null
            ? NotFound(id)
            : TypedResults.Ok(TokenResponse.From(token, services.Time.GetUtcNow(), services.Catalogue));
    }

    private static async Task<Results<Ok<TokenResponse>, BadRequest<ErrorBody>, NotFound<ErrorBody>>> RenameToken(
        string id, JsonElement body, SignedInUser user, TokenServices services, HttpContext http)
    {
        AuditOrigin.Set(http);
        if (body.ValueKind != JsonValueKind.Object)
        {
            return TempoResults.BadRequest("The body must be a JSON object: {\"name\":\"...\"}.");
        }

        string? name = null;
        foreach (var property in body.EnumerateObject())
        {
            if (property.Name != "name")
            {
                return TempoResults.BadRequest(NameOnlyMessage);
            }

            if (property.Value.ValueKind != JsonValueKind.String)
            {
                return TempoResults.BadRequest("'name' must be a string.");
            }

            name = property.Value.GetString();
        }

        if (!TokenId.TryParse(id, out var tokenId))
        {
            return NotFound(id);
        }

        var result = await services.Token(tokenId).RenameAsync(TokenServices.Owner(user), name);
        return result.Status switch
        {
            ResultStatus.Ok => TypedResults.Ok(TokenResponse.From(result.Value!, services.Time.GetUtcNow(), services.Catalogue)),
            ResultStatus.NotFound => NotFound(id),
            _ => TempoResults.BadRequest(result.Error ?? "The token could not be renamed."),
        };
    }

    private static async Task<Results<Ok<TokenResponse>, NotFound<ErrorBody>, Conflict<ErrorBody>, BadRequest<ErrorBody>>> RegenerateToken(
        string id, SignedInUser user, TokenServices services, HttpContext http)
    {
        AuditOrigin.Set(http);
        if (!TokenId.TryParse(id, out var tokenId))
        {
            return NotFound(id);
        }

        var secret = services.Hasher.NewToken(tokenId, out var hash);
        var result = await services.Token(tokenId).RegenerateAsync(TokenServices.Owner(user), hash);
        return result.Status switch
        {
            ResultStatus.Ok => TypedResults.Ok(TokenResponse.From(result.Value!, services.Time.GetUtcNow(), services.Catalogue, secret)),
            ResultStatus.NotFound => NotFound(id),
            ResultStatus.Conflict => TempoResults.Conflict(result.Error!),
            _ => TempoResults.BadRequest(result.Error ?? "The token could not be regenerated."),
        };
    }

    private static async Task<Results<NoContent, NotFound<ErrorBody>>> DeleteToken(
        string id, SignedInUser user, TokenServices services, HttpContext http)
    {
        AuditOrigin.Set(http);
        var deleted = TokenId.TryParse(id, out var tokenId) && (await services.UserTokens(user).DeleteAsync(tokenId)).IsOk;
        return deleted ? TypedResults.NoContent() : NotFound(id);
    }

    private static NotFound<ErrorBody> NotFound(string id) => TempoResults.NotFound($"Token '{id}' not found");
}
