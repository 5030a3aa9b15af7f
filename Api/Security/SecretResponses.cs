namespace Tempo.Api.Security;

/// <summary>
/// Responses of the management API and of the development sign-in may carry a secret (a token's secret after
/// create or regenerate, a sign-in JWT): none of them may be stored by a browser or a proxy. Every response on
/// those paths says so, errors included, so no route can forget it.
/// </summary>
public sealed class SecretResponses(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (CarriesSecrets(context.Request.Path))
        {
            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpResponse)state).Headers;
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
                return Task.CompletedTask;
            }, context.Response);
        }

        return next(context);
    }

    public static bool CarriesSecrets(PathString path) =>
        path.StartsWithSegments("/api-integration") || path.StartsWithSegments("/dev")
        || path.StartsWithSegments("/oauth") || path.StartsWithSegments("/settings/oauth-applications");
}
