using System.Globalization;

namespace Tempo.Api.Conventions;

/// <summary>
/// Path ids, parsed one way in every namespace. The contract types them as strings; anything but a plain positive
/// number (no sign, no spaces, no leading '+', within range) names nothing, so the caller answers 404.
/// </summary>
public static class RouteIds
{
    public static bool TryInt(string? text, out int id) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;

    public static bool TryLong(string? text, out long id) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;

    /// <summary>A UUID in its usual 36-character form (<c>8-4-4-4-12</c> hex digits).</summary>
    public static bool TryGuid(string? text, out Guid id) =>
        Guid.TryParseExact(text, "D", out id);
}
