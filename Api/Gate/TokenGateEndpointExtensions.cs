namespace Tempo.Api.Gate;

public static class TokenGateEndpointExtensions
{
    /// <summary>
    /// Puts every endpoint of this group behind the token gate for <paramref name="scope"/>: GET and HEAD need
    /// VIEW or MANAGE on it, every other verb needs MANAGE. Declare it once, on the namespace's route group.
    /// </summary>
    public static TBuilder RequireTokenScope<TBuilder>(this TBuilder builder, string scope)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new TokenScopeMetadata(scope));
        return builder;
    }
}
