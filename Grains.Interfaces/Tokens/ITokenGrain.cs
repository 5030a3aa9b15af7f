using Tempo.Grains.Interfaces.Scopes;

namespace Tempo.Grains.Interfaces.Tokens;

/// <summary>
/// One API-integration token, keyed by <see cref="TokenId.GrainKey"/>. It owns the owner (tenant and account id),
/// whether the owner was a tenant administrator at creation, the name, the keyed hash of the secret (never the
/// secret), the frozen access, createdAt, expiresAt, lastUsedAt and the lifecycle (active, expired, deleted). Ids are
/// never reused: a deleted token stays as a tombstone so that its old secrets are answered as revoked.
/// </summary>
/// <remarks>
/// The key is the one grain key without a tenant, on purpose: the gate must find the token's grain from the token
/// string alone, and learns the tenant from the grain's answer (ids are 71 random bits, unique across tenants). Every
/// management call names the caller (tenant and account); a caller who is not the owner is told NotFound, exactly as
/// for an unknown id. Commands are applied in memory only after the write to storage succeeded.
/// </remarks>
[Alias("tempo.ITokenGrain")]
public interface ITokenGrain : IGrainWithStringKey
{
    /// <summary>Creates the token (once); Conflict when the id is taken.</summary>
    [Alias("Create")]
    Task<GrainResult<TokenInfo>> CreateAsync(NewToken token);

    /// <summary>The token, or null when it does not exist for this caller.</summary>
    [Alias("Get")]
    Task<TokenInfo?> GetAsync(TokenOwner caller);

    /// <summary>Changes the name, and nothing else.</summary>
    [Alias("Rename")]
    Task<GrainResult<TokenInfo>> RenameAsync(TokenOwner caller, string? name);

    /// <summary>
    /// Replaces the secret's hash while the token has not expired (Conflict once expired); access and expiry stay.
    /// The old secret is refused from the moment this call returns.
    /// </summary>
    [Alias("Regenerate")]
    [ResponseTimeout(TokenGateLeases.RevokeResponseTimeout)]
    Task<GrainResult<TokenInfo>> RegenerateAsync(TokenOwner caller, [Immutable] byte[] newSecretHash);

    /// <summary>Deletes the token (active or expired); every secret it had is refused from the moment this returns.</summary>
    [Alias("Delete")]
    [ResponseTimeout(TokenGateLeases.RevokeResponseTimeout)]
    Task<GrainResult<bool>> DeleteAsync(TokenOwner caller);

    /// <summary>
    /// The gate's check for one request: does the secret with this hash belong to this token, is the token live,
    /// and does it hold <paramref name="required"/> on <paramref name="scope"/>? Answered from memory; it never
    /// reads or writes storage (lastUsedAt is flushed by a timer at most once a minute).
    /// </summary>
    [Alias("Authorize")]
    ValueTask<AuthorizeAnswer> AuthorizeAsync([Immutable] byte[] secretHash, string scope, AccessLevel required);

    /// <summary>
    /// The gate entry for an API process's cache (null when the token does not exist), granted under a lease of
    /// <paramref name="lease"/> (clamped to <see cref="TokenGateLeases"/>): until that lease runs out, regenerate and
    /// delete tell <paramref name="holder"/> to drop the entry and do not answer before it acknowledged or the lease
    /// surely ran out. <paramref name="use"/> reports use for lastUsedAt. Never writes storage. docs/design/gate-cache.md.
    /// </summary>
    [Alias("LeaseGateEntry")]
    Task<TokenGateEntry?> LeaseGateEntryAsync(ITokenGateHolder holder, TimeSpan lease, TokenGateUse use);

    /// <summary>
    /// What one API process saw of this token over a flush period (addresses, user agent, refusals by the API's
    /// policy: ip, rate-limited). Kept in memory and written at most once per flush period, like lastUsedAt.
    /// </summary>
    [Alias("ReportUse")]
    Task ReportUseAsync(TokenUseBatch batch);

    /// <summary>
    /// A secret scanner reported a token with this hash as leaked: true when it is (or was) a real secret of this
    /// token. A live token whose current secret leaked is revoked at once, with a token.leak_reported event and a
    /// webhook to the tenant.
    /// </summary>
    [Alias("ReportLeak")]
    [ResponseTimeout(TokenGateLeases.RevokeResponseTimeout)]
    Task<bool> ReportLeakAsync([Immutable] byte[] secretHash, string? url, string? source);

    /// <summary>
    /// Sends every expiry reminder (7 days, 1 day, expired) that is due and not sent yet, and records the expiry
    /// event. The token's Orleans reminder calls this; so can operations and tests.
    /// </summary>
    [Alias("CheckExpiry")]
    Task CheckExpiryAsync();

    /// <summary>
    /// The OAuth origin of a live token whose current secret has this hash (null for any other token or secret):
    /// how the OAuth revocation endpoint learns which application and authorization an access token belongs to.
    /// </summary>
    [Alias("Origin")]
    Task<TokenOrigin?> OriginAsync([Immutable] byte[] secretHash);

    /// <summary>Writes what is held in memory (usage, aggregated refusals) and forwards the outbox to the audit trail and webhooks.</summary>
    [Alias("FlushPending")]
    Task FlushPendingAsync();
}
