using Microsoft.Extensions.Logging;
using Tempo.Grains.Interfaces.OAuth;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Grains.OAuth;

[GenerateSerializer, Immutable, Alias("tempo.OAuthAuthorizationState")]
public sealed record OAuthAuthorizationState
{
    [Id(0)] public OAuthAuthorization? Authorization { get; init; }
    [Id(1)] public ImmutableDictionary<string, OAuthTokenEntry> Tokens { get; init; } = ImmutableDictionary<string, OAuthTokenEntry>.Empty;
}

[GrainType("oauthauth")]
public sealed partial class OAuthAuthorizationGrain(
    [PersistentState("oauthAuthorization", StorageNames.Default)] IPersistentState<OAuthAuthorizationState> state,
    TimeProvider time,
    ILogger<OAuthAuthorizationGrain> logger) : Grain, IOAuthAuthorizationGrain
{
    private const string Valid = "valid";
    private const string Revoked = "revoked";

    /// <summary>
    /// How long an entry is kept after it expired. Every refresh adds a code or refresh-token entry, so entries are
    /// pruned once past their expiry (a day later, so a late reuse of a rotated refresh token is still recognised as
    /// reuse until then; after that it is simply unknown, and refused as such).
    /// </summary>
    public static readonly TimeSpan KeepAfterExpiry = TimeSpan.FromDays(1);

    private TenantId Tenant => TenantId.FromKey(this.GetPrimaryKeyString(), OAuthGrainKeys.AuthorizationKind).Tenant;

    public async Task<OAuthAuthorization> SaveAsync(OAuthAuthorization authorization)
    {
        var previous = state.State.Authorization;
        var next = authorization with { AccessTokens = previous?.AccessTokens ?? [] };
        await state.CommitAsync(state.State with { Authorization = next }, DeactivateOnIdle);
        if (previous is null)
        {
            // Indexes after the entry exists: an index entry never points at nothing the first time it is read.
            if (next.Subject is { } subject && AccountId.IsValid(subject))
            {
                await GrainFactory.Reference<IOAuthUserAuthorizationsGrain>(OAuthGrainKeys.UserAuthorizations(Tenant, subject)).AddAsync(next.Id);
            }

            if (Application() is { } application && !await application.AddAuthorizationAsync(next.Id))
            {
                // The application was deleted meanwhile: this authorization must not live on.
                return await RevokeAllAsync(revokeAuthorization: true);
            }
        }
        else if (next.Status != Valid && previous.Status == Valid)
        {
            await RevokeAllAsync(revokeAuthorization: false);
        }

        return state.State.Authorization!;
    }

    public Task<OAuthAuthorization?> GetAsync() => Task.FromResult(state.State.Authorization);

    public async Task<GrainResult<OAuthTokenEntry>> SaveTokenAsync(OAuthTokenEntry token, long expectedVersion)
    {
        var known = state.State.Tokens.GetValueOrDefault(token.Id);
        if ((known?.Version ?? 0) != expectedVersion)
        {
            return GrainResult<OAuthTokenEntry>.Conflict("The token entry was changed by another request.");
        }

        var next = token with { Version = expectedVersion + 1 };
        var now = time.GetUtcNow();
        var pruned = state.State.Tokens.Values
            .Where(t => t.Id != token.Id && t.ExpiresAt is { } expires && expires + KeepAfterExpiry < now)
            .ToArray();
        var tokens = state.State.Tokens.RemoveRange(pruned.Select(t => t.Id)).SetItem(token.Id, next);
        await state.CommitAsync(state.State with { Tokens = tokens }, DeactivateOnIdle);

        // After the write: a pointer to a pruned entry finds nothing, which is what an unknown token gets anyway.
        await Task.WhenAll(pruned
            .Where(t => t.ReferenceId is not null)
            .Select(t => GrainFactory.Reference<IOAuthReferenceGrain>(OAuthGrainKeys.Reference(t.ReferenceId!)).ClearAsync()));
        return GrainResult<OAuthTokenEntry>.Ok(next);
    }

    public Task<OAuthTokenEntry?> GetTokenAsync(string tokenId) => Task.FromResult(state.State.Tokens.GetValueOrDefault(tokenId));

    public Task<ImmutableArray<OAuthTokenEntry>> TokensAsync() => Task.FromResult(state.State.Tokens.Values.ToImmutableArray());

    public async Task<long> RevokeTokensAsync()
    {
        var before = state.State.Tokens.Values.Count(t => t.Status != Revoked);
        await RevokeAllAsync(revokeAuthorization: false);
        return before;
    }

    public async Task<bool> RevokeAsync()
    {
        if (state.State.Authorization is null)
        {
            return false;
        }

        await RevokeAllAsync(revokeAuthorization: true);
        return true;
    }

    public async Task<bool> AddAccessTokenAsync(TokenId tokenId, bool replacePrevious)
    {
        if (state.State.Authorization is not { Status: Valid } authorization)
        {
            return false;
        }

        var previous = replacePrevious ? authorization.AccessTokens : [];
        var next = authorization with { AccessTokens = (replacePrevious ? [] : authorization.AccessTokens).Add(tokenId) };
        await state.CommitAsync(state.State with { Authorization = next }, DeactivateOnIdle);
        await DeleteAccessTokensAsync(authorization.Subject, previous);
        return true;
    }

    public async Task<bool> RevokeAccessTokenAsync(TokenId tokenId)
    {
        if (state.State.Authorization is not { } authorization || !authorization.AccessTokens.Contains(tokenId))
        {
            return false;
        }

        await DeleteAccessTokensAsync(authorization.Subject, [tokenId]);
        await state.CommitAsync(state.State with { Authorization = authorization with { AccessTokens = authorization.AccessTokens.Remove(tokenId) } }, DeactivateOnIdle);
        return true;
    }

    /// <summary>
    /// Every token entry revoked and every access token grain deleted (each drops itself from every gate before it
    /// answers), then the state written: a failure part-way leaves the ids for the next revocation to finish.
    /// </summary>
    private async Task<OAuthAuthorization> RevokeAllAsync(bool revokeAuthorization)
    {
        var current = state.State;
        var authorization = current.Authorization!;
        await DeleteAccessTokensAsync(authorization.Subject, authorization.AccessTokens);
        var tokens = current.Tokens.ToImmutableDictionary(
            t => t.Key,
            t => t.Value.Status == Revoked ? t.Value : t.Value with { Status = Revoked, Version = t.Value.Version + 1 });
        var next = authorization with
        {
            Status = revokeAuthorization ? Revoked : authorization.Status,
            AccessTokens = [],
        };
        await state.CommitAsync(current with { Authorization = next, Tokens = tokens }, DeactivateOnIdle);
        LogRevoked(logger, authorization.Id, revokeAuthorization);
        return next;
    }

    private async Task DeleteAccessTokensAsync(string? subject, ImmutableArray<TokenId> tokens)
    {
        if (subject is null || tokens.IsDefaultOrEmpty)
        {
            return;
        }

        var owner = new TokenOwner(Tenant, subject);
        await Task.WhenAll(tokens.Select(id => GrainFactory.Reference<ITokenGrain>(id.GrainKey).DeleteAsync(owner)));
    }

    private IOAuthApplicationGrain? Application() =>
        OAuthIds.TryParse(state.State.Authorization?.ApplicationId, out var tenant, out var id) && tenant == Tenant
            ? GrainFactory.Reference<IOAuthApplicationGrain>(OAuthGrainKeys.Application(tenant, id))
            : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "OAuth authorization {AuthorizationId}: tokens revoked (authorization revoked: {Authorization})")]
    private static partial void LogRevoked(ILogger logger, string authorizationId, bool authorization);
}
