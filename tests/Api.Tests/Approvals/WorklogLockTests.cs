using Tempo.Api.Tests.Infrastructure;
using Tempo.Api.Tests.Worklogs;
using Tempo.Grains.Worklogs;
using static Tempo.Api.Tests.Approvals.ApprovalsOrg;
using static Tempo.Api.Tests.Worklogs.WorklogTestData;

namespace Tempo.Api.Tests.Approvals;

/// <summary>
/// Worklog writes into a closed period, or into a timesheet in review or approved, answer 403 "Period is closed";
/// only a token created by a tenant administrator may bypass that; a submit racing a write never loses the write.
/// </summary>
public sealed class WorklogLockTests(ApprovalsApiFactory factory) : IClassFixture<ApprovalsApiFactory>
{
    private const string June = "2026-06-01";

    private static async Task AssertPeriodClosedAsync(HttpResponseMessage response, string what)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{what}: expected 403, got {(int)response.StatusCode}");
        Assert.Equal("Period is closed", await response.ErrorMessageAsync());
    }

    [Fact]
    public async Task A_timesheet_in_review_or_approved_locks_create_update_delete_and_bulk_of_its_author_and_period()
    {
        var org = await ApprovalsOrg.CreateAsync(factory);
        var issue = NewIssue();
        var inJune = (await org.AsUser.CreateAsync(org.User, issue, "2026-06-10")).Id();
        var inJuly = (await org.AsUser.CreateAsync(org.User, issue, "2026-07-10")).Id();
        var leadsOwn = (await org.AsLead.CreateAsync(org.Lead, issue, "2026-06-10")).Id();
        await ActAsync(org.AsUser, org.User, June, "submit", new { reviewerAccountId = org.Lead });

        await AssertPeriodClosedAsync(await org.AsUser.PostAsJsonAsync("/4/worklogs", Body(org.User, issue, "2026-06-11")), "create");
        await AssertPeriodClosedAsync(await org.AsUser.PutAsJsonAsync($"/4/worklogs/{inJune}", new { authorAccountId = org.User, startDate = "2026-06-12", timeSpentSeconds = 60 }), "update inside");
        await AssertPeriodClosedAsync(await org.AsUser.PutAsJsonAsync($"/4/worklogs/{inJune}", new { authorAccountId = org.User, startDate = "2026-07-12", timeSpentSeconds = 60 }), "update out of");
        await AssertPeriodClosedAsync(await org.AsUser.PutAsJsonAsync($"/4/worklogs/{inJuly}", new { authorAccountId = org.User, startDate = "2026-06-12", timeSpentSeconds = 60 }), "update into");
        await AssertPeriodClosedAsync(await org.AsUser.DeleteAsync($"/4/worklogs/{inJune}"), "delete");
        await AssertPeriodClosedAsync(
            await org.AsUser.PostAsJsonAsync($"/4/worklogs/issue/{issue}/bulk", new[]
            {
                new { authorAccountId = org.User, startDate = "2026-07-02", timeSpentSeconds = 60 },
                new { authorAccountId = org.User, startDate = "2026-06-02", timeSpentSeconds = 60 },
            }),
            "bulk");
        Assert.Equal([inJune, leadsOwn, inJuly], (await org.AsUser.GetJsonAsync($"/4/worklogs/issue/{issue}"))["results"]!.AsArray().Select(w => w!["tempoWorklogId"]!.GetValue<long>()));

        // Other periods of the author and other authors of the period are open.
        await org.AsUser.PutJsonAsync($"/4/worklogs/{inJuly}", new { authorAccountId = org.User, startDate = "2026-07-11", timeSpentSeconds = 60 });
        await org.AsLead.PutJsonAsync($"/4/worklogs/{leadsOwn}", new { authorAccountId = org.Lead, startDate = "2026-06-11", timeSpentSeconds = 60 });

        await ActAsync(org.AsLead, org.User, June, "approve");
        await AssertPeriodClosedAsync(await org.AsUser.PostAsJsonAsync("/4/worklogs", Body(org.User, issue, "2026-06-11")), "create when approved");
        await ActAsync(org.AsLead, org.User, June, "reopen");
        await org.AsUser.PostJsonAsync("/4/worklogs", Body(org.User, issue, "2026-06-11"));
        Assert.Equal(HttpStatusCode.NoContent, (await org.AsUser.DeleteAsync($"/4/worklogs/{inJune}")).StatusCode);
    }

    [Fact]
    public async Task A_closed_period_locks_every_author_until_it_is_reopened()
    {
        var org = await ApprovalsOrg.CreateAsync(factory);
        var issue = NewIssue();
        await org.Settings.PutAsync($"/settings/period-closures/{June}", null);

        await AssertPeriodClosedAsync(await org.AsUser.PostAsJsonAsync("/4/worklogs", Body(org.User, issue, "2026-06-30")), "user");
        await AssertPeriodClosedAsync(await org.AsLead.PostAsJsonAsync("/4/worklogs", Body(org.Lead, issue, "2026-06-01")), "lead");
        await org.AsUser.PostJsonAsync("/4/worklogs", Body(org.User, issue, "2026-07-01"));

        Assert.Equal(HttpStatusCode.NoContent, (await org.Settings.DeleteAsync($"/settings/period-closures/{June}")).StatusCode);
        await org.AsUser.PostJsonAsync("/4/worklogs", Body(org.User, issue, "2026-06-30"));
    }

    [Fact]
    public async Task Only_a_token_created_by_an_administrator_may_bypass_the_lock()
    {
        var org = await ApprovalsOrg.CreateAsync(factory);
        var asAdmin = await org.TokenAsync(TempoClient.NewAccountId(), admin: true);
        var issue = NewIssue();
        var id = (await org.AsUser.CreateAsync(org.User, issue, "2026-06-10")).Id();
        await ActAsync(org.AsUser, org.User, June, "submit", new { reviewerAccountId = org.Lead });
        var bypassing = new { authorAccountId = org.User, issueId = issue, startDate = "2026-06-11", timeSpentSeconds = 60, bypassPeriodClosuresAndApprovals = true };

        foreach (var refused in new[]
        {
            await org.AsUser.PostAsJsonAsync("/4/worklogs", bypassing),
            await org.AsLead.PutAsJsonAsync($"/4/worklogs/{id}", new { authorAccountId = org.User, startDate = "2026-06-11", timeSpentSeconds = 60, bypassPeriodClosuresAndApprovals = true }),
            await org.AsLead.DeleteAsync($"/4/worklogs/{id}?bypassPeriodClosuresAndApprovals=true"),
        })
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("Only a token created by a tenant administrator may set 'bypassPeriodClosuresAndApprovals'.", await refused.ErrorMessageAsync());
        }

        await asAdmin.PostJsonAsync("/4/worklogs", bypassing);
        await asAdmin.PutJsonAsync($"/4/worklogs/{id}", new { authorAccountId = org.User, startDate = "2026-06-12", timeSpentSeconds = 60, bypassPeriodClosuresAndApprovals = true });
        Assert.Equal(HttpStatusCode.NoContent, (await asAdmin.DeleteAsync($"/4/worklogs/{id}?bypassPeriodClosuresAndApprovals=true")).StatusCode);
        await AssertPeriodClosedAsync(await asAdmin.PostAsJsonAsync("/4/worklogs", Body(org.User, issue, "2026-06-11")), "admin token without bypass");
    }

    [Fact]
    public async Task A_submit_racing_worklog_writes_counts_every_write_it_admitted_and_refuses_the_rest()
    {
        var org = await ApprovalsOrg.CreateAsync(factory);
        var held = NewIssue();
        Func<Grains.Interfaces.Worklogs.Worklog, bool> ofHeld = w => w.IssueId == held;
        var barrier = factory.Steps.HoldAt(WorklogWriteStep.IndexesStaged, ofHeld);
        try
        {
            // A write admitted into June, held before it commits.
            var write = org.AsUser.PostAsJsonAsync("/4/worklogs", Body(org.User, held, "2026-06-05", timeSpentSeconds: 3600));
            await barrier.Reached.Task;

            var submit = org.AsUser.PostAsJsonAsync(Sheet(org.User, June, "submit"), new { reviewerAccountId = org.Lead });

            // Writes racing the submit: each is admitted (and must be counted) until the submit stops admitting.
            var other = NewIssue();
            var accepted = 0L;
            var refusedOne = false;
            for (var i = 0; i < 200 && !refusedOne; i++)
            {
                var response = await org.AsUser.PostAsJsonAsync("/4/worklogs", Body(org.User, other, "2026-06-06", timeSpentSeconds: 60));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    accepted += 60;
                }
                else
                {
                    await AssertPeriodClosedAsync(response, "a write racing the submit");
                    refusedOne = true;
                }
            }

            Assert.True(refusedOne, "the submit never stopped admitting writes while an admitted write was held");
            Assert.False(submit.IsCompleted, "the submit answered while an admitted write was still in flight");

            barrier.Release();
            Assert.Equal(HttpStatusCode.OK, (await write).StatusCode);
            var submitted = await (await submit).ReadJsonAsync(HttpStatusCode.OK);

            Assert.Equal(3600 + accepted, submitted["status"]!["timeSpentSecondsAtSubmit"]!.GetValue<long>());
            Assert.Equal(3600 + accepted, submitted["timeSpentSeconds"]!.GetValue<long>());
        }
        finally
        {
            barrier.Release();
            factory.Steps.Clear(ofHeld);
        }
    }
}
