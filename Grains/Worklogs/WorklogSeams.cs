using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tempo.Grains.Interfaces.Worklogs;

namespace Tempo.Grains.Worklogs;

/// <summary>
/// The one place that answers whether a worklog write falls into a closed period (a closed approval period, or a
/// timesheet submitted or approved for its author): Timesheet Approvals implements it
/// (<see cref="Approvals.ApprovalsPeriodClosureCheck"/>). Writes that set <c>bypassPeriodClosuresAndApprovals</c>
/// don't ask.
/// </summary>
public interface IPeriodClosureCheck
{
    ValueTask<bool> IsClosedAsync(TenantId tenant, string authorAccountId, DateOnly day);

    /// <summary>
    /// Admits a write touching these (author, day) pairs, or refuses it when any falls into a closed period. Pairs may
    /// repeat. The write disposes the admission when it is done (written or failed), so that a submit waiting for
    /// in-flight writes can count them. The default asks <see cref="IsClosedAsync"/> for each pair and holds nothing.
    /// </summary>
    async ValueTask<PeriodAdmission> AdmitAsync(TenantId tenant, IReadOnlyCollection<(string Author, DateOnly Day)> writes)
    {
        foreach (var (author, day) in writes)
        {
            if (await IsClosedAsync(tenant, author, day))
            {
                return PeriodAdmission.Refused;
            }
        }

        return PeriodAdmission.Open;
    }
}

/// <summary>A write's admission into its periods: refused (<see cref="Closed"/>), or held until disposed.</summary>
public sealed class PeriodAdmission(bool closed, Func<ValueTask>? release) : IAsyncDisposable
{
    private Func<ValueTask>? _release = release;

    public static PeriodAdmission Open { get; } = new(false, null);

    public static PeriodAdmission Refused { get; } = new(true, null);

    public bool Closed => closed;

    public ValueTask DisposeAsync() => Interlocked.Exchange(ref _release, null)?.Invoke() ?? ValueTask.CompletedTask;
}

public sealed class AllPeriodsOpen : IPeriodClosureCheck
{
    public ValueTask<bool> IsClosedAsync(TenantId tenant, string authorAccountId, DateOnly day) => ValueTask.FromResult(false);
}

/// <summary>
/// The Jira project of a Jira issue. There is no Jira here: until a Jira connector implements this, the mapping
/// comes from configuration (<c>Jira:IssueProjects:&lt;issueId&gt; = &lt;projectId&gt;</c>); an issue it doesn't know
/// has no project, and its worklogs appear in no project list.
/// </summary>
public interface IJiraIssueProjects
{
    ValueTask<long?> ProjectOfAsync(long issueId);
}

public sealed class ConfiguredIssueProjects(IConfiguration? configuration) : IJiraIssueProjects
{
    public ValueTask<long?> ProjectOfAsync(long issueId) =>
        ValueTask.FromResult(long.TryParse(configuration?[$"Jira:IssueProjects:{issueId}"], out var project) ? project : (long?)null);
}

/// <summary>The steps of a worklog write, in order, between which a test can inject a crash or hold a barrier.</summary>
public enum WorklogWriteStep
{
    /// <summary>A bulk create holds its issue's lock and is about to write.</summary>
    BulkLocked,

    /// <summary>Catalogs know the buckets the new versions go into.</summary>
    CatalogsEnsured,

    /// <summary>The directory knows where new worklogs will live (creates).</summary>
    DirectoryRegistered,

    /// <summary>Index refs of the new versions are staged; nothing is committed yet.</summary>
    IndexesStaged,

    /// <summary>A moving worklog is Incoming at its new owner and Outgoing at its old one; not committed yet.</summary>
    MoveStaged,

    /// <summary>The write is committed (the owner holds the new version, or the directory points at the new owner).</summary>
    Committed,

    /// <summary>Owner rows of a move are settled; stale index refs are not yet removed.</summary>
    OwnersSettled,
}

/// <summary>
/// A test-only seam: called between the steps of every worklog write. The default does nothing; a test registers
/// one that throws (a crash between two steps) or waits on a barrier.
/// </summary>
public interface IWorklogWriteFaults
{
    ValueTask OnStepAsync(WorklogWriteStep step, ImmutableArray<Worklog> worklogs);
}

public sealed class NoWorklogWriteFaults : IWorklogWriteFaults
{
    public ValueTask OnStepAsync(WorklogWriteStep step, ImmutableArray<Worklog> worklogs) => ValueTask.CompletedTask;
}

/// <summary>The seams and settings worklog grains use, injected into them by the silo's container.</summary>
public sealed class WorklogSeams(
    IPeriodClosureCheck periods,
    IJiraIssueProjects issueProjects,
    IWorklogWriteFaults faults,
    TimeProvider time,
    IConfiguration? configuration = null)
{
    /// <summary>Configuration key of the IANA time zone that start dates and times are in (UTC when absent).</summary>
    public const string TimeZoneSetting = "Worklogs:TimeZone";

    public IPeriodClosureCheck Periods => periods;

    public IJiraIssueProjects IssueProjects => issueProjects;

    public TimeProvider Time => time;

    public TimeZoneInfo TimeZone { get; } = configuration?[TimeZoneSetting] is { Length: > 0 } id ? Zone(id) : TimeZoneInfo.Utc;

    private static TimeZoneInfo Zone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            throw new InvalidOperationException($"'{TimeZoneSetting}' is '{id}', which is not a time zone this machine knows (use an IANA id such as Europe/Oslo).");
        }
    }

    /// <summary>The instant a start date and time in the configured zone stand for (a time in a DST gap moves forward).</summary>
    public DateTimeOffset StartInstant(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        while (TimeZone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, TimeZone), TimeSpan.Zero);
    }

    public Task StepAsync(WorklogWriteStep step, ImmutableArray<Worklog> worklogs) => faults.OnStepAsync(step, worklogs).AsTask();

    public Task StepAsync(WorklogWriteStep step, Worklog worklog) => StepAsync(step, [worklog]);

    /// <summary>
    /// Admits a write of these (author, day) pairs into their periods (no check when bypassed); dispose it when the
    /// write is done. Pairs may repeat (a bulk's worklogs of one author and day, an update within its day): the check
    /// admits each timesheet once (<see cref="Approvals.ApprovalsPeriodClosureCheck"/>), so they are not made distinct
    /// here (the set and lists that did were 2.4 % of a bulk create's allocations, bench/README.md "Session 12").
    /// </summary>
    public async ValueTask<PeriodAdmission> AdmitAsync(TenantId tenant, bool bypass, IReadOnlyCollection<(string Author, DateOnly Day)> writes) =>
        bypass ? PeriodAdmission.Open : await Periods.AdmitAsync(tenant, writes);
}

public static class WorklogServiceCollectionExtensions
{
    /// <summary>
    /// Registers the worklog seams with their defaults, for every silo (the silo host calls this). Registered with
    /// TryAdd, so a host or test may put its own first.
    /// </summary>
    public static IServiceCollection AddWorklogSeams(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WorklogSeams>();
        services.TryAddSingleton<IPeriodClosureCheck, Approvals.ApprovalsPeriodClosureCheck>();
        services.TryAddSingleton<IJiraIssueProjects>(sp => new ConfiguredIssueProjects(sp.GetService<IConfiguration>()));
        services.TryAddSingleton<IWorklogWriteFaults, NoWorklogWriteFaults>();
        services.TryAddSingleton<WorkAttributesCache>();
        services.TryAddSingleton<Periods.PeriodsCache>();
        services.TryAddSingleton<Approvals.TimesheetAdmissions>();
        return services;
    }
}
