using Microsoft.AspNetCore.Http.Extensions;

namespace Tempo.Api.Conventions;

/// <summary>
/// Absolute URLs built from the request (scheme, host and path base, which honour forwarded headers when they are
/// turned on), as Tempo puts them in every <c>self</c>.
/// </summary>
public static class Links
{
    public static string Base(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    public static string To(HttpRequest request, string path) => Base(request) + path;

    public static string RequestUrl(HttpRequest request) => UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, request.Path, request.QueryString);

    /// <summary>The request's URL with <c>offset</c> and <c>limit</c> set, every other query parameter kept.</summary>
    public static string WithPage(HttpRequest request, int offset, int limit)
    {
        var query = request.Query
            .Where(p => p.Key is not ("offset" or "limit"))
            .SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v)))
            .Append(KeyValuePair.Create("offset", (string?)offset.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Append(KeyValuePair.Create("limit", (string?)limit.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, request.Path, QueryString.Create(query));
    }

    public static SelfLink User(HttpRequest request, string accountId) => new(To(request, $"/4/users/{Uri.EscapeDataString(accountId)}"));
}
