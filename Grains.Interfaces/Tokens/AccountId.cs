namespace Tempo.Grains.Interfaces.Tokens;

/// <summary>
/// A signed-in user's Atlassian-style account id (for example <c>557058:f58131cb-b67d-43c7-b30d-6b58d40bd077</c>).
/// Restricted to characters that are safe in a grain key (no <c>+</c>, which the storage provider splits on).
/// </summary>
public static class AccountId
{
    public const int MaxLength = 128;

    public static bool IsValid(string? accountId)
    {
        if (string.IsNullOrEmpty(accountId) || accountId.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in accountId)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is ':' or '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The key of that user's <see cref="IUserTokensGrain"/>: <c>u_&lt;tenant&gt;_&lt;accountId&gt;</c>.</summary>
    public static string UserTokensKey(TenantId tenant, string accountId) => tenant.Key(UserTokensKind, accountId);

    public const string UserTokensKind = "u";
}
