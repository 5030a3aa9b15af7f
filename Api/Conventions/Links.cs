using Microsoft.AspNetCore.Http.Extensions;

namespace Tempo.Api.Conventions;

/// <summary>
/// Absolute URLs as Tempo puts them in every <c>self</c>: from <c>Api:PublicBaseUrl</c> when it is set, else from the
/// request (scheme, host and path base, which honour forwarded headers when they are turned on).
/// </summary>
public static class Links
{
    private static readonly object BaseKey = new();

    /// <summary>
    /// The scheme, host and path base every link starts with, worked out once per request and kept in its items: a
    /// page or a bulk create of worklogs makes four links a worklog, and each used to look up the configured public
    /// URL and format the origin again.
    /// </summary>
    public static string Base(HttpRequest request) => OncePerRequest(request, BaseKey, static r =>
    {
        var (scheme, host, pathBase) = Origin(r);
        return $"{scheme}://{host}{pathBase}";
    });

    /// <summary>A value every link of a response shares, made by <paramref name="make"/> on the request's first use and kept in its items.</summary>
    public static string OncePerRequest(HttpRequest request, object key, Func<HttpRequest, string> make)
    {
        var items = request.HttpContext.Items;
        if (items.TryGetValue(key, out var known) && known is string value)
        {
            return value;
        }

        value = make(request);
        items[key] = value;
        return value;
    }

    public static string To(HttpRequest request, string path) => Base(request) + path;

    /// <summary>
    /// The link to <paramref name="prefix"/><paramref name="id"/><paramref name="suffix"/> as one string: formatting the
    /// path first and then joining it to the base made two (a page or a bulk create of worklogs makes links by the hundred).
    /// </summary>
    public static string To(HttpRequest request, string prefix, long id, string? suffix = null) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Base(request)}{prefix}{id}{suffix}");

    public static string RequestUrl(HttpRequest request)
    {
        var (scheme, host, pathBase) = Origin(request);
        return UriHelper.BuildAbsolute(scheme, host, pathBase, request.Path, request.QueryString);
    }

    /// <summary>The request's URL with <c>offset</c> and <c>limit</c> set, every other query parameter kept.</summary>
    public static string WithPage(HttpRequest request, int offset, int limit)
    {
        var query = request.Query
            .Where(p => p.Key is not ("offset" or "limit"))
            .SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v)))
            .Append(KeyValuePair.Create("offset", (string?)offset.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Append(KeyValuePair.Create("limit", (string?)limit.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var (scheme, host, pathBase) = Origin(request);
        return UriHelper.BuildAbsolute(scheme, host, pathBase, request.Path, QueryString.Create(query));
    }

    public static SelfLink User(HttpRequest request, string accountId) => new(UserSelf(request, accountId));

    /// <summary>The user's link; the account id is escaped into the link's own buffer (an escaped copy first was a string per worklog).</summary>
    public static string UserSelf(HttpRequest request, string accountId) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Base(request)}/4/users/{new Escaped(accountId)}");

    /// <summary>A value that formats as its text escaped for a URL path segment (<see cref="Uri.EscapeDataString(string)"/>).</summary>
    private readonly struct Escaped(string text) : ISpanFormattable
    {
        public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
            Uri.TryEscapeDataString(text, destination, out charsWritten);

        public string ToString(string? format, IFormatProvider? formatProvider) => Uri.EscapeDataString(text);

        public override string ToString() => Uri.EscapeDataString(text);
    }

    private static (string Scheme, HostString Host, PathString PathBase) Origin(HttpRequest request) =>
        request.HttpContext.RequestServices.GetService<Tempo.Api.Security.PublicBaseUrl>() is { IsSet: true } configured
            ? (configured.Scheme!, configured.Host, configured.PathBase)
            : (request.Scheme, request.Host, request.PathBase);
}
