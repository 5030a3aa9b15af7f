using Tempo.Api.Tests.Infrastructure;
using static Tempo.Api.Tests.Approvals.ApprovalsOrg;

namespace Tempo.Api.Tests.Approvals;

public sealed class ApprovalsConformanceTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    [Fact]
    public async Task Every_approvals_operation_answers_as_the_contract_says()
    {
        var org = await ApprovalsOrg.CreateAsync(factory);
        var user = org.User;
        var submit = new { comment = "June done", reviewerAccountId = org.Lead };
        ConformanceCase[] cases =
        [
            new("getTimesheetApprovalForUser", Sheet(user, "2026-06-10") + "&to=2026-06-30"),
            new("submitTimesheetForUser", Sheet(user, "2026-06-01", "submit"), submit),
            new("getTimesheetApprovalsWaitingForApproval", "/4/timesheet-approvals/waiting"),
            new("approveTimesheetForUser", Sheet(user, "2026-06-01", "approve"), new { comment = "fine" }),
            new("reopenTimesheetForUser", Sheet(user, "2026-06-01", "reopen"), new { comment = "one more fix" }),
            new("submitTimesheetForUser", Sheet(user, "2026-06-01", "submit"), submit),
            new("rejectTimesheetForUser", Sheet(user, "2026-06-01", "reject"), new { comment = "missing Friday" }),
            new("submitTimesheetForUser", Sheet(user, "2026-06-01", "submit"), submit),
            new("recallTimesheetForUser", Sheet(user, "2026-06-01", "recall"), new { }),
            new("getTimesheetReviewersForUser", $"/4/timesheet-approvals/user/{user}/reviewers"),
            new("getTimesheetApprovalForTeam", $"/4/timesheet-approvals/team/{org.TeamId}?from=2026-06-01"),
            new("searchTimesheetApprovalLogs", "/4/timesheet-approvals/logs/search?limit=3", new { userAccountIds = new[] { user }, updatedFrom = "2026-01-01" }),
        ];

        await Conformance.RunAsync(org.AsLead, "approvals", ["Timesheet Approvals"], cases);
        await Conformance.RunAsync(org.AsLead, "periods", ["Periods"], [new("getPeriods", "/4/periods?from=2026-05-20&to=2026-07-02")]);
    }
}
