using Orleans.Concurrency;

using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Grains.Interfaces.Audit;

/// <summary>
/// One entry of a tenant's token audit trail. Never carries a secret or its hash. <see cref="Id"/> is unique and makes
/// appending idempotent (an outbox may forward the same event twice). <see cref="Actor"/> is an account id or "system".
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.AuditEvent")]
public sealed record AuditEvent(
    [property: Id(0)] string Id,
    [property: Id(1)] DateTimeOffset Time,
    [property: Id(2)] string Type,
    [property: Id(3)] string Actor,
    [property: Id(4)] TokenId TokenId,
    [property: Id(5)] string TokenName,
    [property: Id(6)] string OwnerAccountId,
    [property: Id(7)] string? SourceIp,
    [property: Id(8)] string? UserAgent,
    [property: Id(9)] ImmutableSortedDictionary<string, string> Details)
{
    public const string System = "system";
}

/// <summary>The event types of the audit trail.</summary>
public static class AuditEventTypes
{
    public const string Created = "token.created";
    public const string Renamed = "token.renamed";
    public const string Regenerated = "token.regenerated";
    public const string Deleted = "token.deleted";
    public const string Expired = "token.expired";
    public const string Denied = "token.denied";
    public const string LeakReported = "token.leak_reported";

    /// <summary>Written once per day grain when its cap was reached: how many events were counted but not kept.</summary>
    public const string Overflow = "audit.overflow";
}

/// <summary>One day's events as stored, oldest first, with each event's position (the cursor's anchor).</summary>
[GenerateSerializer, Immutable, Alias("tempo.AuditDay")]
public sealed record AuditDay([property: Id(0)] ImmutableArray<AuditEvent> Events, [property: Id(1)] int Overflowed);

/// <summary>
/// One tenant's audit events of one UTC day, keyed by <see cref="AuditGrainKeys.Day"/>: append-only, bounded by
/// <see cref="AuditGrainKeys.MaxEventsPerDay"/> (then only counted), idempotent by event id.
/// </summary>
[Alias("tempo.IAuditDayGrain")]
public interface IAuditDayGrain : IGrainWithStringKey
{
    [Alias("Append")]
    Task AppendAsync(ImmutableArray<AuditEvent> events);

    [Alias("Read"), ReadOnly]
    Task<AuditDay> ReadAsync();
}

/// <summary>The days of one tenant that have audit events, keyed by <see cref="AuditGrainKeys.Index"/>.</summary>
[Alias("tempo.IAuditIndexGrain")]
public interface IAuditIndexGrain : IGrainWithStringKey
{
    [Alias("AddDay")]
    Task AddDayAsync(DateOnly day);

    [Alias("Days"), ReadOnly]
    Task<ImmutableArray<DateOnly>> DaysAsync();
}

public static class AuditGrainKeys
{
    public const string DayKind = "audit";
    public const string IndexKind = "auditdays";
    public const int MaxEventsPerDay = 5000;

    public static string Day(TenantId tenant, DateOnly day) => tenant.Key(DayKind, day.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture));

    public static string Index(TenantId tenant) => tenant.Key(IndexKind);
}
