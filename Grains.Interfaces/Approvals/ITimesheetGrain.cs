using System.Globalization;
using Orleans.Concurrency;
using Tempo.Grains.Interfaces.Periods;

namespace Tempo.Grains.Interfaces.Approvals;

/// <summary>
/// One user's timesheet of one approval period (key <see cref="ApprovalsGrainKeys.Timesheet"/>): its status, its
/// reviewer, and every transition it went through (append-only, published to the tenant's monthly logs). It is
/// also the serialization point of the worklog lock: a worklog write of the user into the period is admitted here
/// (answered from memory) and released when done; a submit first stops admitting, waits for the admitted writes
/// to finish, and only then sums the time spent, so a write is either refused or counted in the snapshot.
/// </summary>
[Alias("tempo.ITimesheetGrain")]
public interface ITimesheetGrain : IGrainWithStringKey
{
    /// <summary>The timesheet as <paramref name="caller"/> sees it; Invalid when the period does not start on the key's day.</summary>
    [AlwaysInterleave, Alias("Get")] Task<GrainResult<TimesheetView>> GetAsync(ApprovalPeriod period, TimesheetCaller caller);

    /// <summary>The leads of the teams the user is an active member of during the period (never the user), ordinal order.</summary>
    [AlwaysInterleave, Alias("Reviewers")] Task<ImmutableArray<string>> GetReviewersAsync(ApprovalPeriod period);

    /// <summary>Takes a transition: 403 (Forbidden) for a caller who may not, 400 (Invalid) for a status that does not allow it.</summary>
    /// <remarks>
    /// A submit may wait for a silo that holds an admission lease and does not answer until its lease end plus the
    /// drain timeout (about 41 s): longer than the cluster's response timeout, hence its own.
    /// </remarks>
    [ResponseTimeout("00:01:30"), Alias("Act")] Task<GrainResult<TimesheetView>> ActAsync(ApprovalPeriod period, TimesheetCommand command);

    /// <summary>
    /// Admits one worklog write into the period: false (refused) while the timesheet is in review, approved, or
    /// being submitted. An admitted write must be released with <see cref="ReleaseWriteAsync"/> when it is done.
    /// </summary>
    [AlwaysInterleave, Alias("AdmitWrite")] Task<bool> AdmitWriteAsync();

    [AlwaysInterleave, OneWay, Alias("ReleaseWrite")] Task ReleaseWriteAsync();

    /// <summary>
    /// An admission lease for a silo (<paramref name="holder"/>): while the timesheet is open and not being submitted,
    /// the silo may admit writes itself for <see cref="TimesheetAdmission.LeaseLength"/> from before it asked,
    /// counting them in flight locally; a submit first withdraws every lease and waits until each holder's writes
    /// finished (or its lease ended plus the drain timeout). Refused when the timesheet does not admit writes.
    /// When the lease can't be recorded just now, the write is admitted here instead, as by <see cref="AdmitWriteAsync"/>.
    /// </summary>
    [AlwaysInterleave, Alias("LeaseAdmission")] Task<TimesheetAdmission> LeaseAdmissionAsync(ITimesheetAdmissionHolder holder);

    /// <summary>The timesheet's own transitions, oldest first.</summary>
    [AlwaysInterleave, Alias("Logs")] Task<ImmutableArray<TimesheetLogEntry>> GetLogsAsync();
}

/// <summary>The answer to a lease request: refused, leased (for how long), or one write admitted by the grain.</summary>
[GenerateSerializer, Immutable, Alias("tempo.TimesheetAdmission")]
public sealed record TimesheetAdmission([property: Id(0)] TimesheetAdmissionKind Kind, [property: Id(1)] TimeSpan LeaseLength)
{
    public static TimesheetAdmission Refused { get; } = new(TimesheetAdmissionKind.Refused, TimeSpan.Zero);

    public static TimesheetAdmission AdmittedOnce { get; } = new(TimesheetAdmissionKind.AdmittedOnce, TimeSpan.Zero);
}

[GenerateSerializer, Alias("tempo.TimesheetAdmissionKind")]
public enum TimesheetAdmissionKind : byte
{
    /// <summary>The timesheet is in review, approved, or being submitted.</summary>
    Refused = 0,

    /// <summary>The silo may admit writes itself until the lease ends or is withdrawn.</summary>
    Leased = 1,

    /// <summary>No lease, but the write that asked is admitted by the grain: release it with <c>ReleaseWriteAsync</c>.</summary>
    AdmittedOnce = 2,
}

/// <summary>A silo's admissions into timesheets, as a timesheet grain reaches it.</summary>
[Alias("tempo.ITimesheetAdmissionHolder")]
public interface ITimesheetAdmissionHolder : IGrainObserver
{
    /// <summary>
    /// Stops admitting writes into the timesheet of this key at once, and answers when the writes this silo admitted
    /// into it have finished (or after the drain timeout).
    /// </summary>
    /// <remarks>Its own response timeout: the answer may take the whole drain timeout (30 s).</remarks>
    [ResponseTimeout("00:00:45"), Alias("Withdraw")] Task WithdrawAsync(string timesheetKey);
}

/// <summary>The timesheets waiting in review for one reviewer (key <see cref="ApprovalsGrainKeys.Waiting"/>); may hold stale refs, which readers check.</summary>
[Alias("tempo.ITimesheetWaitingGrain")]
public interface ITimesheetWaitingGrain : IGrainWithStringKey
{
    [Alias("Add")] Task AddAsync(TimesheetRef timesheet);

    [Alias("Remove")] Task RemoveAsync(TimesheetRef timesheet);

    [ReadOnly, Alias("List")] Task<ImmutableArray<TimesheetRef>> ListAsync();
}

/// <summary>
/// The transitions of a tenant's timesheets made in one calendar month (UTC) (key <see cref="ApprovalsGrainKeys.Log"/>),
/// in the order they were appended. Appends are idempotent per (user, period, sequence); nothing is ever removed.
/// </summary>
[Alias("tempo.ITimesheetLogGrain")]
public interface ITimesheetLogGrain : IGrainWithStringKey
{
    [Alias("Append")] Task AppendAsync(TimesheetLogEntry entry);

    /// <summary>Up to <paramref name="limit"/> entries matching <paramref name="filter"/>, scanning from <paramref name="fromIndex"/>.</summary>
    [ReadOnly, Alias("Read")] Task<TimesheetLogSlice> ReadAsync(int fromIndex, int limit, TimesheetLogFilter filter);
}

public static class ApprovalsGrainKeys
{
    public const string TimesheetKind = "timesheet";
    public const string WaitingKind = "tswaiting";
    public const string LogKind = "tslog";

    /// <summary><c>timesheet_&lt;tenant&gt;_&lt;yyyy-MM-dd&gt;_&lt;accountId&gt;</c>: the period start first, so the account id may hold '_'.</summary>
    public static string Timesheet(TenantId tenant, string accountId, DateOnly periodFrom) =>
        tenant.Key(TimesheetKind, periodFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "_" + accountId);

    public static (TenantId Tenant, string AccountId, DateOnly PeriodFrom) ParseTimesheet(string key)
    {
        var (tenant, rest) = TenantId.FromKey(key, TimesheetKind);
        return (tenant, rest[11..], DateOnly.ParseExact(rest[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    public static string Waiting(TenantId tenant, string reviewerAccountId) => tenant.Key(WaitingKind, reviewerAccountId);

    /// <summary><c>tslog_&lt;tenant&gt;_m&lt;yyyy-MM&gt;</c>.</summary>
    public static string Log(TenantId tenant, DateOnly month) => tenant.Key(LogKind, "m" + month.ToString("yyyy-MM", CultureInfo.InvariantCulture));

    public static ITimesheetGrain GetTimesheetGrain(this IGrainFactory grains, TenantId tenant, string accountId, DateOnly periodFrom) =>
        grains.Reference<ITimesheetGrain>(Timesheet(tenant, accountId, periodFrom));

    public static ITimesheetWaitingGrain GetTimesheetWaitingGrain(this IGrainFactory grains, TenantId tenant, string reviewerAccountId) =>
        grains.Reference<ITimesheetWaitingGrain>(Waiting(tenant, reviewerAccountId));

    public static ITimesheetLogGrain GetTimesheetLogGrain(this IGrainFactory grains, TenantId tenant, DateOnly month) =>
        grains.Reference<ITimesheetLogGrain>(Log(tenant, new DateOnly(month.Year, month.Month, 1)));
}
