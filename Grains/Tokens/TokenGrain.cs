using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tempo.Grains.Interfaces;
using Tempo.Grains.Interfaces.Audit;
using Tempo.Grains.Interfaces.Notifications;
using Tempo.Grains.Interfaces.Scopes;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Grains.Tokens;

[GrainType("token")]
/// <summary>The token grain; its gate leases are in TokenGrain.GateLeases.cs.</summary>
public sealed partial class TokenGrain(
    [PersistentState("apiToken", StorageNames.Default)] IPersistentState<TokenState> state,
    TimeProvider time,
    IOptions<TokenExpiryReminderOptions> reminderOptions,
    ILogger<TokenGrain> logger) : Grain, ITokenGrain, IRemindable
{
    /// <summary>How often a used token writes its lastUsedAt, at most.</summary>
    internal static readonly TimeSpan LastUsedFlushPeriod = TimeSpan.FromMinutes(1);

    private const string IdTaken = "The token id is taken.";

    private DateTimeOffset? _lastUsedInMemory;
    private TokenUsage? _usageInMemory;
    private readonly Dictionary<string, DeniedCount> _denied = new(StringComparer.Ordinal);
    private bool _expiryCheckQueued;
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
            AllowedIps = token.AllowedIps,
            RateLimit = token.RateLimit,
            Origin = token.Origin,
        }, Event(AuditEventTypes.Created, token.Owner.AccountId, token.Name, Details(
            ("accessType", token.Access.Type.ToString().ToUpperInvariant()),
            ("expiresAt", token.ExpiresAt.ToString("O")),
            ("allowedIps", string.Join(",", token.AllowedIps)),
            ("rateLimit", token.RateLimit is { } limit ? $"{limit.PerSecond}/s burst {limit.Burst}" : "default"))));
        await ScheduleExpiryReminderAsync();
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
            var previous = state.State.Name;
            await CommitAsync(state.State with { Name = normalized }, Event(AuditEventTypes.Renamed, caller.AccountId, normalized, Details(("previousName", previous))));
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
        }, Event(AuditEventTypes.Regenerated, caller.AccountId, current.Name, Details()));
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

        await CommitAsync(
            state.State with { DeletedAt = Now(), LastUsedAt = LastUsedAt(), Usage = Usage() },
            Event(AuditEventTypes.Deleted, caller.AccountId, state.State.Name, Details()));
        _allowed = null;
        await StopExpiryReminderAsync();
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
            AuthorizeOutcome.Revoked => Denied(AuthorizeAnswer.Revoked, "revoked"),
            AuthorizeOutcome.Expired => Expired(),
            AuthorizeOutcome.InsufficientScope => Denied(AuthorizeAnswer.InsufficientScope, "insufficient_scope"),
            _ => AuthorizeAnswer.Unknown,
        });
    }

    /// <summary>
    /// Records an allowed use. The owner, tenant, admin flag, expiry, allowlist and limit never change, so one answer
    /// object serves every allowed request.
    /// </summary>
    private AuthorizeAnswer Used(TokenGateEntry entry)
    {
        RecordUse(Now());
        return _allowed ??= new AuthorizeAnswer(AuthorizeOutcome.Allowed, entry.Owner, entry.CreatedByAdmin)
        {
            ExpiresAt = entry.ExpiresAt,
            AllowedIps = entry.AllowedIps,
            RateLimit = entry.RateLimit,
        };
    }

    /// <summary>A refusal of someone who held a real secret: counted for the aggregated token.denied event.</summary>
    private AuthorizeAnswer Denied(AuthorizeAnswer answer, string reason)
    {
        CountDenied(reason);
        return answer;
    }

    private AuthorizeAnswer Expired()
    {
        QueueExpiryCheck();
        return Denied(AuthorizeAnswer.Expired, "expired");
    }

    /// <summary>lastUsedAt lives in memory; the timer persists it at most once per LastUsedFlushPeriod.</summary>
    private void RecordUse(DateTimeOffset usedAt)
    {
        if (_lastUsedInMemory is { } known && known >= usedAt)
        {
            return;
        }

        _lastUsedInMemory = usedAt;
        EnsureFlushTimer();
    }

    public Task ReportUseAsync(TokenUseBatch batch)
    {
        if (!state.State.Exists)
        {
            DeactivateOnIdle();
            return Task.CompletedTask;
        }

        if (batch.LastUsedAt is { } used && (_lastUsedInMemory is null || used > _lastUsedInMemory))
        {
            _lastUsedInMemory = used;
        }

        if (batch.Ips.Length > 0 || batch.UserAgent is not null)
        {
            _usageInMemory = Usage().Merge(batch.Ips, batch.UserAgent is null ? null : TextSafety.ForLog(batch.UserAgent, 256));
        }

        foreach (var denied in batch.Denied)
        {
            CountDenied(denied.Reason, denied.Count, denied.SourceIp, denied.UserAgent);
        }

        EnsureFlushTimer();
        return Task.CompletedTask;
    }

    public async Task<bool> ReportLeakAsync(byte[] secretHash, string? url, string? source)
    {
        var token = state.State;
        if (!token.Exists)
        {
            DeactivateOnIdle();
            return false;
        }

        var matchesCurrent = secretHash is { Length: SecretHashLength } && CryptographicOperations.FixedTimeEquals(token.SecretHash, secretHash);
        if (!matchesCurrent && !MatchesAny(token.PreviousSecretHashes, secretHash))
        {
            return false;
        }

        var revoke = matchesCurrent && token.DeletedAt is null;
        var details = Details(("url", url ?? string.Empty), ("source", source ?? string.Empty), ("revoked", revoke ? "true" : "false"));
        var leak = Event(AuditEventTypes.LeakReported, AuditEvent.System, token.Name, details);
        if (revoke)
        {
            var payload = WebhookPayload(AuditEventTypes.LeakReported, ("url", url), ("source", source));
            await CommitAsync(
                token with { DeletedAt = Now(), LastUsedAt = LastUsedAt(), Usage = Usage() },
                leak,
                new WebhookMessage($"{Id.Value}-leak", AuditEventTypes.LeakReported, payload));
            _allowed = null;
            await StopExpiryReminderAsync();
            await DropFromEveryGateAsync();
            LogLeakRevoked(logger, Id.Value);
        }
        else
        {
            await CommitAsync(token, leak);
        }

        return true;
    }

    public Task<TokenOrigin?> OriginAsync(byte[] secretHash) =>
        Task.FromResult(state.State is { IsLive: true, Origin: { } origin } token
            && secretHash is { Length: SecretHashLength }
            && CryptographicOperations.FixedTimeEquals(token.SecretHash, secretHash)
                ? origin
                : null);

    public async Task CheckExpiryAsync()
    {
        _expiryCheckQueued = false;
        var token = state.State;
        if (!token.IsLive)
        {
            await StopExpiryReminderAsync();
            return;
        }

        var now = Now();
        var due = ExpiryStages.Where(s => now >= token.ExpiresAt - s.Before && !token.ExpiryWarningsSent.Contains(s.Name)).ToArray();
        if (due.Length > 0)
        {
            // Only the most urgent of several due reminders is sent (a 1-day token gets no "7 days left"); all are marked.
            var stage = due[^1];
            var type = stage.Before == TimeSpan.Zero ? "token.expired" : "token.expiry_warning";
            var items = new List<TokenOutboxItem>
            {
                new(null, new WebhookMessage($"{Id.Value}-expiry-{stage.Name}", type, WebhookPayload(type, ("stage", stage.Name)))),
            };
            if (due.Any(s => s.Before == TimeSpan.Zero))
            {
                items.Add(new(Event(AuditEventTypes.Expired, AuditEvent.System, token.Name, Details(("expiresAt", token.ExpiresAt.ToString("O")))), null));
            }

            await CommitAsync(token with { ExpiryWarningsSent = token.ExpiryWarningsSent.AddRange(due.Select(s => s.Name)) }, [.. items]);
        }

        await ScheduleExpiryReminderAsync();
    }

    public async Task FlushPendingAsync()
    {
        if (!state.State.Exists)
        {
            return;
        }

        var next = state.State;
        if (LastUsedIsDirty() || UsageIsDirty())
        {
            next = next with { LastUsedAt = LastUsedAt(), Usage = Usage() };
        }

        var denied = DrainDenied();
        if (!ReferenceEquals(next, state.State) || denied.Length > 0)
        {
            await CommitAsync(next, denied);
        }
        else
        {
            await ForwardOutboxAsync();
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == ExpiryReminder ? CheckExpiryAsync() : Task.CompletedTask;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activatedAt = time.GetTimestamp();

        // Whatever a crash left in the outbox is forwarded now (appending is idempotent by event id).
        if (!state.State.Outbox.IsEmpty)
        {
            await ForwardOutboxAsync();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Best effort: the timer already persisted anything older than a minute. Not while the silo shuts down,
        // when storage may already be going away and the write would only hold the shutdown up.
        if ((LastUsedIsDirty() || UsageIsDirty() || _denied.Count > 0) && reason.ReasonCode is not (DeactivationReasonCode.ApplicationError or DeactivationReasonCode.ShuttingDown))
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

    private const string ExpiryReminder = "expiry";

    private static readonly (string Name, TimeSpan Before)[] ExpiryStages =
        [("7d", TimeSpan.FromDays(7)), ("1d", TimeSpan.FromDays(1)), ("expired", TimeSpan.Zero)];

    private Task FlushLastUsedAsync(CancellationToken cancellationToken) => FlushPendingAsync();

    private bool LastUsedIsDirty() => _lastUsedInMemory is { } used && used != state.State.LastUsedAt;

    private bool UsageIsDirty() => _usageInMemory is { } usage && !usage.SameAs(state.State.Usage);

    private TokenUsage Usage() => _usageInMemory ?? state.State.Usage;

    private void EnsureFlushTimer() =>
        _lastUsedFlush ??= this.RegisterGrainTimer(FlushLastUsedAsync, new GrainTimerCreationOptions(LastUsedFlushPeriod, LastUsedFlushPeriod));

    /// <summary>Refusals are counted in memory per reason and written as one aggregated event per flush (a minute).</summary>
    private void CountDenied(string reason, int count = 1, string? ip = null, string? userAgent = null)
    {
        _denied[reason] = _denied.TryGetValue(reason, out var known)
            ? known with { Count = known.Count + count, SourceIp = ip ?? known.SourceIp, UserAgent = userAgent ?? known.UserAgent }
            : new DeniedCount(reason, count, ip, userAgent);
        EnsureFlushTimer();
    }

    private TokenOutboxItem[] DrainDenied()
    {
        if (_denied.Count == 0)
        {
            return [];
        }

        var now = Now();
        var events = _denied.Values
            .OrderBy(d => d.Reason, StringComparer.Ordinal)
            .Select(d => new TokenOutboxItem(
                new AuditEvent(string.Empty, now, AuditEventTypes.Denied, AuditEvent.System, Id, state.State.Name, state.State.OwnerAccountId!, d.SourceIp, d.UserAgent,
                    Details(("reason", d.Reason), ("count", d.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("period", "PT1M"))),
                null))
            .ToArray();
        _denied.Clear();
        return events;
    }

    private void QueueExpiryCheck()
    {
        if (_expiryCheckQueued || state.State.ExpiryWarningsSent.Contains("expired"))
        {
            return;
        }

        // Runs after this call (the grain is not reentrant): the first refusal of an expired token records token.expired.
        _expiryCheckQueued = true;
        this.AsReference<ITokenGrain>().CheckExpiryAsync().ContinueWith(
            t => LogForwardFailed(logger, t.Exception!, Id.Value), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Current);
    }

    private async Task ScheduleExpiryReminderAsync()
    {
        var token = state.State;
        var next = ExpiryStages.Where(s => !token.ExpiryWarningsSent.Contains(s.Name)).Select(s => token.ExpiresAt - s.Before).Order().FirstOrDefault();
        if (next == default)
        {
            await StopExpiryReminderAsync();
            return;
        }

        var due = next - Now();
        var reminder = reminderOptions.Value;
        due = due < TimeSpan.Zero ? TimeSpan.Zero : due > reminder.LongestDue ? reminder.LongestDue : due;
        try
        {
            await this.RegisterOrUpdateReminder(ExpiryReminder, due, reminder.Period);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The change itself is written; the first refusal of the expired token still records token.expired.
            LogReminderFailed(logger, exception, Id.Value);
        }
    }

    private async Task StopExpiryReminderAsync()
    {
        try
        {
            if (await this.GetReminder(ExpiryReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The tick finds the token gone and unregisters it then.
            LogForwardFailed(logger, exception, Id.Value);
        }
    }

    /// <summary>
    /// Writes the next state with its outbox entries in the same write, then forwards the outbox. On a write failure
    /// the grain keeps the previous state and reloads on next activation; a forward failure leaves the entries in the
    /// outbox for the timer, the next call or the next activation.
    /// </summary>
    private async Task CommitAsync(TokenState next, params TokenOutboxItem[] items)
    {
        if (items.Length > 0)
        {
            var sequence = next.EventSequence;
            var numbered = items.Select(i => i.Event is { } e ? i with { Event = e with { Id = $"{Id.Value}-{++sequence}" } } : i).ToArray();
            next = next with { Outbox = next.Outbox.AddRange(numbered), EventSequence = sequence };
        }

        await state.CommitAsync(next, DeactivateOnIdle);
        _gateEntry = null;
        if (!next.Outbox.IsEmpty)
        {
            await ForwardOutboxAsync();
        }
    }

    private async Task ForwardOutboxAsync()
    {
        var items = state.State.Outbox;
        if (items.IsEmpty)
        {
            return;
        }

        try
        {
            var tenant = state.State.Tenant;
            var events = items.Where(i => i.Event is not null).Select(i => i.Event!).ToArray();
            foreach (var day in events.GroupBy(e => DateOnly.FromDateTime(e.Time.UtcDateTime)))
            {
                await GrainFactory.Reference<IAuditIndexGrain>(AuditGrainKeys.Index(tenant)).AddDayAsync(day.Key);
                await GrainFactory.Reference<IAuditDayGrain>(AuditGrainKeys.Day(tenant, day.Key)).AppendAsync([.. day]);
            }

            foreach (var webhook in items.Where(i => i.Webhook is not null).Select(i => i.Webhook!))
            {
                await GrainFactory.Reference<INotificationsGrain>(NotificationGrainKeys.For(tenant)).EnqueueAsync(webhook);
            }

            await state.CommitAsync(state.State with { Outbox = state.State.Outbox.RemoveRange(0, items.Count) }, DeactivateOnIdle);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogForwardFailed(logger, exception, Id.Value);
            EnsureFlushTimer();
        }
    }

    private AuditEvent Event(string type, string actor, string tokenName, ImmutableSortedDictionary<string, string> details) =>
        new(string.Empty, Now(), type, actor, Id, tokenName, state.State.OwnerAccountId ?? actor, RequestOrigin.SourceIp, RequestOrigin.UserAgent, details);

    private static ImmutableSortedDictionary<string, string> Details(params (string Key, string Value)[] details) =>
        details.ToImmutableSortedDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal);

    private string WebhookPayload(string type, params (string Key, string? Value)[] extra)
    {
        var token = state.State;
        var body = new Dictionary<string, object?>
        {
            ["type"] = type,
            ["tenant"] = token.Tenant.Value,
            ["tokenId"] = Id.Value,
            ["tokenName"] = token.Name,
            ["ownerAccountId"] = token.OwnerAccountId,
            ["expiresAt"] = token.ExpiresAt,
            ["sentAt"] = Now(),
        };
        foreach (var (key, value) in extra)
        {
            body[key] = value;
        }

        return System.Text.Json.JsonSerializer.Serialize(body);
    }

    private bool IsOwnedBy(TokenOwner caller) => state.State.IsLive && state.State.Owner == caller;

    private static GrainResult<T> NotFound<T>() => GrainResult<T>.NotFound("No such token.");

    private DateTimeOffset? LastUsedAt() =>
        _lastUsedInMemory is { } used && (state.State.LastUsedAt is null || used > state.State.LastUsedAt) ? used : state.State.LastUsedAt;

    private TokenInfo ToInfo()
    {
        var token = state.State;
        return new TokenInfo(Id, token.Owner!, token.Name, token.CreatedAt, token.ExpiresAt, LastUsedAt(), token.Access!, token.CreatedByAdmin)
        {
            AllowedIps = token.AllowedIps,
            RateLimit = token.RateLimit,
            Usage = Usage(),
            ExpiryWarningsSent = token.ExpiryWarningsSent,
        };
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Token {TokenId} revoked: its secret was reported as leaked")]
    private static partial void LogLeakRevoked(ILogger logger, string tokenId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Token {TokenId} could not forward its outbox (audit events, webhooks); retried later")]
    private static partial void LogForwardFailed(ILogger logger, Exception exception, string tokenId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Token {TokenId} could not register its expiry reminder")]
    private static partial void LogReminderFailed(ILogger logger, Exception exception, string tokenId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Token {TokenId} could not persist lastUsedAt on deactivation")]
    private static partial void LogLastUsedFlushFailed(ILogger logger, Exception exception, string tokenId);
}
