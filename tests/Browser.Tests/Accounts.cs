namespace Tempo.Browser.Tests;

internal static class Accounts
{
    /// <summary>A fresh account id, so tests sharing a server never see each other's tokens.</summary>
    public static string New() => "557058:" + Guid.NewGuid().ToString("N")[..12];
}
