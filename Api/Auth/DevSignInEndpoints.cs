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
    public sealed record SignInRequest(string? AccountId);

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
            .WithSummary("Development only: sign in as any account id");
        return app;
    }

    private static Results<Ok<SignInResponse>, BadRequest<ErrorBody>> SignIn(SignInRequest? request, DevSignInSettings settings, TimeProvider time)
    {
        if (!AccountId.IsValid(request?.AccountId))
        {
            return TempoResults.BadRequest(
                $"'accountId' is required: 1 to {AccountId.MaxLength} letters, digits, ':', '-', '_' or '.'.");
        }

        var now = time.GetUtcNow();
        var expires = now + settings.Lifetime;
        var token = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = DevSignInOptions.Issuer,
            Audience = DevSignInOptions.Audience,
            Subject = new ClaimsIdentity([new Claim(ManagementAuthorization.SubjectClaim, request!.AccountId!)]),
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
