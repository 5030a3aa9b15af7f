using Tempo.Grains.Interfaces.Scopes;

namespace Tempo.Grains.Interfaces.Tokens;

/// <summary>
/// One API-integration token, keyed by <see cref="TokenId.GrainKey"/>. It owns the owner's account id, the
/// name, the keyed hash of the secret (never the secret), the frozen access, createdAt, expiresAt, lastUsedAt
/// and the lifecycle (active, expired, deleted). Ids are never reused: a deleted token stays as a tombstone so
/// that its old secrets are answered as revoked.
/// </summary>
/// <remarks>
/// Every management call names the caller; a caller who is not the owner is told <see cref="TokenResultStatus.NotFound"/>,
/// exactly as for an unknown id. Commands are applied in memory only after the write to storage succeeded, so a
/// command that failed leaves the token as it was.
/// </remarks>
[Alias("tempo.ITokenGrain")]
public interface ITokenGrain : IGrainWithStringKey
{
    /// <summary>Creates the token (once). Validates name, expiry and access against the catalogue and the clock.</summary>
    [Alias("Create")]
    Task<TokenResult> CreateAsync(CreateTokenCommand command);

    /// <summary>The token, or null when it does not exist for this caller.</summary>
    [Alias("Get")]
    Task<TokenInfo?> GetAsync(string callerAccountId);

    /// <summary>Changes the name, and nothing else.</summary>
    [Alias("Rename")]
    Task<TokenResult> RenameAsync(string callerAccountId, string? name);

    /// <summary>
    /// Replaces the secret's hash while the token has not expired; access and expiry stay. The old secret is
    /// refused from the moment this call returns.
    /// </summary>
    [Alias("Regenerate")]
    Task<TokenResult> RegenerateAsync(string callerAccountId, [Immutable] byte[] newSecretHash);

    /// <summary>Deletes the token (active or expired); every secret it had is refused from the moment this returns.</summary>
    [Alias("Delete")]
    Task<TokenResultStatus> DeleteAsync(string callerAccountId);

    /// <summary>
    /// The gate's check for one request: does the secret with this hash belong to this token, is the token live,
    /// and does it hold <paramref name="required"/> on <paramref name="scope"/>? Answered from memory; it never
    /// reads or writes storage (lastUsedAt is flushed by a timer at most once a minute).
    /// </summary>
    [Alias("Authorize")]
    ValueTask<AuthorizeOutcome> AuthorizeAsync([Immutable] byte[] secretHash, string scope, AccessLevel required);
}
