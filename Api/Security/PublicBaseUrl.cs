namespace Tempo.Api.Security;

/// <summary>
/// <c>Api:PublicBaseUrl</c>: the address clients call (<c>https://tempo.example.com</c>, optionally with a path
/// base). When set, every <c>self</c> link is built from it and never from the request's <c>Host</c> header, which
/// a client can forge.
/// </summary>
public sealed record PublicBaseUrl(string? Scheme, HostString Host, PathString PathBase)
{
    public const string SettingKey = "Api:PublicBaseUrl";

    public static PublicBaseUrl None { get; } = new(null, default, default);

    public bool IsSet => Scheme is not null;

    /// <summary>The configured URL, or <see cref="None"/>; a value that is not an absolute http(s) URL stops the start.</summary>
    public static PublicBaseUrl From(IConfiguration configuration)
    {
        var text = configuration[SettingKey];
        if (string.IsNullOrWhiteSpace(text))
        {
            return None;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new Tempo.Grains.Hosting.StartupConfigurationException(
                $"'{SettingKey}' must be an absolute http(s) URL such as https://tempo.example.com, not '{text}'.");
        }

        return new PublicBaseUrl(uri.Scheme, HostString.FromUriComponent(uri.Authority), PathString.FromUriComponent(uri.AbsolutePath.TrimEnd('/')));
    }
}
