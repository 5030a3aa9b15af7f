namespace Tempo.Browser.Tests;

internal static class Accounts
{
    /// <summary>A fresh account id, so tests sharing a server never see each other's tokens.</summary>
    public static string New() => "557058:" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A fresh tenant, so that tenant-wide lists (OAuth applications) hold only what a test made.</summary>
    public static string NewTenant() => "t-" + Guid.NewGuid().ToString("N")[..12];
}
