using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Tempo.Grains.Interfaces.Notifications;

namespace Tempo.Grains.Notifications;

[GenerateSerializer, Immutable, Alias("tempo.PendingWebhook")]
public sealed record PendingWebhook([property: Id(0)] WebhookMessage Message, [property: Id(1)] int Attempts, [property: Id(2)] DateTimeOffset NextAttemptAt);

[GenerateSerializer, Immutable, Alias("tempo.NotificationsState")]
public sealed record NotificationsState
{
    [Id(0)] public string? Url { get; init; }

    [Id(1)] public string? Secret { get; init; }

    [Id(2)] public ImmutableList<PendingWebhook> Pending { get; init; } = [];

    /// <summary>The ids of the last delivered (or abandoned) messages: a message is delivered once.</summary>
    [Id(3)] public ImmutableList<string> Done { get; init; } = [];
}

/// <summary>
/// A tenant's webhook: settings and a durable queue. Each message is POSTed as JSON with
/// <c>Tempo-Signature: sha256=&lt;hex HMAC-SHA256 of the body under the secret&gt;</c>, <c>Tempo-Webhook-Id</c> and
/// <c>Tempo-Webhook-Type</c>; a 2xx answer marks it delivered (in state, before anything else), anything else retries
/// after 1, 2, 4 ... minutes (at most an hour), up to <see cref="MaxAttempts"/>. An Orleans reminder drives retries,
/// so they survive a restart.
/// </summary>
[GrainType("notifications")]
public sealed partial class NotificationsGrain(
    [PersistentState("tenantNotifications", StorageNames.Default)] IPersistentState<NotificationsState> state,
    TimeProvider time,
    ILogger<NotificationsGrain> logger) : Grain, INotificationsGrain, IRemindable
{
    public const int MaxAttempts = 12;
    public const string SignatureHeader = "Tempo-Signature";
    private const int RememberedDone = 2000;
    private const string DeliverReminder = "deliver";

    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), AllowAutoRedirect = false })
    {
        Timeout = TimeSpan.FromSeconds(10),
    };

    public Task<NotificationSettings> GetAsync() => Task.FromResult(Settings());

    public async Task<GrainResult<NotificationSettings>> SetAsync(string? url, string? secret)
    {
        if (url is null || url.Length > 2000 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return GrainResult<NotificationSettings>.Invalid("'url' must be an absolute http or https URL.");
        }

        if (secret is null || secret.Length is < 16 or > 256 || !TextSafety.IsSafeName(secret))
        {
            return GrainResult<NotificationSettings>.Invalid("'secret' must be 16 to 256 printable characters.");
        }

        await state.CommitAsync(state.State with { Url = uri.ToString(), Secret = secret }, DeactivateOnIdle);
        return GrainResult<NotificationSettings>.Ok(Settings());
    }

    public async Task EnqueueAsync(WebhookMessage message)
    {
        var current = state.State;
        if (current.Done.Contains(message.Id) || current.Pending.Any(p => p.Message.Id == message.Id))
        {
            return;
        }

        await state.CommitAsync(current with { Pending = current.Pending.Add(new PendingWebhook(message, 0, time.GetUtcNow())) }, DeactivateOnIdle);
        await this.RegisterOrUpdateReminder(DeliverReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

        // First attempt right after this call returns, so the caller (a token's outbox) is not held by a slow receiver.
        this.AsReference<INotificationsGrain>().DeliverDueAsync().Ignore();
    }

    public async Task<int> DeliverDueAsync()
    {
        var delivered = 0;
        foreach (var pending in state.State.Pending.Where(p => p.NextAttemptAt <= time.GetUtcNow()).ToArray())
        {
            var ok = state.State.Url is not null && await TrySendAsync(pending.Message);
            var current = state.State;
            var rest = current.Pending.RemoveAll(p => p.Message.Id == pending.Message.Id);
            if (ok || pending.Attempts + 1 >= MaxAttempts)
            {
                if (!ok)
                {
                    LogAbandoned(logger, pending.Message.Id, MaxAttempts);
                }

                var done = current.Done.Add(pending.Message.Id);
                await state.CommitAsync(current with { Pending = rest, Done = done.Count > RememberedDone ? done.RemoveRange(0, done.Count - RememberedDone) : done }, DeactivateOnIdle);
                delivered += ok ? 1 : 0;
            }
            else
            {
                var backoff = TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, pending.Attempts)));
                await state.CommitAsync(current with { Pending = rest.Add(pending with { Attempts = pending.Attempts + 1, NextAttemptAt = time.GetUtcNow() + backoff }) }, DeactivateOnIdle);
            }
        }

        if (state.State.Pending.IsEmpty && await this.GetReminder(DeliverReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        return delivered;
    }

    public Task<int> PendingAsync() => Task.FromResult(state.State.Pending.Count);

    public Task ReceiveReminder(string reminderName, TickStatus status) => reminderName == DeliverReminder ? DeliverDueAsync() : Task.CompletedTask;

    /// <summary>The signature a receiver checks: hex HMAC-SHA256 of the exact body bytes under the tenant's secret.</summary>
    public static string Sign(string secret, byte[] body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private async Task<bool> TrySendAsync(WebhookMessage message)
    {
        var body = Encoding.UTF8.GetBytes(message.JsonPayload);
        using var request = new HttpRequestMessage(HttpMethod.Post, state.State.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(SignatureHeader, Sign(state.State.Secret!, body));
        request.Headers.Add("Tempo-Webhook-Id", message.Id);
        request.Headers.Add("Tempo-Webhook-Type", message.Type);
        try
        {
            using var response = await Http.SendAsync(request);
            return response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            LogAttemptFailed(logger, message.Id, exception.GetType().Name);
            return false;
        }
    }

    private NotificationSettings Settings() => new(state.State.Url, state.State.Secret is not null);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {MessageId} abandoned after {Attempts} attempts")]
    private static partial void LogAbandoned(ILogger logger, string messageId, int attempts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {MessageId} attempt failed: {Error}")]
    private static partial void LogAttemptFailed(ILogger logger, string messageId, string error);
}
