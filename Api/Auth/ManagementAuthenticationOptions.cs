namespace Tempo.Api.Auth;

/// <summary>Configuration section <c>Authentication</c>: the OpenID Connect provider that signs users in.</summary>
public sealed class ManagementAuthenticationOptions
{
    public const string SectionName = "Authentication";

    /// <summary>The OpenID Connect authority (issuer URL) whose JWTs the management API accepts.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience those JWTs must carry.</summary>
    public string? Audience { get; set; }

    /// <summary>The JWT claim that names the user's tenant (a Jira site id, <c>[a-z0-9-]{1,63}</c>); a JWT without it is refused.</summary>
    public string TenantClaim { get; set; } = SignedInClaims.Defaults.TenantClaim;

    /// <summary>The JWT claim that lists the user's roles.</summary>
    public string AdminRoleClaim { get; set; } = SignedInClaims.Defaults.AdminRoleClaim;

    /// <summary>The role, in <see cref="AdminRoleClaim"/>, of a tenant administrator.</summary>
    public string AdminRole { get; set; } = SignedInClaims.Defaults.AdminRole;

    /// <summary>
    /// The client id under which the API Integration page is registered at the provider: a public client (no secret)
    /// using the authorization code flow with PKCE, redirect URI <c>https://&lt;host&gt;/settings/api-integration</c>.
    /// Without it the page offers no provider sign-in.
    /// </summary>
    public string? PageClientId { get; set; }

    /// <summary>The scopes the page asks for, space-separated; <c>openid</c> is always asked for.</summary>
    public string PageScopes { get; set; } = "openid profile";

    public SignedInClaims Claims => new(TenantClaim, AdminRoleClaim, AdminRole);

    /// <summary>Fetch the provider's metadata over HTTPS only; turn off only for a provider on a private loopback.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
}

/// <summary>Configuration section <c>DevSignIn</c>: the development-only sign-in.</summary>
public sealed class DevSignInOptions
{
    public const string SectionName = "DevSignIn";
    public const string Issuer = "tempo-orleans-dev";
    public const string Audience = "tempo-orleans";

    /// <summary>On by default in Development, off elsewhere; never turn it on in production.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Base64 of at least 32 bytes that signs development JWTs; random per process when absent.</summary>
    public string? SigningKey { get; set; }

    /// <summary>How long a development JWT lasts.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(8);
}
