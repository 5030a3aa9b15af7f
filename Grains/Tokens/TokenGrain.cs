using Microsoft.Extensions.Logging;
using Tempo.Grains.Interfaces;
using Tempo.Grains.Interfaces.Scopes;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Grains.Tokens;

[GrainType("token")]
/// <summary>The token grain; its gate leases are in TokenGrain.GateLeases.cs.</summary>
public sealed partial class TokenGrain(
    [PersistentState("apiToken", StorageNames.Default)] IPersistentState<TokenState> state,
    TimeProvider time,
    ILogger<TokenGrain> logger) : Grain, ITokenGrain
{
    /// <summary>How often a used token writes its lastUsedAt, at most.</summary>
    internal static readonly TimeSpan LastUsedFlushPeriod = TimeSpan.FromMinutes(1);

    private const string IdTaken = "The token id is taken.";

    private DateTimeOffset? _lastUsedInMemory;
    private AuthorizeAnswer? _allowed;
    private IGrainTimer? _lastUsedFlush;

    private TokenId Id => TokenId.FromGrainKey(this.GetPrimaryKeyString());

    public async Task<GrainResult<TokenInfo>> CreateAsync(NewToken token)
    {
        if (state.State.Exists)
        {
            return GrainResult<TokenInfo>.Conflict(IdTaken);
        }

        if (!AccountId.IsValid(token.Owner.AccountId) || token.SecretHash is not { Length: SecretHashLength })
        {
            return GrainResult<TokenInfo>.Invalid("The owner or the secret hash is not valid.");
        }

        _createdInThisActivation = true;
        await CommitAsync(new TokenState
        {
            Tenant = token.Owner.Tenant,
            OwnerAccountId = token.Owner.AccountId,
            CreatedByAdmin = token.CreatedByAdmin,
            Name = token.Name,
            SecretHash = token.SecretHash,
            CreatedAt = token.CreatedAt,
            ExpiresAt = token.ExpiresAt,
            Access = token.Access,
        });
        LogCreated(logger, Id.Value, token.Access.Type);
        return GrainResult<TokenInfo>.Ok(ToInfo());
    }

    public Task<TokenInfo?> GetAsync(TokenOwner caller) =>
        Task.FromResult(IsOwnedBy(caller) ? ToInfo() : null);

    public async Task<GrainResult<TokenInfo>> RenameAsync(TokenOwner caller, string? name)
    {
        if (!IsOwnedBy(caller))
        {
            return NotFound<TokenInfo>();
        }

        if (!TokenRules.TryNormalizeName(name, out var normalized, out var error))
        {
            return GrainResult<TokenInfo>.Invalid(error!);
        }

        if (normalized != state.State.Name)
        {
            await CommitAsync(state.State with { Name = normalized });
        }

        return GrainResult<TokenInfo>.Ok(ToInfo());
    }

    public async Task<GrainResult<TokenInfo>> RegenerateAsync(TokenOwner caller, byte[] newSecretHash)
    {
        if (!IsOwnedBy(caller))
        {
            return NotFound<TokenInfo>();
        }

        if (Now() >= state.State.ExpiresAt)
        {
            return GrainResult<TokenInfo>.Conflict("The token has expired and can't be regenerated; create a new token.");
        }

        if (newSecretHash is not { Length: SecretHashLength })
        {
            return GrainResult<TokenInfo>.Invalid("The secret hash is not valid.");
        }

        var current = state.State;
        await CommitAsync(current with
        {
            SecretHash = newSecretHash,
            PreviousSecretHashes = Remember(current.PreviousSecretHashes, current.SecretHash),
        });
        await DropFromEveryGateAsync();
        LogRegenerated(logger, Id.Value);
        return GrainResult<TokenInfo>.Ok(ToInfo());
    }

    public async Task<GrainResult<bool>> DeleteAsync(TokenOwner caller)
    {
        if (!IsOwnedBy(caller))
        {
            return NotFound<bool>();
        }

        await CommitAsync(state.State with { DeletedAt = Now(), LastUsedAt = LastUsedAt() });
        _allowed = null;
        _lastUsedFlush?.Dispose();
        _lastUsedFlush = null;
        await DropFromEveryGateAsync();
        LogDeleted(logger, Id.Value);
        return GrainResult.Done;
    }

    public ValueTask<AuthorizeAnswer> AuthorizeAsync(byte[] secretHash, string scope, AccessLevel required)
    {
        var entry = GateEntry();
        if (entry is null)
        {
            // Nothing to keep in memory for an id that was never created: do not hold an empty activation for the
            // idle collection age (the gate refuses invented ids itself; this covers whatever still gets here).
            DeactivateOnIdle();
            return ValueTask.FromResult(AuthorizeAnswer.Unknown);
        }

        var outcome = TokenGateCheck.Check(entry, secretHash, scope, required, Now());
        return ValueTask.FromResult(outcome switch
        {
            AuthorizeOutcome.Allowed => Used(entry),
            AuthorizeOutcome.Revoked => AuthorizeAnswer.Revoked,
            AuthorizeOutcome.Expired => AuthorizeAnswer.Expired,
            AuthorizeOutcome.InsufficientScope => AuthorizeAnswer.InsufficientScope,
            _ => AuthorizeAnswer.Unknown,
        });
    }

    /// <summary>Records an allowed use; the owner, tenant and admin flag never change, so one answer object serves every allowed request.</summary>
    private AuthorizeAnswer Used(TokenGateEntry entry)
    {
        RecordUse(Now());
        return _allowed ??= new AuthorizeAnswer(AuthorizeOutcome.Allowed, entry.Owner, entry.CreatedByAdmin);
    }

    /// <summary>lastUsedAt lives in memory; the timer persists it at most once per LastUsedFlushPeriod.</summary>
    private void RecordUse(DateTimeOffset usedAt)
    {
        if (_lastUsedInMemory is { } known && known >= usedAt)
        {
            return;
        }

        _lastUsedInMemory = usedAt;
        _lastUsedFlush ??= this.RegisterGrainTimer(FlushLastUsedAsync, new GrainTimerCreationOptions(LastUsedFlushPeriod, LastUsedFlushPeriod));
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
    private async Task CommitAsync(TokenState next)
    {
        await state.CommitAsync(next, DeactivateOnIdle);
        _gateEntry = null;
    }

    private bool IsOwnedBy(TokenOwner caller) => state.State.IsLive && state.State.Owner == caller;

    private static GrainResult<T> NotFound<T>() => GrainResult<T>.NotFound("No such token.");

    private DateTimeOffset? LastUsedAt() =>
        _lastUsedInMemory is { } used && (state.State.LastUsedAt is null || used > state.State.LastUsedAt) ? used : state.State.LastUsedAt;

    private TokenInfo ToInfo()
    {
        var token = state.State;
        return new TokenInfo(Id, token.Owner!, token.Name, token.CreatedAt, token.ExpiresAt, LastUsedAt(), token.Access!, token.CreatedByAdmin);
    }

    private DateTimeOffset Now() => TokenRules.TruncateToMilliseconds(time.GetUtcNow());

    private static ImmutableList<byte[]> Remember(ImmutableList<byte[]> previous, byte[] hash)
    {
        var remembered = previous.Add(hash);
        return remembered.Count > TokenState.RememberedPreviousSecrets
            ? remembered.RemoveRange(0, remembered.Count - TokenState.RememberedPreviousSecrets)
            : remembered;
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
