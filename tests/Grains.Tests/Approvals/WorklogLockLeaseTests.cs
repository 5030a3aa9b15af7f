using Microsoft.Extensions.DependencyInjection;
using Tempo.Grains.Approvals;
using Tempo.Grains.Interfaces.Approvals;
using Tempo.Grains.Interfaces.Periods;
using Tempo.Grains.Interfaces.Teams;
using Tempo.Grains.Interfaces.Worklogs;
using Tempo.Grains.Periods;
using Tempo.Grains.Tests.Worklogs;
using Tempo.Grains.Worklogs;

namespace Tempo.Grains.Tests.Approvals;

/// <summary>
/// The worklog lock without grain calls on the hot path: each silo reads a leased copy of the periods and admits
/// writes into a timesheet under an admission lease, counting them in flight itself. A submit withdraws every lease
/// and waits for every write a silo admitted (or its lease end plus the drain timeout) before it sums; a close
/// answers only once every silo dropped its copy. Two silos, fake time.
/// </summary>
public sealed class WorklogLockLeaseTests(WorklogsClusterFixture fixture) : IClassFixture<WorklogsClusterFixture>
{
    private static readonly DateOnly June = new(2026, 6, 1);
    private static readonly ApprovalPeriod JunePeriod = new(June, new DateOnly(2026, 6, 30));
    private static readonly DateOnly InJune = new(2026, 6, 10);

    private readonly TenantId _tenant = new("wll-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly string _user = "557058:" + Guid.NewGuid().ToString("N");
    private readonly string _lead = "557058:" + Guid.NewGuid().ToString("N");

    private IPeriodClosureCheck Check(int silo) => fixture.Cluster.Silos[silo].ServiceProvider.GetRequiredService<IPeriodClosureCheck>();

    private TimesheetAdmissions Admissions(int silo) => fixture.Cluster.Silos[silo].ServiceProvider.GetRequiredService<TimesheetAdmissions>();

    private PeriodsCache Periods(int silo) => fixture.Cluster.Silos[silo].ServiceProvider.GetRequiredService<PeriodsCache>();

    private ITimesheetGrain Timesheet => fixture.Grains.GetTimesheetGrain(_tenant, _user, June);

    private ValueTask<PeriodAdmission> AdmitAsync(int silo) => Check(silo).AdmitAsync(_tenant, [(_user, InJune)]);

    private Task<GrainResult<TimesheetView>> SubmitAsync() =>
        Timesheet.ActAsync(JunePeriod, new TimesheetCommand(TimesheetAction.Submit, new TimesheetCaller(_user, false), null, _lead));

    /// <summary>The user is a member of a team the lead leads, so the user's timesheet can be submitted.</summary>
    private async Task TeamAsync()
    {
        var teams = fixture.Grains.GetTeamsGrain(_tenant);
        var team = (await teams.CreateTeamAsync(new TeamInput("Lease", null, _lead, false, true, null))).Value!.Team.Id;
        Assert.Equal(ResultStatus.Ok, (await teams.CreateMembershipAsync(new MembershipInput(team, _user, new MembershipTerms(null, 100, new DateOnly(2025, 1, 1), null)))).Status);
    }

    private async Task AssertEverySiloAsync(bool closed, string when)
    {
        for (var silo = 0; silo < fixture.Cluster.Silos.Count; silo++)
        {
            await using var admission = await AdmitAsync(silo);
            Assert.True(admission.Closed == closed, $"{when}: silo {silo} {(admission.Closed ? "refused" : "admitted")} a write");
        }
    }

    /// <summary>Moves fake time past <paramref name="until"/>, checking the task has not answered a second before it.</summary>
    private async Task AssertHeldUntilAsync(Task task, TimeSpan until, string what)
    {
        fixture.Time.Advance(until - TimeSpan.FromSeconds(1));
        await Timesheet.GetLogsAsync();
        Assert.False(task.IsCompleted, $"{what} answered before {until} had passed");
        fixture.Time.Advance(TimeSpan.FromSeconds(2));
        await task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_write_admitted_under_a_lease_on_one_silo_holds_a_submit_and_is_counted_and_no_silo_admits_after_it()
    {
        await TeamAsync();
        await AssertEverySiloAsync(false, "before the submit");
        var held = await AdmitAsync(1);
        Assert.False(held.Closed);
        Assert.True(Admissions(0).Holds(_tenant, _user, June) && Admissions(1).Holds(_tenant, _user, June), "each silo holds an admission lease");

        var signal = new Holder(answers: true);
        Assert.Equal(TimesheetAdmissionKind.Leased, (await Timesheet.LeaseAdmissionAsync(fixture.Grains.CreateObjectReference<ITimesheetAdmissionHolder>(signal))).Kind);
        var submit = SubmitAsync();
        await HolderCalls.AssertAskedBeforeAnsweredAsync(signal.Asked.Task, submit, "the submit");

        // The write silo 1 admitted lands while the submit waits for it.
        var written = await fixture.Grains.GetWorklogsGrain(_tenant).CreateAsync(
            new WorklogDraft(_user, 4200, InJune, new TimeOnly(9, 0), 3600, null, "held", []), true);
        Assert.Equal(ResultStatus.Ok, written.Status);
        Assert.False(submit.IsCompleted, "the submit answered while silo 1 had an admitted write in flight");

        await held.DisposeAsync();
        var submitted = await submit.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(ResultStatus.Ok, submitted.Status);
        Assert.Equal(3600, submitted.Value!.Status.TimeSpentSecondsAtSubmit);
        Assert.False(Admissions(0).Holds(_tenant, _user, June) || Admissions(1).Holds(_tenant, _user, June), "a silo still holds an admission lease after the submit");
        await AssertEverySiloAsync(true, "after the submit answered");
    }

    [Fact]
    public async Task A_submit_waits_for_a_silent_holder_until_its_lease_and_the_drain_timeout_ended()
    {
        await TeamAsync();
        var silent = new Holder(answers: false);
        Assert.Equal(TimesheetAdmissionKind.Leased, (await Timesheet.LeaseAdmissionAsync(fixture.Grains.CreateObjectReference<ITimesheetAdmissionHolder>(silent))).Kind);

        var submit = SubmitAsync();
        await HolderCalls.AssertAskedBeforeAnsweredAsync(silent.Asked.Task, submit, "the submit");
        await AssertHeldUntilAsync(submit, TimesheetGrain.AdmissionLeaseLength + TimesheetGrain.DrainTimeout, "the submit");
        Assert.Equal(ResultStatus.Ok, (await submit).Status);
        await AssertEverySiloAsync(true, "after the submit answered");
    }

    [Fact]
    public async Task After_a_reactivation_a_submit_waits_out_the_admission_leases_the_earlier_activation_granted()
    {
        await TeamAsync();
        await AssertEverySiloAsync(false, "before the reactivation");

        // The old activation must be gone before the lease below: if it granted it, the submit's new activation could
        // not name it, and the withdraw awaited below never came (the test hung twice in session 7).
        await fixture.CollectAsync(Timesheet.GetGrainId());

        // Silo 0 still admits under the earlier activation's lease, which the new activation can't name.
        Assert.True(Admissions(0).Holds(_tenant, _user, June));
        var signal = new Holder(answers: true);
        Assert.Equal(TimesheetAdmissionKind.Leased, (await Timesheet.LeaseAdmissionAsync(fixture.Grains.CreateObjectReference<ITimesheetAdmissionHolder>(signal))).Kind);
        var submit = SubmitAsync();
        await HolderCalls.AssertAskedBeforeAnsweredAsync(signal.Asked.Task, submit, "the submit of a new activation");
        await AssertHeldUntilAsync(submit, TimesheetGrain.AdmissionLeaseLength + TimesheetGrain.DrainTimeout, "the submit of a new activation");
        Assert.Equal(ResultStatus.Ok, (await submit).Status);
        await AssertEverySiloAsync(true, "after the submit answered");
    }

    [Fact]
    public async Task A_timesheet_collected_after_its_leases_ended_submits_at_once_when_it_comes_back()
    {
        await TeamAsync();
        await AssertEverySiloAsync(false, "before the leases ended");
        fixture.Time.Advance(TimesheetGrain.AdmissionLeaseLength + TimesheetGrain.DrainTimeout + TimeSpan.FromSeconds(2));
        await fixture.CollectAsync(Timesheet.GetGrainId());

        // No fake time passes: the submit answers only if the new activation has no earlier lease to wait out.
        var submitted = await SubmitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(ResultStatus.Ok, submitted.Status);
        await AssertEverySiloAsync(true, "after the submit answered");
    }

    [Fact]
    public async Task Closing_a_period_drops_every_silo_s_copy_before_it_answers_and_reopening_admits_again()
    {
        await AssertEverySiloAsync(false, "before the close");
        Assert.True(Periods(0).Holds(_tenant) && Periods(1).Holds(_tenant), "each silo holds a copy of the periods");

        Assert.Equal(ResultStatus.Ok, (await fixture.Grains.GetPeriodsGrain(_tenant).CloseAsync(June)).Status);
        Assert.False(Periods(0).Holds(_tenant) || Periods(1).Holds(_tenant), "a silo still holds its copy after the close answered");
        await AssertEverySiloAsync(true, "after the close answered");

        Assert.Equal(ResultStatus.Ok, (await fixture.Grains.GetPeriodsGrain(_tenant).ReopenAsync(June)).Status);
        await AssertEverySiloAsync(false, "after the reopen answered");
    }

    /// <summary>A holder the test controls: it signals when told to withdraw, and answers at once or never.</summary>
    private sealed class Holder(bool answers) : ITimesheetAdmissionHolder
    {
        public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task WithdrawAsync(string timesheetKey)
        {
            Asked.TrySetResult();
            return answers ? Task.CompletedTask : new TaskCompletionSource().Task;
        }
    }
}
