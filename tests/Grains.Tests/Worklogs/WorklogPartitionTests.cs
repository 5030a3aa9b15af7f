using Microsoft.Extensions.DependencyInjection;
using System.Globalization;
using Tempo.Grains.Interfaces.Paging;
using Tempo.Grains.Interfaces.Worklogs;
using Tempo.Grains.Worklogs;

namespace Tempo.Grains.Tests.Worklogs;

[Collection(WorklogsClusterCollection.Name)]
public sealed class WorklogPartitionTests(WorklogsClusterFixture fixture)
{
    /// <summary>A day no other test writes on, so the global day index holds only this test's worklogs there.</summary>
    private readonly DateOnly _day = new DateOnly(2040, 1, 1).AddDays(Random.Shared.Next(0, 20_000));

    private IWorklogsGrain Worklogs => fixture.Worklogs;

    private static string NewAuthor() => "557058:" + Guid.NewGuid().ToString("N");

    private async Task<ImmutableArray<Worklog>> ImportAsync(IEnumerable<WorklogDraft> drafts)
    {
        var result = await Worklogs.ImportAsync([.. drafts]);
        Assert.True(result.Status == ResultStatus.Ok, $"import: {result.Status} {result.Error}");
        return result.Value;
    }

    private async Task<(List<long> Ids, int Pages)> PagesAsync(WorklogQuery query, int limit)
    {
        var ids = new List<long>();
        var pages = 0;
        for (var offset = 0; ; offset += limit)
        {
            var page = (await Worklogs.QueryAsync(query with { Page = new PageRequest(offset, limit) })).Value!;
            pages++;
            ids.AddRange(page.Items.Select(w => w.Id));
            if (!page.HasMore)
            {
                return (ids, pages);
            }
        }
    }

    [Fact]
    public async Task Ids_are_unique_across_silos_and_concurrent_creates()
    {
        var issue = Random.Shared.NextInt64(1_000_000, 900_000_000);
        var results = await Task.WhenAll(Enumerable.Range(0, 120).Select(i =>
            Worklogs.CreateAsync(new WorklogDraft(NewAuthor(), issue, _day, new TimeOnly(i % 24, 0), 60, null, null, []), false)));

        var ids = results.Select(r => r.Value!.Id).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.Equal(ids.Order(), (await Worklogs.GetManyAsync([.. ids])).Select(w => w.Id).Order());
        Assert.All(await Worklogs.GetManyAsync([.. ids]), w => Assert.Equal(w.Id + JiraWorklogIds.Offset, w.JiraWorklogId));
    }

    [Fact]
    public async Task The_day_index_pages_across_its_shards_once_each_in_every_order()
    {
        var authors = Enumerable.Range(0, 7).Select(_ => NewAuthor()).ToArray();
        var created = await ImportAsync(Enumerable.Range(0, 130).Select(i =>
            new WorklogDraft(authors[i % authors.Length], 10_000 + (i % 5), _day, new TimeOnly(9 + (i % 3), 0), 60 + i, null, null, [])));
        var byStart = created.OrderBy(w => w.StartTime).ThenBy(w => w.Id).Select(w => w.Id).ToList();
        var day = WorklogQuery.All(default) with { From = _day, To = _day };

        var (ascending, pages) = await PagesAsync(day, 17);
        var (descending, _) = await PagesAsync(day with { Order = new WorklogOrder([new WorklogOrderTerm(WorklogOrderField.StartDateTime, true)]) }, 20);
        var (byId, _) = await PagesAsync(day with { Order = new WorklogOrder([new WorklogOrderTerm(WorklogOrderField.Id, false)]) }, 30);

        Assert.Equal(8, pages);
        Assert.Equal(byStart, ascending);
        Assert.Equal(byStart.AsEnumerable().Reverse(), descending);
        Assert.Equal(created.Select(w => w.Id).Order(), byId);
    }

    private static readonly PartitionFilter Everything = new(null, null, null, [], [], []);

    private IWorklogIndexGrain DayShard(DateOnly day, int shard) =>
        fixture.Grains.GetGrain<IWorklogIndexGrain>(new IndexPartition(WorklogsClusterFixture.Tenant, WorklogIndexKind.Day, WorklogIndexKinds.All, Buckets.Day(day), shard).GrainKey);

    private async Task<int[]> DayShardCountsAsync(DateOnly day) =>
        await Task.WhenAll(Enumerable.Range(0, WorklogIndexKinds.Shards(WorklogIndexKind.Day)).Select(s => DayShard(day, s).CountAsync(Everything)));

    [Fact]
    public async Task A_bulk_puts_its_refs_of_a_day_in_its_issues_shard_of_the_day_index()
    {
        var issue = (Random.Shared.NextInt64(1_000_000, 900_000_000) * 8) + 5;
        var next = _day.AddDays(1);
        var drafts = Enumerable.Range(0, 50).Select(i => new WorklogDraft(NewAuthor(), issue, i < 30 ? _day : next, new TimeOnly(10, 0), 60, null, null, []));

        var created = await Worklogs.BulkCreateAsync(issue, [.. drafts]);

        Assert.Equal(ResultStatus.Ok, created.Status);
        Assert.Equal(50, created.Value.Select(w => w.Id).Distinct().Count());
        Assert.All(created.Value, w => Assert.Equal(WorklogIndexLayout.IssueShards, w.IndexLayout));
        Assert.Equal(new[] { 0, 0, 0, 0, 0, 30, 0, 0 }, await DayShardCountsAsync(_day));
        Assert.Equal(new[] { 0, 0, 0, 0, 0, 20, 0, 0 }, await DayShardCountsAsync(next));
        var (listed, _) = await PagesAsync(WorklogQuery.All(default) with { From = _day, To = next }, 50);
        Assert.Equal(created.Value.Select(w => w.Id).Order(), listed.Order());
    }

    [Fact]
    public async Task Creates_of_one_worklog_spread_over_the_day_index_shards_by_id()
    {
        var issue = (Random.Shared.NextInt64(1_000_000, 900_000_000) * 8) + 5;
        var created = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ =>
            Worklogs.CreateAsync(new WorklogDraft(NewAuthor(), issue, _day, new TimeOnly(10, 0), 60, null, null, []), false)));

        Assert.All(created, c => Assert.Equal(WorklogIndexLayout.IdShards, c.Value!.IndexLayout));
        var expected = new int[8];
        foreach (var worklog in created.Select(c => c.Value!))
        {
            expected[worklog.Id % 8]++;
        }

        Assert.Equal(expected, await DayShardCountsAsync(_day));
        Assert.True(expected.Count(n => n > 0) > 1, "consecutive ids spread over more than one shard");
    }

    [Fact]
    public async Task A_worklog_stored_with_id_shards_keeps_them_when_it_is_changed_and_deleted()
    {
        // A worklog as it was stored before the index layout existed: its day ref in the shard of its id. Written here
        // through the partition grains, in the create's order (catalogs, directory and refs, then the owner).
        var tenant = WorklogsClusterFixture.Tenant;
        var id = (Random.Shared.NextInt64(1_000_000, 9_000_000) * 8) + 2;
        var issue = (Random.Shared.NextInt64(1_000_000, 9_000_000) * 8) + 6;
        var now = fixture.Time.GetUtcNow();
        var legacy = new Worklog(
            id, 1, NewAuthor(), issue, issue / 100, _day, new TimeOnly(9, 0), now, 600, 600, "before the layout", [], now, now, WorklogIndexLayout.IdShards);
        var partitions = new[]
        {
            new IndexPartition(tenant, WorklogIndexKind.Issue, issue.ToString(CultureInfo.InvariantCulture), Buckets.Month(_day), 0),
            new IndexPartition(tenant, WorklogIndexKind.Project, (issue / 100).ToString(CultureInfo.InvariantCulture), Buckets.Day(_day), 0),
            new IndexPartition(tenant, WorklogIndexKind.Day, WorklogIndexKinds.All, Buckets.Day(_day), 2),
        };
        var owner = OwnerPartition.Of(tenant, legacy);
        await fixture.Grains.GetGrain<IWorklogCatalogGrain>(CatalogKey.ForAuthor(tenant, legacy.AuthorAccountId).GrainKey).EnsureAsync([owner.Month]);
        foreach (var partition in partitions)
        {
            await fixture.Grains.GetGrain<IWorklogCatalogGrain>(partition.Catalog.GrainKey).EnsureAsync([partition.Bucket]);
            await fixture.Grains.GetGrain<IWorklogIndexGrain>(partition.GrainKey).StageAsync([legacy.ToRef()]);
        }

        await fixture.Grains.GetGrain<IWorklogDirectoryGrain>(DirectoryKey.Of(tenant, id).GrainKey).RegisterAsync([new WorklogLocation(id, owner)]);
        await fixture.Grains.GetGrain<IWorklogOwnerGrain>(owner.GrainKey).InsertAsync([legacy]);
        Assert.Equal(new[] { 0, 0, 1, 0, 0, 0, 0, 0 }, await DayShardCountsAsync(_day));

        var updated = await Worklogs.UpdateAsync(id, new WorklogDraft(legacy.AuthorAccountId, issue, _day, new TimeOnly(11, 0), 900, null, "changed", []), false);

        Assert.Equal(ResultStatus.Ok, updated.Status);
        Assert.Equal(WorklogIndexLayout.IdShards, updated.Value!.IndexLayout);
        Assert.Equal(new[] { 0, 0, 1, 0, 0, 0, 0, 0 }, await DayShardCountsAsync(_day));
        var day = WorklogQuery.All(new PageRequest(0, 50)) with { From = _day, To = _day, IssueIds = [issue] };
        Assert.Equal([(id, 2)], (await Worklogs.QueryAsync(day)).Value!.Items.Select(w => (w.Id, w.Version)));

        Assert.Equal(ResultStatus.Ok, (await Worklogs.DeleteAsync(id, false)).Status);
        Assert.Equal(new[] { 0, 0, 0, 0, 0, 0, 0, 0 }, await DayShardCountsAsync(_day));
        Assert.Empty((await Worklogs.QueryAsync(day)).Value!.Items);
    }

    [Fact]
    public void A_worklog_stored_before_the_layout_existed_reads_as_id_shards()
    {
        var serializer = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<Orleans.Storage.IGrainStorageSerializer>();
        var now = fixture.Time.GetUtcNow();
        var worklog = new Worklog(7, 1, NewAuthor(), 42, null, _day, new TimeOnly(9, 0), now, 60, 60, null, [], now, now, WorklogIndexLayout.IssueShards);
        var stored = JsonNode.Parse(serializer.Serialize(worklog).ToString())!.AsObject();

        Assert.Equal(WorklogIndexLayout.IssueShards, serializer.Deserialize<Worklog>(BinaryData.FromString(stored.ToJsonString()))!.IndexLayout);
        Assert.True(stored.Remove(stored.Single(p => p.Key.Equals(nameof(Worklog.IndexLayout), StringComparison.OrdinalIgnoreCase)).Key));
        Assert.Equal(worklog with { IndexLayout = WorklogIndexLayout.IdShards }, serializer.Deserialize<Worklog>(BinaryData.FromString(stored.ToJsonString())));
    }

    [Fact]
    public void Owner_rows_and_locations_are_stored_as_they_always_were()
    {
        // The stored form of the two segment kinds whose rows are values (record structs since session 8, classes before).
        var serializer = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<Orleans.Storage.IGrainStorageSerializer>();
        var at = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        var worklog = new Worklog(7, 2, "557058:a", 42, 4, new DateOnly(2026, 3, 2), new TimeOnly(9, 0), at, 60, 30, "d", [new WorkAttributeValue("k", "v")], at, at, WorklogIndexLayout.IssueShards);
        var rows = new RowSegment<OwnerRow> { Rows = [new OwnerRow(worklog, OwnerRowState.Outgoing)] };
        var locations = new RowSegment<WorklogLocation> { Rows = [new WorklogLocation(7, OwnerPartition.Of(new TenantId("t1"), worklog))] };

        Assert.Equal(StoredRows, serializer.Serialize(rows).ToString());
        Assert.Equal(StoredLocations, serializer.Serialize(locations).ToString());
        Assert.Equal(StoredRows, serializer.Serialize(serializer.Deserialize<RowSegment<OwnerRow>>(BinaryData.FromString(StoredRows))).ToString());
        var back = serializer.Deserialize<RowSegment<WorklogLocation>>(BinaryData.FromString(StoredLocations))!.Rows[0];
        Assert.Equal(locations.Rows[0], back);
    }

    private const string StoredRows =
        """
        {"Rows":[{"Worklog":{"Id":7,"Version":2,"AuthorAccountId":"557058:a","IssueId":42,"ProjectId":4,"StartDate":"2026-03-02","StartTime":"09:00:00","StartDateTimeUtc":"2026-03-02T09:00:00+00:00","TimeSpentSeconds":60,"BillableSeconds":30,"Description":"d","Attributes":[{"Key":"k","Value":"v"}],"CreatedAt":"2026-03-02T09:00:00+00:00","UpdatedAt":"2026-03-02T09:00:00+00:00","IndexLayout":1,"JiraWorklogId":10000000007},"State":2}]}
        """;

    private const string StoredLocations =
        """
        {"Rows":[{"Id":7,"Owner":{"Tenant":{"Value":"t1"},"AuthorAccountId":"557058:a","Month":202603,"GrainKey":"wo_t1_202603_557058:a"}}]}
        """;

    [Fact]
    public async Task An_open_range_visits_only_the_buckets_the_catalog_knows()
    {
        var author = NewAuthor();
        var months = new[] { new DateOnly(2031, 2, 3), new DateOnly(2034, 11, 30) };
        await ImportAsync(months.Select(d => new WorklogDraft(author, 4242, d, null, 60, null, null, [])));

        var catalog = fixture.Grains.GetGrain<IWorklogCatalogGrain>(CatalogKey.ForAuthor(WorklogsClusterFixture.Tenant, author).GrainKey);
        var all = (await Worklogs.QueryAsync(WorklogQuery.All(new PageRequest(0, 50)) with { AuthorIds = [author] })).Value!;

        Assert.Equal(new[] { 203102, 203411 }, (await catalog.GetBucketsAsync()).ToArray());
        Assert.Equal(months, all.Items.Select(w => w.StartDate));
        Assert.Equal("wo_worklog-tests_203102_" + author, OwnerPartition.Of(WorklogsClusterFixture.Tenant, all.Items[0]).GrainKey);
        Assert.Equal(
            string.Create(CultureInfo.InvariantCulture, $"wi_worklog-tests_d_{Buckets.Day(_day)}_3_all"),
            new IndexPartition(WorklogsClusterFixture.Tenant, WorklogIndexKind.Day, WorklogIndexKinds.All, Buckets.Day(_day), 3).GrainKey);
    }
}
