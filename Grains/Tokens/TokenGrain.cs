using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Tempo.Grains.Interfaces.Scopes;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Grains.Tokens;

[GrainType("token")]
public sealed partial class TokenGrain(
    [PersistentState("apiToken", StorageNames.Default)] IPersistentState<TokenState> state,
    ScopeCatalogue catalogue,
    TimeProvider time,
    ILogger<TokenGrain> logger) : Grain, ITokenGrain
{
    /// <summary>How often a used token writes its lastUsedAt, at most.</summary>
    internal static readonly TimeSpan LastUsedFlushPeriod = TimeSpan.FromMinutes(1);

    private DateTimeOffset? _lastUsedInMemory;
    private IGrainTimer? _lastUsedFlush;

    private TokenId Id => TokenId.FromGrainKey(this.GetPrimaryKeyString());

    public async Task<TokenResult> CreateAsync(CreateTokenCommand command)
    {
        if (state.State.Exists)
        {
            return TokenResult.IdTaken;
        }

        var now = Now();
        if (!AccountId.IsValid(command.OwnerAccountId))
        {
            return TokenResult.Invalid("The owner's account id is not valid.");
        }

        if (!TokenRules.TryNormalizeName(command.Name, out var name, out var error)
            || !TokenRules.TryResolveExpiry(command.ExpiresInDays, command.ExpiresAt, now, out var expiresAt, out error)
            || !TokenRules.TryResolveAccess(command.AccessType, command.Scopes, catalogue, out var access, out error))
        {
            return TokenResult.Invalid(error!);
        }

        if (command.SecretHash is not { Length: SecretHashLength })
        {
            return TokenResult.Invalid("The secret hash is not valid.");
        }

        await CommitAsync(new TokenState
        {
            OwnerAccountId = command.OwnerAccountId,
            Name = name,
            SecretHash = command.SecretHash,
            CreatedAt = now,
            ExpiresAt = expiresAt,
            Access = access,
        });
        LogCreated(logger, Id.Value, access.Type);
        return TokenResult.Ok(ToInfo());
    }

    public Task<TokenInfo?> GetAsync(string callerAccountId) =>
        Task.FromResult(IsOwnedBy(callerAccountId) ? ToInfo() : null);

    public async Task<TokenResult> RenameAsync(string callerAccountId, string? name)
    {
        if (!IsOwnedBy(callerAccountId))
        {
            return TokenResult.NotFound;
        }

        if (!TokenRules.TryNormalizeName(name, out var normalized, out var error))
        {
            return TokenResult.Invalid(error!);
        }

        if (normalized != state.State.Name)
        {
            await CommitAsync(state.State with { Name = normalized });
        }

        return TokenResult.Ok(ToInfo());
    }

    public async Task<TokenResult> RegenerateAsync(string callerAccountId, byte[] newSecretHash)
    {
        if (!IsOwnedBy(callerAccountId))
        {
            return TokenResult.NotFound;
        }

        if (Now() >= state.State.ExpiresAt)
        {
            return TokenResult.Expired;
        }

        if (newSecretHash is not { Length: SecretHashLength })
        {
            return TokenResult.Invalid("The secret hash is not valid.");
        }

        var current = state.State;
        await CommitAsync(current with
        {
            SecretHash = newSecretHash,
            PreviousSecretHashes = Remember(current.PreviousSecretHashes, current.SecretHash),
        });
        LogRegenerated(logger, Id.Value);
        return TokenResult.Ok(ToInfo());
    }

    public async Task<TokenResultStatus> DeleteAsync(string callerAccountId)
    {
        if (!IsOwnedBy(callerAccountId))
        {
            return TokenResultStatus.NotFound;
        }

        await CommitAsync(state.State with { DeletedAt = Now(), LastUsedAt = LastUsedAt() });
        _lastUsedFlush?.Dispose();
        _lastUsedFlush = null;
        LogDeleted(logger, Id.Value);
        return TokenResultStatus.Ok;
    }

    public ValueTask<AuthorizeOutcome> AuthorizeAsync(byte[] secretHash, string scope, AccessLevel required)
    {
        var token = state.State;
        if (!token.Exists)
        {
            // Nothing to keep in memory for an id that was never created: do not hold an empty activation for the
            // idle collection age (the gate refuses invented ids itself; this covers whatever still gets here).
            DeactivateOnIdle();
            return ValueTask.FromResult(AuthorizeOutcome.Unknown);
        }

        var matchesCurrent = CryptographicOperations.FixedTimeEquals(token.SecretHash, secretHash);
        if (!matchesCurrent || token.DeletedAt is not null)
        {
            // Only someone who held a real secret of this token learns that it was revoked.
            var wasReal = matchesCurrent || MatchesAny(token.PreviousSecretHashes, secretHash);
            return ValueTask.FromResult(wasReal ? AuthorizeOutcome.Revoked : AuthorizeOutcome.Unknown);
        }

        var now = Now();
        if (now >= token.ExpiresAt)
        {
            return ValueTask.FromResult(AuthorizeOutcome.Expired);
        }

        if (token.Access is null || !token.Access.Allows(scope, required))
        {
            return ValueTask.FromResult(AuthorizeOutcome.InsufficientScope);
        }

        // lastUsedAt lives in memory; the timer below persists it at most once per LastUsedFlushPeriod.
        _lastUsedInMemory = now;
        _lastUsedFlush ??= this.RegisterGrainTimer(FlushLastUsedAsync, new GrainTimerCreationOptions(LastUsedFlushPeriod, LastUsedFlushPeriod));
        return ValueTask.FromResult(AuthorizeOutcome.Allowed);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Best effort: the timer already persisted anything older than a minute. Not while the silo shuts down,
        // when storage may already be going away and the write would only hold the shutdown up.
        if (LastUsedIsDirty() && reason.ReasonCode is not (DeactivationReasonCode.ApplicationError or DeactivationReasonCode.ShuttingDown))
        {
            try
            {
                await FlushLastUsedAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogLastUsedFlushFailed(logger, exception, Id.Value);
            }
        }
    }

    private const int SecretHashLength = 32;

    private async Task FlushLastUsedAsync(CancellationToken cancellationToken)
    {
        if (LastUsedIsDirty() && state.State.IsLive)
        {
            await CommitAsync(state.State with { LastUsedAt = _lastUsedInMemory });
        }
    }

    private bool LastUsedIsDirty() => _lastUsedInMemory is { } used && used != state.State.LastUsedAt;

    /// <summary>Writes the next state; on failure the grain keeps the previous state and reloads on next activation.</summary>
    private Task CommitAsync(TokenState next) => state.CommitAsync(next, DeactivateOnIdle);

    private bool IsOwnedBy(string callerAccountId) =>
        state.State.IsLive && string.Equals(state.State.OwnerAccountId, callerAccountId, StringComparison.Ordinal);

    private DateTimeOffset? LastUsedAt() =>
        _lastUsedInMemory is { } used && (state.State.LastUsedAt is null || used > state.State.LastUsedAt) ? used : state.State.LastUsedAt;

    private TokenInfo ToInfo()
    {
        var token = state.State;
        return new TokenInfo(Id, token.OwnerAccountId!, token.Name, token.CreatedAt, token.ExpiresAt, LastUsedAt(), token.Access!);
    }

    private DateTimeOffset Now() => TokenRules.TruncateToMilliseconds(time.GetUtcNow());

    private static ImmutableList<byte[]> Remember(ImmutableList<byte[]> previous, byte[] hash)
    {
        var remembered = previous.Add(hash);
        return remembered.Count > TokenState.RememberedPreviousSecrets
            ? remembered.RemoveRange(0, remembered.Count - TokenState.RememberedPreviousSecrets)
            : remembered;
    }

    private static bool MatchesAny(ImmutableList<byte[]> hashes, byte[] candidate)
    {
        var any = false;
        foreach (var hash in hashes)
        {
            any |= CryptographicOperations.FixedTimeEquals(hash, candidate);
        }

        return any;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Token {TokenId} created with {AccessType} access")]
    private static partial void LogCreated(ILogger logger, string tokenId, AccessType accessType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Token {TokenId} regenerated")]
    private static partial void LogRegenerated(ILogger logger, string tokenId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Token {TokenId} deleted")]
    private static partial void LogDeleted(ILogger logger, string tokenId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Token {TokenId} could not persist lastUsedAt on deactivation")]
    private static partial void LogLastUsedFlushFailed(ILogger logger, Exception exception, string tokenId);
}
