namespace Tempo.Grains.Interfaces.Scopes;

/// <summary>
/// What a token may do within one scope. <see cref="View"/> allows GET and HEAD;
/// <see cref="Manage"/> allows every verb. Values are ordered so that a higher level includes the lower.
/// </summary>
[GenerateSerializer, Alias("tempo.AccessLevel")]
public enum AccessLevel : byte
{
    None = 0,
    View = 1,
    Manage = 2,
}

/// <summary>The wire names of <see cref="AccessLevel"/> ("VIEW", "MANAGE") and the verb rule.</summary>
public static class AccessLevels
{
    public static string ToWire(this AccessLevel level) => level switch
    {
        AccessLevel.View => "VIEW",
        AccessLevel.Manage => "MANAGE",
        _ => "NONE",
    };

    public static bool TryParseWire(string? text, out AccessLevel level)
    {
        level = text switch
        {
            "VIEW" => AccessLevel.View,
            "MANAGE" => AccessLevel.Manage,
            _ => AccessLevel.None,
        };
        return level != AccessLevel.None;
    }

    /// <summary>GET and HEAD need <see cref="AccessLevel.View"/>; every other verb needs <see cref="AccessLevel.Manage"/>.</summary>
    public static AccessLevel RequiredFor(string httpMethod) =>
        HttpMethodIsRead(httpMethod) ? AccessLevel.View : AccessLevel.Manage;

    private static bool HttpMethodIsRead(string method) =>
        string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase)
        || string.Equals(method, "HEAD", StringComparison.OrdinalIgnoreCase);
}
