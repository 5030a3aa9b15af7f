using Tempo.Api.Auth;
using Tempo.Api.Tokens;
using Tempo.Grains.Interfaces.Scopes;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Api.Management;

/// <summary>What the token management handlers need, bundled as one injected service.</summary>
public sealed class TokenServices(IGrainFactory grains, TokenSecretHasher hasher, ScopeCatalogue catalogue, TimeProvider time)
{
    public TokenSecretHasher Hasher => hasher;

    public ScopeCatalogue Catalogue => catalogue;

    public TimeProvider Time => time;

    public IUserTokensGrain UserTokens(SignedInUser user) =>
        grains.Reference<IUserTokensGrain>(AccountId.UserTokensKey(user.Tenant, user.AccountId));

    /// <summary>The signed-in user as the owner (or would-be owner) of a token: the tenant and account id.</summary>
    public static TokenOwner Owner(SignedInUser user) => new(user.Tenant, user.AccountId);

    public ITokenGrain Token(TokenId id) => grains.Reference<ITokenGrain>(id.GrainKey);
}
