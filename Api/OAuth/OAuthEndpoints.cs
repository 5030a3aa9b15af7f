using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.WebUtilities;
using OpenIddict.Abstractions;
using Microsoft.AspNetCore;
using OpenIddict.Server.AspNetCore;
using Tempo.Api.Auth;
using Tempo.Api.Errors;
using Tempo.Grains.Interfaces.OAuth;
using Tempo.Grains.Interfaces.Tokens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Tempo.Api.OAuth;

public sealed record ConsentRequest(string? Query, bool? Approve);

public sealed record ConsentResponse(string Continue);

public sealed record OAuthAuthorizationResponse(
    string Id, string ApplicationId, string ApplicationName, IReadOnlyList<string> Scopes, DateTimeOffset? CreatedAt, DateTimeOffset? LastUsedAt);

public sealed record OAuthAuthorizationList(IReadOnlyList<OAuthAuthorizationResponse> Results);

/// <summary>
/// The browser side of the flow: <c>/oauth/authorize</c> (OpenIddict validated the request before it gets here)
/// serves the consent page or redeems a consent ticket; <c>/oauth/consent</c> takes the signed-in user's answer; and
/// the user's authorized applications under <c>/api-integration/oauth-authorizations</c>.
/// </summary>
public static class OAuthEndpoints
{
    public const string TicketParameter = "consent_ticket";
    private const int TicketLength = 2 * OAuthIds.RandomLength;

    public static IEndpointRouteBuilder MapOAuthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods(OAuthServer.AuthorizePath, ["GET", "POST"], Authorize).ExcludeFromDescription();
        app.MapMethods(OAuthServer.AuthorizeRedirectPath, ["GET", "POST"], Authorize).ExcludeFromDescription();
        app.MapGet("/oauth/consent.js", ConsentScript).ExcludeFromDescription();
        app.MapPost("/oauth/consent", Consent)
            .RequireAuthorization(ManagementAuthorization.SignedInUser)
            .WithTags("OAuth").WithName("answerOAuthConsent").WithSummary("The signed-in user approves or denies an authorize request");

        var mine = app.MapGroup("/api-integration/oauth-authorizations")
            .RequireAuthorization(ManagementAuthorization.SignedInUser)
            .WithTags("API integration");
        mine.MapGet("/", ListAuthorizations).WithName("listOAuthAuthorizations").WithSummary("The applications the caller authorized");
        mine.MapDelete("/{id}", RevokeAuthorization).WithName("revokeOAuthAuthorization").WithSummary("Revokes an authorization and every token issued under it");
        return app;
    }

    private static async Task<IResult> Authorize(HttpContext http, OAuthGrains grains, OAuthScopes scopes, IWebHostEnvironment environment)
    {
        var request = http.GetOpenIddictServerRequest();
        if (request is null || grains.ApplicationByClientId(request.ClientId) is not { } grain || await grain.GetAsync() is not { } application)
        {
            return TempoResults.BadRequest("Not a valid OAuth authorize request.");
        }

        if ((string?)request.GetParameter(TicketParameter) is { } ticketId)
        {
            var ticket = IsTicketId(ticketId) ? await grains.Consent(application.Tenant, ticketId).RedeemAsync() : null;
            if (ticket is not null && Matches(ticket, request))
            {
                return ticket.Approved
                    ? Results.SignIn(Principal(ticket, application), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)
                    : Results.Forbid(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
            }

            // A used, expired or foreign ticket answers nothing: the person is asked again.
        }

        return ConsentPage(http, environment, application, Granted(request, application, scopes), scopes);
    }

    private static bool Matches(OAuthConsentTicket ticket, OpenIddictRequest request) =>
        ticket.ClientId == request.ClientId && ticket.RedirectUri == request.RedirectUri && ticket.Scope == (request.Scope ?? string.Empty)
        && ticket.CodeChallenge == request.CodeChallenge && ticket.State == request.State;

    private static ClaimsPrincipal Principal(OAuthConsentTicket ticket, OAuthApplication application)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, ticket.AccountId).SetClaim(OAuthHandlers.TenantClaim, application.Tenant.Value);
        var principal = new ClaimsPrincipal(identity);
        // offline_access: OpenIddict issues a refresh token only for it, and Tempo always returns one.
        principal.SetScopes([.. ticket.GrantedScopes, Scopes.OfflineAccess]);
        return principal;
    }

    /// <summary>What a consent grants: the requested scopes (OpenIddict checked them against the application), or all the application's when none are asked.</summary>
    private static ImmutableArray<string> Granted(OpenIddictRequest request, OAuthApplication application, OAuthScopes scopes)
    {
        var asked = request.GetScopes();
        return scopes.Expand(asked.IsDefaultOrEmpty ? application.Scopes : asked);
    }

    private static async Task<IResult> Consent(ConsentRequest? body, SignedInUser user, OAuthGrains grains, OAuthScopes scopes, TimeProvider time)
    {
        if (body?.Query is not { } query || body.Approve is not { } approve)
        {
            return TempoResults.BadRequest("A JSON body with 'query' (the authorize request's query string) and 'approve' is required.");
        }

        var parameters = QueryHelpers.ParseQuery(query);
        string? One(string name) => parameters.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;
        var clientId = One(Parameters.ClientId);
        var redirectUri = One(Parameters.RedirectUri);
        if (grains.ApplicationByClientId(clientId) is not { } grain || await grain.GetAsync() is not { } application)
        {
            return TempoResults.BadRequest("'query' names no registered client_id.");
        }

        if (application.Tenant != user.Tenant)
        {
            return TempoResults.Forbidden("This application belongs to another tenant: only its own users can authorize it.");
        }

        if (redirectUri is null || !application.RedirectUris.Contains(redirectUri) || One(Parameters.ResponseType) != ResponseTypes.Code)
        {
            return TempoResults.BadRequest("'query' must carry a registered redirect_uri and response_type=code.");
        }

        var scope = One(Parameters.Scope) ?? string.Empty;
        var allowed = scopes.Expand(application.Scopes);
        var asked = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (asked.Any(s => !allowed.Contains(s)))
        {
            return TempoResults.BadRequest("'query' asks for a scope this application may not ask for.");
        }

        var codeChallenge = One(Parameters.CodeChallenge);
        if (application.ClientType == OAuthClientTypes.Public && codeChallenge is null)
        {
            return TempoResults.BadRequest("A public client must send a code_challenge (PKCE, S256).");
        }

        var granted = scopes.Expand(asked.Length == 0 ? application.Scopes : asked);
        var ticketId = OAuthGrains.NewId() + OAuthGrains.NewId();
        var ticket = new OAuthConsentTicket(user.AccountId, approve, clientId!, redirectUri, scope, codeChallenge, One(Parameters.State), granted,
            time.GetUtcNow() + OAuthOptions.ConsentTicketLifetime);
        if (!await grains.Consent(application.Tenant, ticketId).IssueAsync(ticket))
        {
            return TempoResults.Conflict("Try again.");
        }

        var original = query.TrimStart('?');
        return TypedResults.Ok(new ConsentResponse($"{OAuthServer.AuthorizePath}?{original}&{TicketParameter}={ticketId}"));
    }

    private static async Task<IResult> ListAuthorizations(SignedInUser user, OAuthGrains grains)
    {
        var ids = await grains.UserAuthorizations(user.Tenant, user.AccountId).ListAsync();
        var results = new List<OAuthAuthorizationResponse>();
        foreach (var id in ids)
        {
            if (await Live(grains, user, id) is not { } authorization || grains.ApplicationByClientId(authorization.ApplicationId) is not { } appGrain
                || await appGrain.GetAsync() is not { } application)
            {
                continue;
            }

            var owner = new TokenOwner(user.Tenant, user.AccountId);
            var tokens = await Task.WhenAll(authorization.AccessTokens.Select(t => grains.Factory.Reference<ITokenGrain>(t.GrainKey).GetAsync(owner)));
            var lastUsed = tokens.OfType<TokenInfo>().Select(t => t.LastUsedAt).Max();
            var granted = authorization.Scopes.Where(s => s != Scopes.OfflineAccess).ToArray();
            results.Add(new OAuthAuthorizationResponse(authorization.Id, application.ClientId, application.Name, granted, authorization.CreatedAt, lastUsed));
        }

        return TypedResults.Ok(new OAuthAuthorizationList([.. results.OrderByDescending(r => r.CreatedAt)]));
    }

    private static async Task<IResult> RevokeAuthorization(string id, SignedInUser user, OAuthGrains grains)
    {
        if (await Live(grains, user, id) is null)
        {
            return TempoResults.NotFound($"OAuth authorization '{Tempo.Grains.Interfaces.TextSafety.ForLog(id, 100)}' not found");
        }

        await grains.Authorization(id)!.RevokeAsync();
        await grains.UserAuthorizations(user.Tenant, user.AccountId).RemoveAsync(id);
        return TypedResults.NoContent();
    }

    /// <summary>The caller's own valid authorization with this id, or null (another user's or tenant's is as unknown).</summary>
    private static async Task<OAuthAuthorization?> Live(OAuthGrains grains, SignedInUser user, string id) =>
        OAuthIds.TryParse(id, out var tenant, out _) && tenant == user.Tenant && await grains.Authorization(id)!.GetAsync() is { } authorization
        && authorization.Subject == user.AccountId && authorization.Status == Statuses.Valid
            ? authorization
            : null;

    private static bool IsTicketId(string id) => id.Length == TicketLength && id.All(char.IsAsciiLetterOrDigit);

    private static IResult ConsentScript(HttpContext http, IWebHostEnvironment environment) =>
        Asset(http, environment, "oauth/consent.js", "text/javascript; charset=utf-8");

    private static IResult Asset(HttpContext http, IWebHostEnvironment environment, string path, string contentType)
    {
        var file = environment.WebRootFileProvider.GetFileInfo(path);
        if (!file.Exists)
        {
            return TempoResults.NotFound("Not found.");
        }

        Headers(http, null);
        return TypedResults.Stream(file.CreateReadStream(), contentType);
    }

    private static void Headers(HttpContext http, string? providerOrigin)
    {
        var headers = http.Response.Headers;
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy =
            $"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'{(providerOrigin is null ? "" : " " + providerOrigin)}; " +
            "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    /// <summary>The consent page: the application, its tenant and each scope with its level, filled in here (encoded), then signed-in by the page's script.</summary>
    private static IResult ConsentPage(HttpContext http, IWebHostEnvironment environment, OAuthApplication application, ImmutableArray<string> granted, OAuthScopes scopes)
    {
        var file = environment.WebRootFileProvider.GetFileInfo("oauth/consent.html");
        if (!file.Exists)
        {
            return TempoResults.NotFound("The consent page is missing.");
        }

        string template;
        using (var reader = new StreamReader(file.CreateReadStream()))
        {
            template = reader.ReadToEnd();
        }

        var html = HtmlEncoder.Default;
        var items = string.Concat(granted
            .Where(s => !granted.Contains(s.Replace(":view", ":manage", StringComparison.Ordinal)) || s.EndsWith(":manage", StringComparison.Ordinal))
            .Select(s => scopes.TryRead(s, out var scope, out var level)
                ? $"<li><strong>{html.Encode(scope.Name)}</strong> <span class=\"badge\">{(level == Tempo.Grains.Interfaces.Scopes.AccessLevel.Manage ? "View and manage" : "View")}</span> <code>{html.Encode(s)}</code></li>"
                : string.Empty));
        var page = template
            .Replace("{{application}}", html.Encode(application.Name), StringComparison.Ordinal)
            .Replace("{{tenant}}", html.Encode(application.Tenant.Value), StringComparison.Ordinal)
            .Replace("{{scopes}}", items, StringComparison.Ordinal);
        var provider = Tempo.Api.Hosting.PageConfiguration.From(http.RequestServices).ProviderOrigin;
        Headers(http, provider);
        return Results.Content(page, "text/html; charset=utf-8");
    }
}
