using System.Globalization;
using Tempo.Grains.Interfaces.Paging;
using Tempo.Grains.Interfaces.Worklogs;

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
