using Tempo.Grains.Interfaces.Approvals;
using Tempo.Grains.Interfaces.Paging;
using Tempo.Grains.Interfaces.Periods;
using Tempo.Grains.Interfaces.Schemes;
using Tempo.Grains.Interfaces.Teams;
using Tempo.Grains.Interfaces.Worklogs;
using Tempo.Grains.Leasing;

namespace Tempo.Grains.Approvals;

[GenerateSerializer, Immutable, Alias("tempo.TimesheetState")]
public sealed record TimesheetState
{
    [Id(0)] public TimesheetStatus Status { get; init; } = TimesheetStatus.Untouched;

    [Id(1)] public string? ReviewerAccountId { get; init; }

    /// <summary>Every transition, oldest first; only ever appended to.</summary>
    [Id(2)] public ImmutableArray<TimesheetLogEntry> Logs { get; init; } = [];

    /// <summary>
    /// An admission lease was ever granted (written before the first one is answered): a new activation must then
    /// assume silos admit writes under leases of an earlier one it can't name, and a submit waits those out.
    /// </summary>
    [Id(3)] public bool Leased { get; init; }
}

/// <summary>
/// One user's timesheet of one period, and the admission point of the worklog lock for it: writes are admitted here
/// (<see cref="AdmitWriteAsync"/>) or, mostly, by silos holding an admission lease from here
/// (<see cref="TimesheetAdmissions"/>); a submit stops both, withdraws every lease, and waits for every admitted
/// write before it sums the time spent.
/// </summary>
[GrainType("timesheet")]
public sealed class TimesheetGrain(
    [PersistentState("timesheet", StorageNames.Default)] IPersistentState<TimesheetState> state,
    TimeProvider time) : Grain, ITimesheetGrain
{
    /// <summary>How long a submit waits for admitted writes (a writer that died never releases).</summary>
    internal static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long a silo may admit writes under an admission lease, from before it asked.</summary>
    public static readonly TimeSpan AdmissionLeaseLength = TimeSpan.FromSeconds(10);

    private readonly LeaseHolders<ITimesheetAdmissionHolder> _holders = new(time, AdmissionLeaseLength);

    private TenantId _tenant;
    private string _user = string.Empty;
    private DateOnly _periodFrom;
    private int _admitted;
    private bool _submitting;
    private TaskCompletionSource? _drained;

    /// <summary>A transition is under way (it may write the state: the lease flag must not be written meanwhile).</summary>
    private bool _acting;

    /// <summary>The write of the lease flag, when one is under way (a transition waits for it before it reads the state).</summary>
    private Task? _leasedFlagWrite;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenant, _user, _periodFrom) = ApprovalsGrainKeys.ParseTimesheet(this.GetPrimaryKeyString());
        _holders.Activated(state.State.Leased);

        // A crash between committing a transition and publishing it: publishing again is idempotent.
        return state.State.Logs.IsEmpty ? Task.CompletedTask : Publish(state.State.Logs[^1]);
    }

    /// <summary>
    /// A timesheet idle long enough to be collected usually has no lease left in use: it then clears its flag, so its
    /// next activation admits a submit at once instead of waiting out leases (a failed write keeps the flag: safe).
    /// </summary>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _holders.ClearFlagIfEndedAsync(
            state.State.Leased && !_acting && _leasedFlagWrite is null,
            () => state.CommitAsync(state.State with { Leased = false }, () => { }),
            DrainTimeout);

    private bool Admitting => !_submitting && state.State.Status.Key == TimesheetStatusKey.Open;

    public Task<bool> AdmitWriteAsync()
    {
        if (!Admitting)
        {
            return Task.FromResult(false);
        }

        _admitted++;
        return Task.FromResult(true);
    }

    public async Task<TimesheetAdmission> LeaseAdmissionAsync(ITimesheetAdmissionHolder holder)
    {
        if (!Admitting)
        {
            return TimesheetAdmission.Refused;
        }

        if (_leasedFlagWrite is null && !state.State.Leased)
        {
            if (_acting)
            {
                // The flag can't be written while a transition may write the state: admit this one write here.
                _admitted++;
                return TimesheetAdmission.AdmittedOnce;
            }

            _leasedFlagWrite = state.CommitAsync(state.State with { Leased = true }, DeactivateOnIdle);
        }

        // The state shows the flag as soon as its write began: no lease is answered before it is stored.
        if (_leasedFlagWrite is { } flag)
        {
            try
            {
                await flag;
            }
            finally
            {
                if (ReferenceEquals(_leasedFlagWrite, flag))
                {
                    _leasedFlagWrite = null;
                }
            }

            if (!Admitting)
            {
                return TimesheetAdmission.Refused;
            }
        }

        _holders.Record(holder);
        return new TimesheetAdmission(TimesheetAdmissionKind.Leased, AdmissionLeaseLength);
    }

    public Task ReleaseWriteAsync()
    {
        if (_admitted > 0 && --_admitted == 0)
        {
            _drained?.TrySetResult();
        }

        return Task.CompletedTask;
    }

    public Task<ImmutableArray<TimesheetLogEntry>> GetLogsAsync() => Task.FromResult(state.State.Logs);

    public async Task<GrainResult<TimesheetView>> GetAsync(ApprovalPeriod period, TimesheetCaller caller)
    {
        if (period.From != _periodFrom)
        {
            return GrainResult<TimesheetView>.Invalid($"No approval period starts on '{period.From:yyyy-MM-dd}'.");
        }

        var reviewers = await GetReviewersAsync(period);
        return GrainResult<TimesheetView>.Ok(await ViewAsync(period, caller, reviewers));
    }

    public async Task<ImmutableArray<string>> GetReviewersAsync(ApprovalPeriod period)
    {
        var teams = GrainFactory.GetTeamsGrain(_tenant);
        var memberships = await teams.SearchMembershipsAsync(new MembershipSearch([], [_user], []), PageRequest.All);
        var leads = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var teamId in memberships.Items.Where(m => m.Membership.Overlaps(period.From, period.To)).Select(m => m.Membership.TeamId).Distinct())
        {
            if (await teams.GetTeamAsync(teamId) is { Team.LeadAccountId: { } lead } && lead != _user)
            {
                leads.Add(lead);
            }
        }

        return [.. leads];
    }

    public async Task<GrainResult<TimesheetView>> ActAsync(ApprovalPeriod period, TimesheetCommand command)
    {
        _acting = true;
        try
        {
            if (_leasedFlagWrite is { } flag)
            {
                await Task.WhenAny(flag);
            }

            return await TransitAsync(period, command);
        }
        finally
        {
            _acting = false;
        }
    }

    private async Task<GrainResult<TimesheetView>> TransitAsync(ApprovalPeriod period, TimesheetCommand command)
    {
        if (period.From != _periodFrom)
        {
            return GrainResult<TimesheetView>.Invalid($"No approval period starts on '{period.From:yyyy-MM-dd}'.");
        }

        var reviewers = await GetReviewersAsync(period);
        var caller = command.Caller;
        if (!May(command.Action, caller, reviewers))
        {
            return GrainResult<TimesheetView>.Forbidden(WhoMay(command.Action));
        }

        var current = state.State.Status.Key;
        if (Target(command.Action, current) is not { } target)
        {
            return GrainResult<TimesheetView>.Invalid($"The timesheet is {StatusText(current)}: it can't be {Verb(command.Action)}.");
        }

        var now = time.GetUtcNow();
        TimesheetState next;
        if (command.Action == TimesheetAction.Submit)
        {
            if (reviewers.IsEmpty)
            {
                return GrainResult<TimesheetView>.Invalid($"User '{_user}' has no reviewer: a timesheet can only be submitted by a member of a team that has a lead.");
            }

            if (command.ReviewerAccountId is not { } reviewer || !reviewers.Contains(reviewer))
            {
                return GrainResult<TimesheetView>.Invalid($"'reviewerAccountId' must be one of the user's reviewers: {string.Join(", ", reviewers)}.");
            }

            _submitting = true;
            try
            {
                // From here nothing is admitted, here or under a new lease; every write admitted before is waited
                // for: those admitted here, and those each leasing silo admitted (it stops admitting when told and
                // answers when its writes finished; a silo that doesn't answer is waited for until its lease ended
                // plus the drain timeout, as is any silo an earlier activation of this grain gave a lease).
                var key = this.GetPrimaryKeyString();
                await Task.WhenAll(DrainAdmittedWritesAsync(), _holders.DropAllAsync(h => h.WithdrawAsync(key), DrainTimeout));
                var (required, spent) = (await RequiredSecondsAsync(period), await TimeSpentSecondsAsync(period));
                next = Transit(period, new TimesheetStatus(target, command.Comment, caller.AccountId, now, required, spent), reviewer);
                await Waiting(reviewer).AddAsync(new TimesheetRef(_user, _periodFrom));
                await state.CommitAsync(next, DeactivateOnIdle);
            }
            finally
            {
                _submitting = false;
            }
        }
        else
        {
            var previous = state.State.Status;
            var keepsSnapshot = target == TimesheetStatusKey.Approved;
            next = Transit(
                period,
                new TimesheetStatus(target, command.Comment, caller.AccountId, now,
                    keepsSnapshot ? previous.RequiredSecondsAtSubmit : null, keepsSnapshot ? previous.TimeSpentSecondsAtSubmit : null),
                state.State.ReviewerAccountId);
            await state.CommitAsync(next, DeactivateOnIdle);
            if (current == TimesheetStatusKey.InReview && state.State.ReviewerAccountId is { } reviewer)
            {
                await Waiting(reviewer).RemoveAsync(new TimesheetRef(_user, _periodFrom));
            }
        }

        await Publish(next.Logs[^1]);
        return GrainResult<TimesheetView>.Ok(await ViewAsync(period, caller, reviewers));
    }

    private TimesheetState Transit(ApprovalPeriod period, TimesheetStatus status, string? reviewer) => state.State with
    {
        Status = status,
        ReviewerAccountId = reviewer,
        Logs = state.State.Logs.Add(new TimesheetLogEntry(_user, period, state.State.Logs.Length + 1, status, reviewer)),
    };

    private async Task DrainAdmittedWritesAsync()
    {
        if (_admitted == 0)
        {
            return;
        }

        _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await Task.WhenAny(_drained.Task, Task.Delay(DrainTimeout, time));
        _drained = null;
    }

    private Task Publish(TimesheetLogEntry entry) =>
        GrainFactory.GetTimesheetLogGrain(_tenant, DateOnly.FromDateTime(entry.Status.UpdatedAt!.Value.UtcDateTime)).AppendAsync(entry);

    private ITimesheetWaitingGrain Waiting(string reviewer) => GrainFactory.GetTimesheetWaitingGrain(_tenant, reviewer);

    private async Task<TimesheetView> ViewAsync(ApprovalPeriod period, TimesheetCaller caller, ImmutableArray<string> reviewers)
    {
        var current = state.State;
        var actions = Enum.GetValues<TimesheetAction>()
            .Where(a => Target(a, current.Status.Key) is not null && May(a, caller, reviewers))
            .ToImmutableArray();
        return new TimesheetView(_user, period, current.Status, current.ReviewerAccountId,
            await RequiredSecondsAsync(period), await TimeSpentSecondsAsync(period), actions);
    }

    private async Task<long> RequiredSecondsAsync(ApprovalPeriod period)
    {
        var schedule = await GrainFactory.Reference<IUserScheduleGrain>(SchemesGrainKeys.User(_tenant, _user)).GetScheduleAsync(period.From, period.To);
        return schedule.IsOk ? schedule.Value!.Sum(d => d.RequiredSeconds) : 0;
    }

    private async Task<long> TimeSpentSecondsAsync(ApprovalPeriod period)
    {
        var worklogs = GrainFactory.GetWorklogsGrain(_tenant);
        long total = 0;
        var offset = 0;
        while (true)
        {
            var query = WorklogQuery.All(new PageRequest(offset, PageRequest.MaxLimit)) with { From = period.From, To = period.To, AuthorIds = [_user] };
            var page = await worklogs.QueryAsync(query);
            if (!page.IsOk)
            {
                return total;
            }

            total += page.Value!.Items.Sum(w => w.TimeSpentSeconds);
            if (!page.Value.HasMore)
            {
                return total;
            }

            offset += PageRequest.MaxLimit;
        }
    }

    private bool May(TimesheetAction action, TimesheetCaller caller, ImmutableArray<string> reviewers)
    {
        var self = caller.AccountId == _user;
        var reviewer = !self && (caller.CreatedByAdmin || reviewers.Contains(caller.AccountId));
        return action is TimesheetAction.Submit or TimesheetAction.Recall ? self || reviewer : reviewer;
    }

    private static TimesheetStatusKey? Target(TimesheetAction action, TimesheetStatusKey current) => (action, current) switch
    {
        (TimesheetAction.Submit, TimesheetStatusKey.Open) => TimesheetStatusKey.InReview,
        (TimesheetAction.Approve, TimesheetStatusKey.InReview) => TimesheetStatusKey.Approved,
        (TimesheetAction.Reject or TimesheetAction.Recall, TimesheetStatusKey.InReview) => TimesheetStatusKey.Open,
        (TimesheetAction.Reopen, TimesheetStatusKey.Approved) => TimesheetStatusKey.Open,
        _ => null,
    };

    public static string StatusText(TimesheetStatusKey key) => key switch
    {
        TimesheetStatusKey.InReview => "IN_REVIEW",
        TimesheetStatusKey.Approved => "APPROVED",
        _ => "OPEN",
    };

    private static string Verb(TimesheetAction action) => action switch
    {
        TimesheetAction.Submit => "submitted",
        TimesheetAction.Approve => "approved",
        TimesheetAction.Reject => "rejected",
        TimesheetAction.Reopen => "reopened",
        _ => "recalled",
    };

    private static string WhoMay(TimesheetAction action) => action is TimesheetAction.Submit or TimesheetAction.Recall
        ? $"Only the user or one of their reviewers (a lead of one of their teams, or a token created by a tenant administrator) may {action.ToString().ToLowerInvariant()} this timesheet."
        : $"Only a reviewer of the user (a lead of one of their teams, or a token created by a tenant administrator), never the user themselves, may {action.ToString().ToLowerInvariant()} this timesheet.";
}
