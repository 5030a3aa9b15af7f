using System.Security.Claims;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Api.Auth;

/// <summary>
/// Who may use the management API: a signed-in user whose <c>sub</c> is a valid account id and whose JWT names a
/// tenant (checked when the JWT is validated, so a JWT without them is a 401 that says which claim is missing).
/// </summary>
public static class ManagementAuthorization
{
    public const string SignedInUser = "signed-in-user";
    public const string SubjectClaim = "sub";

    public static IServiceCollection AddManagementAuthorization(this IServiceCollection services) =>
        services.AddAuthorizationBuilder()
            .AddPolicy(SignedInUser, policy => policy
                .RequireAuthenticatedUser()
                .RequireAssertion(context => context.Resource is HttpContext http && Auth.SignedInUser.Of(http) is not null))
            .Services;
}
