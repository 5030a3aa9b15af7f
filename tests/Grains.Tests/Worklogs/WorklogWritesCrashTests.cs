using Tempo.Grains.Interfaces.Paging;
using Tempo.Grains.Interfaces.Worklogs;
using Tempo.Grains.Worklogs;

namespace Tempo.Grains.Tests.Worklogs;

/// <summary>
/// A write that crashes between two of its steps (a fault injected through <see cref="IWorklogWriteFaults"/>) must
/// leave every list and the lookup by id showing either the old version or the new one, exactly once, never
/// nothing and never both.
/// </summary>
[Collection(WorklogsClusterCollection.Name)]
public sealed class WorklogWritesCrashTests(WorklogsClusterFixture fixture)
{
    private readonly string _author = "557058:" + Guid.NewGuid().ToString("N");
    private readonly string _otherAuthor = "557058:" + Guid.NewGuid().ToString("N");
    private readonly long _issue = Random.Shared.NextInt64(1_000_000, 900_000_000);

    private static readonly DateOnly June3 = new(2026, 6, 3);
    private static readonly DateOnly July7 = new(2026, 7, 7);

    private IWorklogsGrain Worklogs => fixture.Worklogs;

    private WorklogDraft Draft(DateOnly day, string? author = null, string description = "work") =>
        new(author ?? _author, _issue, day, new TimeOnly(9, 0), 3600, null, description, []);

    private async Task<Worklog> CreateAsync(DateOnly day, string description = "work")
    {
        var result = await Worklogs.CreateAsync(Draft(day, description: description), false);
        Assert.True(result.Status == ResultStatus.Ok, $"create: {result.Status} {result.Error}");
        return result.Value!;
    }

    private async Task<ImmutableArray<Worklog>> ListAsync(WorklogQuery query) =>
        (await Worklogs.QueryAsync(query with { Page = new PageRequest(0, 1000) })).Value!.Items;

    /// <summary>What every list that could hold the worklog shows of it, by list name.</summary>
    private async Task<Dictionary<string, Worklog[]>> SightingsAsync(long id)
    {
        var all = WorklogQuery.All(new PageRequest(0, 1000));
        var lists = new Dictionary<string, WorklogQuery>
        {
            ["author"] = all with { AuthorIds = [_author] },
            ["other author"] = all with { AuthorIds = [_otherAuthor] },
            ["issue"] = all with { IssueIds = [_issue] },
            ["project"] = all with { ProjectIds = [_issue / 100] },
            ["june 3"] = all with { From = June3, To = June3, IssueIds = [] },
            ["july 7"] = all with { From = July7, To = July7 },
        };
        var result = new Dictionary<string, Worklog[]>();
        foreach (var (name, query) in lists)
        {
            result[name] = [.. (await ListAsync(query)).Where(w => w.Id == id)];
        }

        return result;
    }

    private static void AssertSeenOnce(Dictionary<string, Worklog[]> sightings, Worklog expected, params string[] where)
    {
        foreach (var (name, seen) in sightings)
        {
            if (where.Contains(name))
            {
                var single = Assert.Single(seen);
                Assert.True(single.Version == expected.Version && single.StartDate == expected.StartDate && single.AuthorAccountId == expected.AuthorAccountId,
                    $"{name}: expected version {expected.Version} on {expected.StartDate}, saw version {single.Version} on {single.StartDate}");
            }
            else
            {
                Assert.True(seen.Length == 0, $"{name}: expected nothing, saw {seen.Length} (version {seen.FirstOrDefault()?.Version})");
            }
        }
    }

    [Theory]
    [InlineData(WorklogWriteStep.CatalogsEnsured)]
    [InlineData(WorklogWriteStep.DirectoryRegistered)]
    [InlineData(WorklogWriteStep.IndexesStaged)]
    public async Task A_create_that_crashes_before_its_commit_is_visible_nowhere(WorklogWriteStep step)
    {
        Worklog? crashed = null;
        using (fixture.Faults.CrashAfter(step, w => { crashed = w; return w.IssueId == _issue; }))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => Worklogs.CreateAsync(Draft(June3), false));
        }

        var survivor = await CreateAsync(June3, "after the crash");

        Assert.NotNull(crashed);
        AssertSeenOnce(await SightingsAsync(crashed.Id), crashed);
        Assert.Null(await Worklogs.GetAsync(crashed.Id));
        Assert.Equal([survivor.Id], (await ListAsync(WorklogQuery.All(default) with { IssueIds = [_issue] })).Select(w => w.Id));
        Assert.Equal([survivor.Id], (await ListAsync(WorklogQuery.All(default) with { AuthorIds = [_author] })).Select(w => w.Id));
    }

    [Fact]
    public async Task A_create_that_crashes_after_its_commit_is_visible_everywhere()
    {
        Worklog? created = null;
        using (fixture.Faults.CrashAfter(WorklogWriteStep.Committed, w => { created = w; return w.IssueId == _issue; }))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => Worklogs.CreateAsync(Draft(June3), false));
        }

        Assert.NotNull(created);
        AssertSeenOnce(await SightingsAsync(created.Id), created, "author", "issue", "project", "june 3");
        Assert.Equal(created, await Worklogs.GetAsync(created.Id));
    }

    [Fact]
    public async Task Refs_left_by_a_crashed_create_are_pruned_once_abandoned()
    {
        using (fixture.Faults.CrashAfter(WorklogWriteStep.IndexesStaged, w => w.IssueId == _issue))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => Worklogs.CreateAsync(Draft(June3), false));
        }

        var index = fixture.Grains.GetGrain<IWorklogIndexGrain>(IssuePartition(June3).GrainKey);
        var everything = new PartitionFilter(null, null, null, [], [], []);
        Assert.Equal(1, await index.CountAsync(everything));

        Assert.Empty(await ListAsync(WorklogQuery.All(default) with { IssueIds = [_issue] }));
        Assert.Equal(1, await index.CountAsync(everything));

        fixture.Time.Advance(WorklogQueryEngine.AbandonAfter + TimeSpan.FromMinutes(1));
        Assert.Empty(await ListAsync(WorklogQuery.All(default) with { IssueIds = [_issue] }));

        Assert.Equal(0, await index.CountAsync(everything));
    }

    [Theory]
    [InlineData(WorklogWriteStep.CatalogsEnsured, false)]
    [InlineData(WorklogWriteStep.IndexesStaged, false)]
    [InlineData(WorklogWriteStep.MoveStaged, false)]
    [InlineData(WorklogWriteStep.Committed, true)]
    [InlineData(WorklogWriteStep.OwnersSettled, true)]
    public async Task A_move_to_another_author_and_month_that_crashes_shows_one_version_everywhere(WorklogWriteStep step, bool committed)
    {
        var original = await CreateAsync(June3);
        var moved = Draft(July7, _otherAuthor, "moved");

        using (fixture.Faults.CrashAfter(step, w => w.Id == original.Id))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => Worklogs.UpdateAsync(original.Id, moved, false));
        }

        var sightings = await SightingsAsync(original.Id);
        var current = await Worklogs.GetAsync(original.Id);
        Assert.NotNull(current);
        if (committed)
        {
            Assert.Equal(2, current.Version);
            AssertSeenOnce(sightings, current, "other author", "issue", "project", "july 7");
        }
        else
        {
            Assert.Equal(original, current);
            AssertSeenOnce(sightings, original, "author", "issue", "project", "june 3");
        }

        // The worklog stays writable: the next change completes and cleans up.
        var again = await Worklogs.UpdateAsync(original.Id, Draft(June3, description: "back"), false);
        Assert.Equal(ResultStatus.Ok, again.Status);
        AssertSeenOnce(await SightingsAsync(original.Id), again.Value!, "author", "issue", "project", "june 3");
    }

    [Theory]
    [InlineData(WorklogWriteStep.IndexesStaged, false)]
    [InlineData(WorklogWriteStep.Committed, true)]
    public async Task An_update_in_place_that_crashes_shows_one_version_everywhere(WorklogWriteStep step, bool committed)
    {
        var original = await CreateAsync(June3);

        using (fixture.Faults.CrashAfter(step, w => w.Id == original.Id))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => Worklogs.UpdateAsync(original.Id, Draft(June3, description: "edited"), false));
        }

        var current = await Worklogs.GetAsync(original.Id);
        Assert.Equal(committed ? "edited" : "work", current!.Description);
        AssertSeenOnce(await SightingsAsync(original.Id), current, "author", "issue", "project", "june 3");

        // The reads above pruned the stale version's ref (committed), or left the uncommitted one for its writer.
        var issueIndex = fixture.Grains.GetGrain<IWorklogIndexGrain>(IssuePartition(June3).GrainKey);
        Assert.Equal(committed ? 1 : 2, await issueIndex.CountAsync(new PartitionFilter(null, null, null, [], [], [])));
    }

    private IndexPartition IssuePartition(DateOnly day) =>
        new(WorklogsClusterFixture.Tenant, WorklogIndexKind.Issue, _issue.ToString(System.Globalization.CultureInfo.InvariantCulture), Buckets.Month(day), 0);

    [Fact]
    public async Task A_delete_that_crashes_after_its_commit_is_gone_everywhere()
    {
        var doomed = await CreateAsync(June3);

        using (fixture.Faults.CrashAfter(WorklogWriteStep.Committed, w => w.Id == doomed.Id))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => Worklogs.DeleteAsync(doomed.Id, false));
        }

        Assert.Null(await Worklogs.GetAsync(doomed.Id));
        AssertSeenOnce(await SightingsAsync(doomed.Id), doomed);
        Assert.Equal(ResultStatus.NotFound, (await Worklogs.DeleteAsync(doomed.Id, false)).Status);
    }
}
