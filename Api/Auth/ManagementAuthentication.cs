using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Tempo.Api.Auth;

/// <summary>
/// JWT bearer authentication for the management API. Production: tokens of the configured OpenID Connect
/// authority and audience. Development sign-in, when on: also tokens this process signed with its own key.
/// </summary>
public static class ManagementAuthentication
{
    public static IServiceCollection AddManagementAuthentication(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var provider = configuration.GetSection(ManagementAuthenticationOptions.SectionName).Get<ManagementAuthenticationOptions>() ?? new();
        var devSignIn = configuration.GetSection(DevSignInOptions.SectionName).Get<DevSignInOptions>() ?? new();
        var devEnabled = devSignIn.Enabled ?? environment.IsDevelopment();
        if (!devEnabled && string.IsNullOrWhiteSpace(provider.Authority))
        {
            throw new Tempo.Grains.Hosting.StartupConfigurationException(
                $"Configure '{ManagementAuthenticationOptions.SectionName}:Authority' (and ':Audience') so users can sign in, or turn on '{DevSignInOptions.SectionName}:Enabled' in Development.");
        }

        var devKey = devEnabled ? new SymmetricSecurityKey(DevSigningKeyBytes(devSignIn)) : null;
        services.AddSingleton(new DevSignInSettings(devEnabled, devKey, devSignIn.Lifetime));
        var claims = provider.Claims;
        services.AddSingleton(claims);

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TimeProvider>((options, time) =>
        {
            options.MapInboundClaims = false;
            options.TimeProvider = time;
            var parameters = options.TokenValidationParameters;
            parameters.NameClaimType = ManagementAuthorization.SubjectClaim;
            parameters.LifetimeValidator = (notBefore, expires, _, p) => IsWithinLifetime(time.GetUtcNow().UtcDateTime, notBefore, expires, p.ClockSkew);
            var issuers = new List<string>();
            var audiences = new List<string>();
            if (!string.IsNullOrWhiteSpace(provider.Authority))
            {
                options.Authority = provider.Authority;
                options.Audience = provider.Audience;
                options.RequireHttpsMetadata = provider.RequireHttpsMetadata;
                if (provider.Audience is not null)
                {
                    audiences.Add(provider.Audience);
                }
            }

            if (devKey is not null)
            {
                issuers.Add(DevSignInOptions.Issuer);
                audiences.Add(DevSignInOptions.Audience);
                parameters.IssuerSigningKey = devKey;
            }

            parameters.ValidIssuers = issuers;
            parameters.ValidAudiences = audiences;
            options.Events = new JwtBearerEvents
            {
                // A valid JWT must also say who and where: an account id and a tenant, or it is refused (401) here.
                OnTokenValidated = context =>
                {
                    if (context.Principal is { } principal && SignedInUser.From(principal, claims) is null)
                    {
                        context.Fail(new SignInClaimsException(MissingClaimMessage(principal, claims)));
                    }

                    return Task.CompletedTask;
                },
                OnChallenge = async context =>
                {
                    if (context.AuthenticateFailure is SignInClaimsException missing)
                    {
                        context.HandleResponse();
                        context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
                        await Errors.TempoErrorHandling.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, missing.Message);
                    }
                },
            };
        });
        return services;
    }

    private static string MissingClaimMessage(System.Security.Claims.ClaimsPrincipal principal, SignedInClaims claims) =>
        !Grains.Interfaces.Tokens.AccountId.IsValid(principal.FindFirst(ManagementAuthorization.SubjectClaim)?.Value)
            ? $"The sign-in token's '{ManagementAuthorization.SubjectClaim}' claim must be an account id."
            : $"The sign-in token has no valid '{claims.TenantClaim}' claim: it must name the tenant (1 to {Grains.Interfaces.TenantId.MaxLength} of a-z, 0-9 and '-').";

    /// <summary>A JWT that is valid but does not say which account and tenant it is for.</summary>
    private sealed class SignInClaimsException(string message) : Exception(message);

    private static bool IsWithinLifetime(DateTime now, DateTime? notBefore, DateTime? expires, TimeSpan skew) =>
        expires is { } exp && now <= exp.ToUniversalTime() + skew && (notBefore is not { } nbf || now >= nbf.ToUniversalTime() - skew);

    private static byte[] DevSigningKeyBytes(DevSignInOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.SigningKey))
        {
            return RandomNumberGenerator.GetBytes(32);
        }

        var key = Convert.FromBase64String(options.SigningKey);
        return key.Length >= 32
            ? key
            : throw new Tempo.Grains.Hosting.StartupConfigurationException($"'{DevSignInOptions.SectionName}:SigningKey' must be base64 of at least 32 bytes.");
    }
}

/// <summary>The resolved development sign-in settings.</summary>
public sealed record DevSignInSettings(bool Enabled, SymmetricSecurityKey? SigningKey, TimeSpan Lifetime);
