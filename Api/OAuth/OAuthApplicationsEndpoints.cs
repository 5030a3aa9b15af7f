using System.Text.Json.Serialization;
using Tempo.Api.Auth;
using Tempo.Api.Conventions;
using Tempo.Api.Errors;
using Tempo.Grains.Interfaces.OAuth;

namespace Tempo.Api.OAuth;

public sealed record OAuthApplicationRequest(string? Name, string[]? RedirectUris, string? ClientType, string[]? Scopes);

public sealed record OAuthApplicationResponse(
    string Self, string Id, string ClientId, string Name, string ClientType, IReadOnlyList<string> RedirectUris, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt)
{
    /// <summary>Only in the answer that created or regenerated it: the one time the secret is shown.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ClientSecret { get; init; }

    public static OAuthApplicationResponse From(HttpRequest request, OAuthApplication application, string? secret = null) =>
        new(Links.To(request, $"/settings/oauth-applications/{application.Id}"), application.Id, application.ClientId, application.Name,
            application.ClientType, application.RedirectUris, application.Scopes, application.CreatedAt)
        {
            ClientSecret = secret,
        };
}

public sealed record OAuthApplicationList(IReadOnlyList<OAuthApplicationResponse> Results);

/// <summary>
/// The tenant's OAuth applications, for its administrators (a signed-in user; anyone else is told 403). Every id is
/// looked up in the caller's tenant only: another tenant's application is 404.
/// </summary>
public static class OAuthApplicationsEndpoints
{
    public const int MaxRedirectUris = 10;
    private const string AdminsOnly = "Only tenant administrators may manage OAuth applications.";

    public static IEndpointRouteBuilder MapOAuthApplicationsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/settings/oauth-applications")
            .RequireAuthorization(ManagementAuthorization.SignedInUser)
            .WithTags("OAuth applications");
        group.MapGet("/", List).WithName("listOAuthApplications").WithSummary("The tenant's OAuth applications");
        group.MapPost("/", Create).WithName("createOAuthApplication").WithSummary("Registers an OAuth application; a confidential client's secret is shown once");
        group.MapGet("/{id}", Get).WithName("getOAuthApplication").WithSummary("One OAuth application");
        group.MapPatch("/{id}", Update).WithName("updateOAuthApplication").WithSummary("Changes an application's name, redirect URIs or scopes");
        group.MapDelete("/{id}", Delete).WithName("deleteOAuthApplication").WithSummary("Deletes an application and revokes every token it was issued");
        group.MapPost("/{id}/secret", RegenerateSecret).WithName("regenerateOAuthApplicationSecret").WithSummary("A new client secret; the old one stops working at once");
        return app;
    }

    private static async Task<IResult> List(SignedInUser user, OAuthGrains grains, HttpRequest request)
    {
        if (!user.Admin)
        {
            return TempoResults.Forbidden(AdminsOnly);
        }

        var ids = await grains.Applications(user.Tenant).ListAsync();
        var applications = await Task.WhenAll(ids.Select(id => grains.Application(user.Tenant, id).GetAsync()));
        return TypedResults.Ok(new OAuthApplicationList([.. applications.OfType<OAuthApplication>()
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.Id, StringComparer.Ordinal).Select(a => OAuthApplicationResponse.From(request, a))]));
    }

    private static async Task<IResult> Create(
        OAuthApplicationRequest? body, SignedInUser user, OAuthGrains grains, OAuthScopes scopes, OAuthApplicationManager manager, TimeProvider time, HttpRequest request)
    {
        if (!user.Admin)
        {
            return TempoResults.Forbidden(AdminsOnly);
        }

        if (body is null)
        {
            return TempoResults.BadRequest("A JSON body with 'name', 'redirectUris', 'clientType' and 'scopes' is required.");
        }

        var validation = new Validation();
        var name = validation.Required(body.Name, "name");
        var redirectUris = RedirectUris(body.RedirectUris, validation, required: true);
        var granted = Scopes(body.Scopes, scopes, validation, required: true);
        if (body.ClientType is not (OAuthClientTypes.Confidential or OAuthClientTypes.Public))
        {
            validation.Add("'clientType' must be CONFIDENTIAL or PUBLIC.");
        }

        if (!validation.IsValid)
        {
            return validation.ToBadRequest();
        }

        string? secret = null;
        string? hash = null;
        if (body.ClientType == OAuthClientTypes.Confidential)
        {
            secret = NewSecret();
            hash = await manager.HashSecretAsync(secret);
        }

        var now = Tempo.Grains.Interfaces.Tokens.TokenRules.TruncateToMilliseconds(time.GetUtcNow());
        var application = new OAuthApplication(OAuthGrains.NewId(), user.Tenant, name, body.ClientType!, redirectUris!.Value, granted!.Value, hash, now);

        // Index first: an application that exists is always listed (the list skips ids whose grain is empty).
        await grains.Applications(user.Tenant).AddAsync(application.Id);
        var created = await grains.Application(user.Tenant, application.Id).CreateAsync(application);
        return created.IsOk
            ? TypedResults.Created($"/settings/oauth-applications/{application.Id}", OAuthApplicationResponse.From(request, created.Value!, secret))
            : TempoResults.Conflict(created.Error ?? "The application could not be created; try again.");
    }

    private static async Task<IResult> Get(string id, SignedInUser user, OAuthGrains grains, HttpRequest request)
    {
        if (!user.Admin)
        {
            return TempoResults.Forbidden(AdminsOnly);
        }

        return OAuthIds.IsRandomId(id) && await grains.Application(user.Tenant, id).GetAsync() is { } application
            ? TypedResults.Ok(OAuthApplicationResponse.From(request, application))
            : NotFound(id);
    }

    private static async Task<IResult> Update(string id, OAuthApplicationRequest? body, SignedInUser user, OAuthGrains grains, OAuthScopes scopes, HttpRequest request)
    {
        if (!user.Admin)
        {
            return TempoResults.Forbidden(AdminsOnly);
        }

        if (!OAuthIds.IsRandomId(id))
        {
            return NotFound(id);
        }

        if (body is null)
        {
            return TempoResults.BadRequest("A JSON body with 'name', 'redirectUris' or 'scopes' is required.");
        }

        var validation = new Validation();
        if (body.ClientType is not null)
        {
            validation.Add("'clientType' can't be changed; register a new application.");
        }

        var name = body.Name is null ? null : validation.Required(body.Name, "name");
        var redirectUris = RedirectUris(body.RedirectUris, validation, required: false);
        var granted = Scopes(body.Scopes, scopes, validation, required: false);
        if (!validation.IsValid)
        {
            return validation.ToBadRequest();
        }

        var result = await grains.Application(user.Tenant, id).UpdateAsync(new OAuthApplicationChange(name, redirectUris, granted));
        return result.IsOk ? TypedResults.Ok(OAuthApplicationResponse.From(request, result.Value!)) : NotFound(id);
    }

    private static async Task<IResult> Delete(string id, SignedInUser user, OAuthGrains grains)
    {
        if (!user.Admin)
        {
            return TempoResults.Forbidden(AdminsOnly);
        }

        if (!OAuthIds.IsRandomId(id) || !(await grains.Application(user.Tenant, id).DeleteAsync()).IsOk)
        {
            return NotFound(id);
        }

        await grains.Applications(user.Tenant).RemoveAsync(id);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> RegenerateSecret(string id, SignedInUser user, OAuthGrains grains, OAuthApplicationManager manager, HttpRequest request)
    {
        if (!user.Admin)
        {
            return TempoResults.Forbidden(AdminsOnly);
        }

        if (!OAuthIds.IsRandomId(id) || await grains.Application(user.Tenant, id).GetAsync() is null)
        {
            return NotFound(id);
        }

        var secret = NewSecret();
        var result = await grains.Application(user.Tenant, id).SetSecretAsync(await manager.HashSecretAsync(secret));
        return result.Status switch
        {
            Tempo.Grains.Interfaces.ResultStatus.Ok => TypedResults.Ok(OAuthApplicationResponse.From(request, result.Value!, secret)),
            Tempo.Grains.Interfaces.ResultStatus.Conflict => TempoResults.Conflict(result.Error!),
            _ => NotFound(id),
        };
    }

    /// <summary>Absolute, https but for loopback (http://127.0.0.1, http://localhost, http://[::1], any port), no fragment, 1 to 10, no duplicates.</summary>
    private static ImmutableArray<string>? RedirectUris(string[]? uris, Validation validation, bool required)
    {
        if (uris is null)
        {
            if (required)
            {
                validation.Add("'redirectUris' is required: at least one redirect URI.");
            }

            return null;
        }

        if (uris.Length is 0 or > MaxRedirectUris)
        {
            validation.Add($"'redirectUris' must hold 1 to {MaxRedirectUris} URIs.");
            return null;
        }

        foreach (var text in uris)
        {
            if (!IsAllowedRedirectUri(text))
            {
                validation.Add($"'redirectUris': '{Tempo.Grains.Interfaces.TextSafety.ForLog(text, 200)}' is not allowed: an absolute https URI without a fragment (http only for 127.0.0.1, localhost or [::1]).");
            }
        }

        if (uris.Distinct(StringComparer.Ordinal).Count() != uris.Length)
        {
            validation.Add("'redirectUris' must not repeat a URI.");
        }

        return [.. uris];
    }

    internal static bool IsAllowedRedirectUri(string? text) =>
        text is { Length: > 0 and <= 2000 }
        && Tempo.Grains.Interfaces.TextSafety.IsSafeName(text)
        && Uri.TryCreate(text, UriKind.Absolute, out var uri)
        && string.IsNullOrEmpty(uri.Fragment) && !text.Contains('#')
        && string.IsNullOrEmpty(uri.UserInfo)
        && (uri.Scheme == Uri.UriSchemeHttps
            || (uri.Scheme == Uri.UriSchemeHttp && (uri.Host is "127.0.0.1" or "localhost" or "[::1]")));

    private static ImmutableArray<string>? Scopes(string[]? asked, OAuthScopes scopes, Validation validation, bool required)
    {
        if (asked is null)
        {
            if (required)
            {
                validation.Add("'scopes' is required: at least one scope such as 'worklogs:view'.");
            }

            return null;
        }

        if (asked.Length == 0)
        {
            validation.Add("'scopes' must hold at least one scope.");
            return null;
        }

        foreach (var scope in asked)
        {
            if (!scopes.TryRead(scope, out _, out _))
            {
                validation.Add($"'scopes': '{Tempo.Grains.Interfaces.TextSafety.ForLog(scope, 100)}' is not a scope (use '<scope>:view' or '<scope>:manage').");
            }
        }

        return [.. asked.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>A 256-bit random client secret (43 base62 characters).</summary>
    private static string NewSecret() =>
        System.Security.Cryptography.RandomNumberGenerator.GetString(Tempo.Api.Tokens.Base62.Alphabet, 43);

    private static IResult NotFound(string id) => TempoResults.NotFound($"OAuth application '{Tempo.Grains.Interfaces.TextSafety.ForLog(id, 100)}' not found");
}
