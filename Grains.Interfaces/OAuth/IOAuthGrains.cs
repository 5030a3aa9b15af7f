using Orleans.Concurrency;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Grains.Interfaces.OAuth;

/// <summary>One OAuth application of a tenant, keyed by <see cref="OAuthGrainKeys.Application"/>.</summary>
[Alias("tempo.IOAuthApplicationGrain")]
public interface IOAuthApplicationGrain : IGrainWithStringKey
{
    /// <summary>Creates the application (once); Conflict when the id is taken.</summary>
    [Alias("Create")]
    Task<GrainResult<OAuthApplication>> CreateAsync(OAuthApplication application);

    /// <summary>The application, or null when it does not exist (or was deleted).</summary>
    [Alias("Get"), ReadOnly]
    Task<OAuthApplication?> GetAsync();

    /// <summary>Applies a change already validated by the API; the client type never changes.</summary>
    [Alias("Update")]
    Task<GrainResult<OAuthApplication>> UpdateAsync(OAuthApplicationChange change);

    /// <summary>Replaces the client secret's hash (a confidential client's secret regeneration).</summary>
    [Alias("SetSecret")]
    Task<GrainResult<OAuthApplication>> SetSecretAsync(string secretHash);

    /// <summary>Remembers an authorization issued to this application; false once the application is deleted.</summary>
    [Alias("AddAuthorization")]
    Task<bool> AddAuthorizationAsync(string authorizationId);

    /// <summary>The ids of the authorizations issued to this application.</summary>
    [Alias("Authorizations"), ReadOnly]
    Task<ImmutableArray<string>> AuthorizationsAsync();

    /// <summary>Deletes the application and revokes every authorization it was issued (their tokens included) before answering.</summary>
    [Alias("Delete")]
    [ResponseTimeout(TokenGateLeases.RevokeResponseTimeout)]
    Task<GrainResult<bool>> DeleteAsync();
}

/// <summary>The tenant's list of OAuth application ids, keyed by <see cref="OAuthGrainKeys.Applications"/>.</summary>
[Alias("tempo.IOAuthApplicationsGrain")]
public interface IOAuthApplicationsGrain : IGrainWithStringKey
{
    [Alias("Add")]
    Task AddAsync(string applicationId);

    [Alias("Remove")]
    Task RemoveAsync(string applicationId);

    [Alias("List"), ReadOnly]
    Task<ImmutableArray<string>> ListAsync();
}

/// <summary>
/// One authorization (a user's consent to an application) and the OpenIddict token entries (codes, refresh tokens)
/// issued under it, keyed by <see cref="OAuthGrainKeys.Authorization"/>. It also keeps the ids of the project's access
/// tokens issued under it: revoking the authorization or its tokens deletes those token grains before answering,
/// so the gate refuses them on the very next request.
/// </summary>
[Alias("tempo.IOAuthAuthorizationGrain")]
public interface IOAuthAuthorizationGrain : IGrainWithStringKey
{
    /// <summary>Creates or updates the entry; a status other than <c>valid</c> revokes every token under it.</summary>
    [Alias("Save")]
    [ResponseTimeout(TokenGateLeases.RevokeResponseTimeout)]
    Task<OAuthAuthorization> SaveAsync(OAuthAuthorization authorization);

    [Alias("Get"), ReadOnly]
    Task<OAuthAuthorization?> GetAsync();

    /// <summary>Creates or updates a token entry if its stored version is <paramref name="expectedVersion"/> (0 to create); Conflict otherwise.</summary>
    [Alias("SaveToken")]
    Task<GrainResult<OAuthTokenEntry>> SaveTokenAsync(OAuthTokenEntry token, long expectedVersion);

    [Alias("GetToken"), ReadOnly]
    Task<OAuthTokenEntry?> GetTokenAsync(string tokenId);

    [Alias("Tokens"), ReadOnly]
    Task<ImmutableArray<OAuthTokenEntry>> TokensAsync();

    /// <summary>Marks every token entry revoked and deletes every access token issued under this authorization; the count of entries changed.</summary>
    [Alias("RevokeTokens")]
    [ResponseTimeout(TokenGateLeases.RevokeResponseTimeout)]
    Task<long> RevokeTokensAsync();

    /// <summary>Revokes the authorization itself and everything under it.</summary>
    [Alias("Revoke")]
    [ResponseTimeout(TokenGateLeases.RevokeResponseTimeout)]
    Task<bool> RevokeAsync();

    /// <summary>
    /// Records a new access token (before its grain is created, so a revocation always finds it); false when the
    /// authorization is no longer valid. <paramref name="replacePrevious"/> (a refresh) deletes the earlier ones.
    /// </summary>
    [Alias("AddAccessToken")]
    [ResponseTimeout(TokenGateLeases.RevokeResponseTimeout)]
    Task<bool> AddAccessTokenAsync(TokenId tokenId, bool replacePrevious);

    /// <summary>Deletes one access token issued under this authorization (the revocation endpoint); false if it is not one of them.</summary>
    [Alias("RevokeAccessToken")]
    [ResponseTimeout(TokenGateLeases.RevokeResponseTimeout)]
    Task<bool> RevokeAccessTokenAsync(TokenId tokenId);
}

/// <summary>One user's authorization ids, keyed by <see cref="OAuthGrainKeys.UserAuthorizations"/>: their authorized applications.</summary>
[Alias("tempo.IOAuthUserAuthorizationsGrain")]
public interface IOAuthUserAuthorizationsGrain : IGrainWithStringKey
{
    [Alias("Add")]
    Task AddAsync(string authorizationId);

    [Alias("Remove")]
    Task RemoveAsync(string authorizationId);

    [Alias("List"), ReadOnly]
    Task<ImmutableArray<string>> ListAsync();
}

/// <summary>From the obfuscated reference id of a code or refresh token to its entry id, keyed by <see cref="OAuthGrainKeys.Reference"/>.</summary>
[Alias("tempo.IOAuthReferenceGrain")]
public interface IOAuthReferenceGrain : IGrainWithStringKey
{
    [Alias("Set")]
    Task SetAsync(string tokenEntryId);

    [Alias("Get"), ReadOnly]
    Task<string?> GetAsync();

    /// <summary>Forgets the entry id: its entry expired and was pruned from its authorization.</summary>
    [Alias("Clear")]
    Task ClearAsync();
}

/// <summary>A consent ticket, keyed by <see cref="OAuthGrainKeys.Consent"/>: issued once, redeemed once, within its life.</summary>
[Alias("tempo.IOAuthConsentTicketGrain")]
public interface IOAuthConsentTicketGrain : IGrainWithStringKey
{
    /// <summary>Issues the ticket; false when this key already holds one.</summary>
    [Alias("Issue")]
    Task<bool> IssueAsync(OAuthConsentTicket ticket);

    /// <summary>The ticket, once: every later call (and any call after it expired) answers null.</summary>
    [Alias("Redeem")]
    Task<OAuthConsentTicket?> RedeemAsync();
}
