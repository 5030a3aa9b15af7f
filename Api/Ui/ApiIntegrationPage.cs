using System.Text.RegularExpressions;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Tempo.Api.Errors;

// In the hosting namespace, beside the pipeline that maps it.
namespace Tempo.Api.Hosting;

/// <summary>
/// Serves the API Integration page at <c>/settings/api-integration</c>: plain HTML, CSS and JavaScript modules from
/// <c>wwwroot/settings/api-integration</c>, no build step. The page needs no sign-in itself: it signs the user in
/// at the OpenID Connect provider (authorization code flow with PKCE) or through development sign-in, as
/// <c>config.json</c> tells it, and calls the management API from the browser.
/// </summary>
public static partial class ApiIntegrationPage
{
    public const string Route = "/settings/api-integration";

    private const string Folder = "settings/api-integration";

    // Nothing but 'self', and the sign-in provider's origin for its discovery document and token endpoint: the page
    // loads no CDN, inlines no script or style and is never framed.
    private static string ContentSecurityPolicy(string? providerOrigin) =>
        $"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'{(providerOrigin is null ? "" : " " + providerOrigin)}; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static WebApplication MapApiIntegrationPage(this WebApplication app)
    {
        var files = app.Environment.WebRootFileProvider;
        var configuration = PageConfiguration.From(app.Services);
        var csp = ContentSecurityPolicy(configuration.ProviderOrigin);
        var page = app.MapGroup(Route).ExcludeFromDescription();
        page.MapGet("/", (HttpContext context) => Serve(context, files, "index.html", csp));
        page.MapGet("/config.json", (HttpContext context) =>
        {
            SecurityHeaders(context, csp);
            return TypedResults.Json(configuration);
        });
        page.MapGet("/{file}", (HttpContext context, string file) => AssetName().IsMatch(file)
            ? Serve(context, files, file, csp)
            : TempoResults.NotFound("Not found."));
        return app;
    }

    private static IResult Serve(HttpContext context, IFileProvider files, string name, string csp)
    {
        var file = files.GetFileInfo($"{Folder}/{name}");
        if (!file.Exists || file.IsDirectory || !ContentTypes.TryGetContentType(name, out var contentType))
        {
            return TempoResults.NotFound("Not found.");
        }

        if (contentType.StartsWith("text/", StringComparison.Ordinal))
        {
            contentType += "; charset=utf-8";
        }

        SecurityHeaders(context, csp);
        return TypedResults.Stream(file.CreateReadStream(), contentType, lastModified: file.LastModified);
    }

    private static void SecurityHeaders(HttpContext context, string csp)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = csp;
    }

    [GeneratedRegex("^[a-z0-9-]+\\.(html|css|js|svg)$")]
    private static partial Regex AssetName();
}
