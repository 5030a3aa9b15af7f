using Tempo.Grains.Interfaces.Worklogs;
using Tempo.Grains.Worklogs;

namespace Tempo.Grains.Tests.Worklogs;

public sealed class WorklogPlacementTests
{
    private static readonly TenantId Tenant = new("placement-tests");

    [Fact]
    public void A_run_of_partitions_gives_each_worklog_exactly_its_own_partitions()
    {
        // Runs of worklogs that share some of what places them and differ in the rest, one field at a time.
        var random = new Random(18);
        var now = DateTimeOffset.UnixEpoch;
        var worklogs = new List<Worklog>();
        var current = new Worklog(1, 1, "557058:a", 100, 1, new DateOnly(2026, 3, 2), default, now, 60, 60, null, [], now, now, WorklogIndexLayout.IssueShards);
        for (var i = 0; i < 2_000; i++)
        {
            current = random.Next(9) switch
            {
                0 => current with { IssueId = 100 + random.Next(20) },
                1 => current with { ProjectId = random.Next(3) == 0 ? null : random.Next(3) },
                2 => current with { StartDate = new DateOnly(2026, 3, 2).AddDays(random.Next(60)) },
                3 => current with { IndexLayout = (WorklogIndexLayout)random.Next(2) },
                4 => current with { Attributes = random.Next(2) == 0 ? [] : [new WorkAttributeValue(Worklog.AccountAttributeKey, "ACC" + random.Next(3))] },
                5 => current with { AuthorAccountId = "557058:" + random.Next(5) },
                _ => current,
            };
            current = current with { Id = current.Id + 1 + random.Next(3) };
            worklogs.Add(current);
        }

        var run = new WorklogPlacement.RunOfPartitions(Tenant);
        var shared = 0;
        IndexPartition[]? previous = null;
        foreach (var worklog in worklogs)
        {
            var partitions = run.Of(worklog);
            Assert.Equal(WorklogPlacement.IndexPartitionsOf(Tenant, worklog), partitions);
            shared += ReferenceEquals(partitions, previous) ? 1 : 0;
            previous = partitions;
        }

        // Shared for the runs, and only for them: an id-sharded worklog's day shard changes with its id.
        Assert.InRange(shared, 500, 1_999);
    }

    [Fact]
    public void Worklogs_built_for_one_author_share_one_account_id_string()
    {
        var author = "557058:" + Guid.NewGuid().ToString("N");
        var seams = new WorklogSeams(new AllPeriodsOpen(), new ConfiguredIssueProjects(null), new NoWorklogWriteFaults(), TimeProvider.System);
        var drafts = Enumerable.Range(0, 3).Select(i => new WorklogDraft(new string(author.AsSpan()), 10, new DateOnly(2026, 3, 2), null, 60, null, null, [])).ToArray();
        Assert.False(ReferenceEquals(drafts[0].AuthorAccountId, drafts[1].AuthorAccountId));

        var built = drafts.Select((d, i) => WorklogRules.Build(i + 1, 1, d, 10, null, DateTimeOffset.UnixEpoch, seams, WorklogIndexLayout.IdShards)).ToArray();

        Assert.All(built, w => Assert.Equal(author, w.AuthorAccountId));
        Assert.Same(built[0].AuthorAccountId, built[1].AuthorAccountId);
        Assert.Same(built[0].AuthorAccountId, built[2].AuthorAccountId);
    }
}
