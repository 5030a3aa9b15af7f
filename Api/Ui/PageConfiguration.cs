using Tempo.Api.Auth;

namespace Tempo.Api.Hosting;

/// <summary>
/// What the API Integration page needs to sign a user in, served as <c>/settings/api-integration/config.json</c>:
/// the provider (authority, the page's public client id and scopes) when one is configured for the page, and
/// whether development sign-in is on. Nothing secret: a public client has no secret.
/// </summary>
public sealed record PageConfiguration(string? Authority, string? ClientId, string Scopes, bool DevSignIn)
{
    /// <summary>The provider's origin (<c>https://login.example.com</c>), which the page's CSP lets it call; null without one.</summary>
    public string? ProviderOrigin =>
        ClientId is not null && Uri.TryCreate(Authority, UriKind.Absolute, out var authority)
        && (authority.Scheme == Uri.UriSchemeHttps || authority.Scheme == Uri.UriSchemeHttp)
            ? authority.GetLeftPart(UriPartial.Authority)
            : null;

    public static PageConfiguration From(ManagementAuthenticationOptions options, DevSignInSettings devSignIn)
    {
        var clientId = string.IsNullOrWhiteSpace(options.PageClientId) || string.IsNullOrWhiteSpace(options.Authority)
            ? null
            : options.PageClientId.Trim();
        var scopes = options.PageScopes.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (!scopes.Contains("openid", StringComparer.Ordinal))
        {
            scopes.Insert(0, "openid");
        }

        return new PageConfiguration(clientId is null ? null : options.Authority!.TrimEnd('/'), clientId, string.Join(' ', scopes), devSignIn.Enabled);
    }

    public static PageConfiguration From(IServiceProvider services) => From(
        services.GetRequiredService<IConfiguration>().GetSection(ManagementAuthenticationOptions.SectionName).Get<ManagementAuthenticationOptions>() ?? new(),
        services.GetRequiredService<DevSignInSettings>());
}
