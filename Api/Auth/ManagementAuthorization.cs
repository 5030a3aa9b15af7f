using System.Security.Claims;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Api.Auth;

/// <summary>Who may use the management API: a signed-in user whose <c>sub</c> is a valid account id.</summary>
public static class ManagementAuthorization
{
    public const string SignedInUser = "signed-in-user";
    public const string SubjectClaim = "sub";

    public static IServiceCollection AddManagementAuthorization(this IServiceCollection services) =>
        services.AddAuthorizationBuilder()
            .AddPolicy(SignedInUser, policy => policy
                .RequireAuthenticatedUser()
                .RequireAssertion(context => AccountId.IsValid(context.User.FindFirstValue(SubjectClaim))))
            .Services;

    /// <summary>The caller's account id; only call behind <see cref="SignedInUser"/>.</summary>
    public static string AccountIdOf(ClaimsPrincipal user) =>
        user.FindFirstValue(SubjectClaim) ?? throw new InvalidOperationException("No signed-in user.");
}
