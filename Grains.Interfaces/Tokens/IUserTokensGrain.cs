namespace Tempo.Grains.Interfaces.Tokens;

/// <summary>
/// One user's index of their tokens, keyed by <see cref="AccountId.UserTokensKey"/> (tenant and account id). It checks
/// a new token against <see cref="TokenRules"/> before anything is written, then creates it (index entry first, then
/// the token, so that no working token is ever missing from the list), lists them newest first, and deletes them. It
/// tolerates entries whose token never came to be or is gone, and prunes them.
/// </summary>
[Alias("tempo.IUserTokensGrain")]
public interface IUserTokensGrain : IGrainWithStringKey
{
    /// <summary>Creates a token with this id for this user; Conflict when the id is taken (pick another).</summary>
    [Alias("Create")]
    Task<GrainResult<TokenInfo>> CreateAsync(TokenId id, CreateTokenCommand command);

    /// <summary>The user's tokens, active and expired, newest first.</summary>
    [Alias("List")]
    Task<ImmutableArray<TokenInfo>> ListAsync();

    /// <summary>Deletes one of the user's tokens and drops it from the index.</summary>
    [Alias("Delete")]
    [ResponseTimeout(TokenGateLeases.RevokeResponseTimeout)]
    Task<GrainResult<bool>> DeleteAsync(TokenId id);
}
