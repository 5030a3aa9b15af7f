using System.Security.Claims;
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

    public IUserTokensGrain UserTokens(ClaimsPrincipal user) =>
        grains.GetGrain<IUserTokensGrain>(AccountId.UserTokensKey(ManagementAuthorization.AccountIdOf(user)));

    public ITokenGrain Token(TokenId id) => grains.GetGrain<ITokenGrain>(id.GrainKey);
}
