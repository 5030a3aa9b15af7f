using Tempo.Grains.Interfaces.Periods;
using Tempo.Grains.Periods;
using Tempo.Grains.Worklogs;

namespace Tempo.Grains.Approvals;

/// <summary>
/// The worklog lock: a write of author X on day D is refused when the period containing D is closed, or when X's
/// timesheet of that period is in review or approved (or being submitted). On the hot path it makes no grain call:
/// the periods come from this silo's leased copy (<see cref="PeriodsCache"/>), and each (author, period) touched is
/// admitted under this silo's admission lease of that timesheet (<see cref="TimesheetAdmissions"/>), released
/// locally when the write is done. Without a valid lease it asks the grains, as before.
/// </summary>
public sealed class ApprovalsPeriodClosureCheck(PeriodsCache periodsCache, TimesheetAdmissions admissions) : IPeriodClosureCheck
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

        var periods = await periodsCache.GetAsync(tenant);
        var sheets = new List<(string Author, ApprovalPeriod Period)>(writes.Count);
        foreach (var (author, day) in writes)
        {
            var period = periods.Containing(day);
            if (periods.IsClosed(period))
            {
                return PeriodAdmission.Refused;
            }

            if (!sheets.Contains((author, period)))
            {
                sheets.Add((author, period));
            }
        }

        var releases = new List<Func<ValueTask>>(sheets.Count);
        foreach (var (author, period) in sheets)
        {
            if (await admissions.AdmitAsync(tenant, author, period.From) is not { } release)
            {
                await ReleaseAsync(releases);
                return PeriodAdmission.Refused;
            }

            releases.Add(release);
        }

        // A write of one timesheet (every create of one worklog) holds its one release as it is.
        return new PeriodAdmission(false, releases.Count == 1 ? releases[0] : () => ReleaseAsync(releases));
    }

    private static async ValueTask ReleaseAsync(List<Func<ValueTask>> releases)
    {
        foreach (var release in releases)
        {
            await release();
        }
    }
}
