using Tempo.Grains.Interfaces.Approvals;
using Tempo.Grains.Interfaces.Periods;
using Tempo.Grains.Worklogs;

namespace Tempo.Grains.Approvals;

/// <summary>
/// The worklog lock: a write of author X on day D is refused when the period containing D is closed, or when X's
/// timesheet of that period is in review or approved (or being submitted). Costs one read of the tenant's periods
/// grain (from memory) and one call a (author, period) touched to that timesheet's grain (from memory), plus a
/// one-way release when the write is done.
/// </summary>
public sealed class ApprovalsPeriodClosureCheck(IGrainFactory grains) : IPeriodClosureCheck
{
    public async ValueTask<bool> IsClosedAsync(TenantId tenant, string authorAccountId, DateOnly day)
    {
        await using var admission = await AdmitAsync(tenant, [(authorAccountId, day)]);
        return admission.Closed;
    }

    public async ValueTask<PeriodAdmission> AdmitAsync(TenantId tenant, IReadOnlyCollection<(string Author, DateOnly Day)> writes)
    {
        if (writes.Count == 0)
        {
            return PeriodAdmission.Open;
        }

        var periods = await grains.GetPeriodsGrain(tenant).GetAsync();
        var sheets = writes.Select(w => (w.Author, Period: periods.Containing(w.Day))).Distinct().ToArray();
        if (sheets.Any(s => periods.IsClosed(s.Period)))
        {
            return PeriodAdmission.Refused;
        }

        var admitted = new List<ITimesheetGrain>(sheets.Length);
        foreach (var (author, period) in sheets)
        {
            var timesheet = grains.GetTimesheetGrain(tenant, author, period.From);
            if (!await timesheet.AdmitWriteAsync())
            {
                await ReleaseAsync(admitted);
                return PeriodAdmission.Refused;
            }

            admitted.Add(timesheet);
        }

        return new PeriodAdmission(false, () => ReleaseAsync(admitted));
    }

    private static async ValueTask ReleaseAsync(List<ITimesheetGrain> admitted)
    {
        foreach (var timesheet in admitted)
        {
            await timesheet.ReleaseWriteAsync();
        }
    }
}
