using Tempo.Grains.Interfaces;
using Tempo.Grains.Interfaces.Scopes;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Grains.Tokens;

[GrainType("user-tokens")]
public sealed class UserTokensGrain(
    [PersistentState("userTokenIndex", StorageNames.Default)] IPersistentState<UserTokensState> state,
    ScopeCatalogue catalogue,
    TimeProvider time,
    IGrainFactory grains) : Grain, IUserTokensGrain
{
    /// <summary>How many tokens one user may hold at once (active or expired, not deleted).</summary>
    internal const int MaxTokensPerUser = 200;

    private TokenOwner? _owner;

    /// <summary>The owner this index belongs to, named once: by the grain's key.</summary>
    private TokenOwner Owner => _owner ??= OwnerOf(this.GetPrimaryKeyString());

    public async Task<GrainResult<TokenInfo>> CreateAsync(TokenId id, CreateTokenCommand command)
    {
        // Every rule is checked before anything is written: a refused request leaves no trace.
        var now = TokenRules.TruncateToMilliseconds(time.GetUtcNow());
        if (!TokenRules.TryNormalizeName(command.Name, out var name, out var error)
            || !TokenRules.TryResolveExpiry(command.ExpiresInDays, command.ExpiresAt, now, out var expiresAt, out error)
            || !TokenRules.TryResolveAccess(command.AccessType, command.Scopes, catalogue, out var access, out error)
            || !TokenPolicyRules.TryResolveAllowedIps(command.AllowedIps is { } ips ? (IReadOnlyList<string>)ips : null, out var allowedIps, out error)
            || !TokenPolicyRules.TryResolveRateLimit(command.RateLimit, new TokenRateLimit(int.MaxValue, int.MaxValue), out error))
        {
            return GrainResult<TokenInfo>.Invalid(error!);
        }

        if (state.State.TokenIds.Count >= MaxTokensPerUser && !state.State.TokenIds.Contains(id))
        {
            return GrainResult<TokenInfo>.Invalid($"A user may hold at most {MaxTokensPerUser} tokens; delete some first.");
        }

        // Index first: a token that exists is then always listed, even if the process dies right after.
        var added = !state.State.TokenIds.Contains(id);
        if (added)
        {
            await CommitAsync(state.State with { TokenIds = state.State.TokenIds.Add(id) });
        }

        var result = await Token(id).CreateAsync(new NewToken(Owner, command.CreatedByAdmin, name, expiresAt, access, command.SecretHash, now)
        {
            AllowedIps = allowedIps,
            RateLimit = command.RateLimit,
        });
        if (!result.IsOk && added)
        {
            // The id was taken (another owner's token): this index must not point at it.
            await CommitAsync(state.State with { TokenIds = state.State.TokenIds.Remove(id) });
        }

        return result;
    }

    public async Task<ImmutableArray<TokenInfo>> ListAsync()
    {
        var ids = state.State.TokenIds.ToArray();
        var tokens = await Task.WhenAll(ids.Select(id => Token(id).GetAsync(Owner)));
        var dangling = ids.Where((_, i) => tokens[i] is null).ToArray();
        if (dangling.Length > 0)
        {
            await CommitAsync(state.State with { TokenIds = state.State.TokenIds.Except(dangling) });
        }

        return [.. tokens.OfType<TokenInfo>().OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Id.Value, StringComparer.Ordinal)];
    }

    public async Task<GrainResult<bool>> DeleteAsync(TokenId id)
    {
        if (!state.State.TokenIds.Contains(id))
        {
            return GrainResult<bool>.NotFound("No such token.");
        }

        // Token first: access is revoked even if the index write below never happens (listing prunes it).
        var result = await Token(id).DeleteAsync(Owner);
        await CommitAsync(state.State with { TokenIds = state.State.TokenIds.Remove(id) });
        return result;
    }

    internal static TokenOwner OwnerOf(string grainKey)
    {
        var (tenant, accountId) = TenantId.FromKey(grainKey, AccountId.UserTokensKind);
        return new TokenOwner(tenant, accountId);
    }

    private ITokenGrain Token(TokenId id) => grains.Reference<ITokenGrain>(id.GrainKey);

    private Task CommitAsync(UserTokensState next) => state.CommitAsync(next, DeactivateOnIdle);
}
