using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Grains.Tokens;

[GrainType("user-tokens")]
public sealed class UserTokensGrain(
    [PersistentState("userTokenIndex", StorageNames.Default)] IPersistentState<UserTokensState> state,
    IGrainFactory grains) : Grain, IUserTokensGrain
{
    /// <summary>How many tokens one user may hold at once (active or expired, not deleted).</summary>
    internal const int MaxTokensPerUser = 200;

    private string OwnerAccountId => this.GetPrimaryKeyString()["u_".Length..];

    public async Task<TokenResult> CreateAsync(TokenId id, CreateTokenCommand command)
    {
        if (!string.Equals(command.OwnerAccountId, OwnerAccountId, StringComparison.Ordinal))
        {
            return TokenResult.Invalid("A token can only be created for its owner.");
        }

        if (state.State.TokenIds.Count >= MaxTokensPerUser)
        {
            return TokenResult.Invalid($"A user may hold at most {MaxTokensPerUser} tokens; delete some first.");
        }

        // Index first: a token that exists is then always listed, even if the process dies right after.
        var added = !state.State.TokenIds.Contains(id);
        if (added)
        {
            await CommitAsync(state.State with { TokenIds = state.State.TokenIds.Add(id) });
        }

        var result = await Token(id).CreateAsync(command);
        if (result.Status != TokenResultStatus.Ok && added)
        {
            await CommitAsync(state.State with { TokenIds = state.State.TokenIds.Remove(id) });
        }

        return result;
    }

    public async Task<ImmutableArray<TokenInfo>> ListAsync()
    {
        var ids = state.State.TokenIds.ToArray();
        var tokens = await Task.WhenAll(ids.Select(id => Token(id).GetAsync(OwnerAccountId)));
        var dangling = ids.Where((_, i) => tokens[i] is null).ToArray();
        if (dangling.Length > 0)
        {
            await CommitAsync(state.State with { TokenIds = state.State.TokenIds.Except(dangling) });
        }

        return [.. tokens.OfType<TokenInfo>().OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Id.Value, StringComparer.Ordinal)];
    }

    public async Task<TokenResultStatus> DeleteAsync(TokenId id)
    {
        if (!state.State.TokenIds.Contains(id))
        {
            return TokenResultStatus.NotFound;
        }

        // Token first: access is revoked even if the index write below never happens (listing prunes it).
        var status = await Token(id).DeleteAsync(OwnerAccountId);
        await CommitAsync(state.State with { TokenIds = state.State.TokenIds.Remove(id) });
        return status;
    }

    private ITokenGrain Token(TokenId id) => grains.GetGrain<ITokenGrain>(id.GrainKey);

    private Task CommitAsync(UserTokensState next) => state.CommitAsync(next, DeactivateOnIdle);
}
