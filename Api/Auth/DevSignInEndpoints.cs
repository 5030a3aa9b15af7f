using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tempo.Api.Errors;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Api.Auth;

/// <summary>
/// <c>POST /dev/sign-in</c>: signs anyone in as any account id, with a JWT the management API accepts. Only mapped
/// when development sign-in is on (Development by default); elsewhere the path does not exist.
/// </summary>
public static partial class DevSignInEndpoints
{
    /// <summary>Who to sign in as: an account id, a tenant (<c>default</c> when absent) and whether they administer it.</summary>
    public sealed record SignInRequest(string? AccountId, string? Tenant, bool? Admin);

    public sealed record SignInResponse(string AccessToken, DateTimeOffset ExpiresAt);

    public static IEndpointRouteBuilder MapDevSignIn(this IEndpointRouteBuilder app)
    {
        var settings = app.ServiceProvider.GetRequiredService<DevSignInSettings>();
        if (!settings.Enabled)
        {
            return app;
        }

        LogDevSignInOn(app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Tempo.Api.DevSignIn"));
        app.MapPost("/dev/sign-in", SignIn)
            .WithName("devSignIn")
            .WithTags("Development")
            .WithSummary("Development only: sign in as any account id of any tenant, as an administrator or not");
        return app;
    }

    private static Results<Ok<SignInResponse>, BadRequest<ErrorBody>> SignIn(
        SignInRequest? request, DevSignInSettings settings, SignedInClaims claimNames, TimeProvider time)
    {
        if (!AccountId.IsValid(request?.AccountId))
        {
            return TempoResults.BadRequest(
                $"'accountId' is required: 1 to {AccountId.MaxLength} letters, digits, ':', '-', '_' or '.'.");
        }

        var tenant = request!.Tenant ?? TenantId.Default.Value;
        if (!TenantId.IsValid(tenant))
        {
            return TempoResults.BadRequest($"'tenant' must be 1 to {TenantId.MaxLength} of a-z, 0-9 and '-'.");
        }

        List<Claim> claims = [new(ManagementAuthorization.SubjectClaim, request.AccountId!), new(claimNames.TenantClaim, tenant)];
        if (request.Admin == true)
        {
            claims.Add(new Claim(claimNames.AdminRoleClaim, claimNames.AdminRole));
        }

        var now = time.GetUtcNow();
        var expires = now + settings.Lifetime;
        var token = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = DevSignInOptions.Issuer,
            Audience = DevSignInOptions.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(settings.SigningKey, SecurityAlgorithms.HmacSha256),
        });
        return TypedResults.Ok(new SignInResponse(token, expires));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Development sign-in is ON: anyone can sign in as any account at POST /dev/sign-in. Never turn it on in production.")]
    private static partial void LogDevSignInOn(ILogger logger);
}
