using Orleans.Concurrency;

namespace Tempo.Grains.Interfaces.Notifications;

/// <summary>A tenant's webhook settings as shown: the URL and whether a signing secret is set (never the secret).</summary>
[GenerateSerializer, Immutable, Alias("tempo.NotificationSettings")]
public sealed record NotificationSettings([property: Id(0)] string? Url, [property: Id(1)] bool HasSecret);

/// <summary>One webhook to deliver. <see cref="Id"/> makes enqueueing idempotent and delivery once-only.</summary>
[GenerateSerializer, Immutable, Alias("tempo.WebhookMessage")]
public sealed record WebhookMessage([property: Id(0)] string Id, [property: Id(1)] string Type, [property: Id(2)] string JsonPayload);

/// <summary>
/// One tenant's notification webhook, keyed by <see cref="NotificationGrainKeys.For"/>: its settings and a durable
/// queue of messages, delivered with an HMAC-SHA256 signature and retried with backoff, driven by an Orleans reminder.
/// </summary>
[Alias("tempo.INotificationsGrain")]
public interface INotificationsGrain : IGrainWithStringKey
{
    [Alias("Get"), ReadOnly]
    Task<NotificationSettings> GetAsync();

    /// <summary>Sets the URL (absolute http or https) and signing secret (at least 16 characters).</summary>
    [Alias("Set")]
    Task<GrainResult<NotificationSettings>> SetAsync(string? url, string? secret);

    /// <summary>Queues a message (ignored when its id was queued or delivered before) and tries to deliver it.</summary>
    [Alias("Enqueue")]
    Task EnqueueAsync(WebhookMessage message);

    /// <summary>Delivers every queued message whose next attempt is due; the reminder calls this. Returns how many were delivered.</summary>
    [Alias("DeliverDue")]
    Task<int> DeliverDueAsync();

    /// <summary>How many messages wait for delivery.</summary>
    [Alias("Pending"), ReadOnly]
    Task<int> PendingAsync();
}

public static class NotificationGrainKeys
{
    public const string Kind = "notifications";

    public static string For(TenantId tenant) => tenant.Key(Kind);
}
