using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Tempo.Grains.Interfaces.Paging;
using Tempo.Grains.Interfaces.Worklogs;
using Tempo.Grains.Worklogs;

namespace Tempo.Grains.Tests.Worklogs;

/// <summary>
/// Owner and index partitions keep their rows in segments of bounded size (a write rewrites one segment, not the
/// partition): every row survives a reactivation (owner, index and directory), replaced and removed rows stay replaced and removed, and rows stored
/// before segments existed are moved into segments without losing one.
/// </summary>
[Collection(WorklogsClusterCollection.Name)]
public sealed class WorklogSegmentTests(WorklogsClusterFixture fixture)
{
    private readonly string _author = "557058:" + Guid.NewGuid().ToString("N");
    private readonly long _issue = Random.Shared.NextInt64(1_000_000, 900_000_000);
    private readonly DateOnly _day = new DateOnly(2041, 1, 1).AddDays(Random.Shared.Next(0, 20_000));

    private IWorklogsGrain Worklogs => fixture.Worklogs;

    private WorklogDraft Draft(int minute, string description = "work") =>
        new(_author, _issue, _day, new TimeOnly(8, 0).AddMinutes(minute), 600, null, description, []);

    private async Task<ImmutableArray<Worklog>> ListAsync(WorklogQuery query) =>
        (await Worklogs.QueryAsync(query with { Page = new PageRequest(0, 1000) })).Value!.Items;

    private Task ForgetActivationsAsync() => fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    [Fact]
    public async Task A_partition_of_many_segments_keeps_every_row_in_order_across_reactivation()
    {
        var count = (WorklogIndexGrain.SegmentCapacity * 2) + 5;
        var created = new List<Worklog>();
        for (var i = 0; i < count; i++)
        {
            var result = await Worklogs.CreateAsync(Draft(count - i), false);
            Assert.Equal(ResultStatus.Ok, result.Status);
            created.Add(result.Value!);
        }

        var edited = created[3];
        var update = await Worklogs.UpdateAsync(edited.Id, Draft(0, "edited"), false);
        Assert.Equal(ResultStatus.Ok, update.Status);
        var deleted = created[WorklogOwnerGrain.SegmentCapacity + 1];
        Assert.Equal(ResultStatus.Ok, (await Worklogs.DeleteAsync(deleted.Id, false)).Status);

        var expected = created.Where(w => w.Id != deleted.Id).Select(w => w.Id == edited.Id ? update.Value! : w)
            .OrderBy(w => w.StartTime).ThenBy(w => w.Id).Select(w => (w.Id, w.Version, w.Description)).ToArray();
        var all = WorklogQuery.All(default);
        foreach (var reactivated in new[] { false, true })
        {
            if (reactivated)
            {
                await ForgetActivationsAsync();
            }

            Assert.Equal(expected, (await ListAsync(all with { AuthorIds = [_author] })).Select(w => (w.Id, w.Version, w.Description)));
            Assert.Equal(expected, (await ListAsync(all with { IssueIds = [_issue] })).Select(w => (w.Id, w.Version, w.Description)));
            Assert.Equal(expected, (await ListAsync(all with { From = _day, To = _day })).Select(w => (w.Id, w.Version, w.Description)));
            Assert.Null(await Worklogs.GetAsync(deleted.Id));
            Assert.Equal("edited", (await Worklogs.GetAsync(edited.Id))!.Description);
        }

        // Still writable after the reload: the next create lands in the last segment.
        var after = await Worklogs.CreateAsync(Draft(count + 1), false);
        Assert.Equal(ResultStatus.Ok, after.Status);
        Assert.Equal(expected.Length + 1, (await ListAsync(all with { IssueIds = [_issue] })).Length);
    }

    [Fact]
    public async Task Rows_stored_before_segments_existed_are_moved_into_segments_when_the_partition_activates()
    {
        // A partition as the previous version stored it: every row in the grain's own state.
        var tenant = WorklogsClusterFixture.Tenant;
        var legacy = Enumerable.Range(0, WorklogOwnerGrain.SegmentCapacity + 3)
            .Select(i => WorklogRules.Build(9_000_000_000 + Random.Shared.Next(1_000_000) * 100L + i, 1, Draft(i), _issue, _issue / 100, fixture.Time.GetUtcNow(), Seams(), WorklogIndexLayout.IdShards))
            .ToArray();
        var owner = new OwnerPartition(tenant, _author, Buckets.Month(_day));
        var storage = Storage();
        await storage.WriteStateAsync("worklogOwner", GrainId.Create("worklog-owner", owner.GrainKey),
            new Head<WorklogOwnerState>(new WorklogOwnerState { Rows = [.. legacy.Select(w => new OwnerRow(w, OwnerRowState.Committed))] }));
        await fixture.Grains.GetGrain<IWorklogCatalogGrain>(CatalogKey.ForAuthor(tenant, _author).GrainKey).EnsureAsync([owner.Month]);
        foreach (var lane in legacy.GroupBy(w => DirectoryKey.Of(tenant, w.Id)))
        {
            await storage.WriteStateAsync("worklogDirectory", GrainId.Create("worklog-directory", lane.Key.GrainKey),
                new Head<WorklogDirectoryState>(new WorklogDirectoryState { Owners = lane.ToImmutableDictionary(w => w.Id, _ => owner) }));
        }

        var all = WorklogQuery.All(default) with { AuthorIds = [_author] };
        Assert.Equal(legacy.Select(w => w.Id).Order(), (await ListAsync(all)).Select(w => w.Id).Order());

        var head = new Head<WorklogOwnerState>(new WorklogOwnerState());
        await storage.ReadStateAsync("worklogOwner", GrainId.Create("worklog-owner", owner.GrainKey), head);
        Assert.Empty(head.State.Rows);
        Assert.Equal(2, head.State.Segments);

        Assert.Equal(legacy[^1], await Worklogs.GetAsync(legacy[^1].Id));
        Assert.Equal(ResultStatus.Ok, (await Worklogs.DeleteAsync(legacy[0].Id, false)).Status);
        legacy = legacy[1..];

        var created = await Worklogs.CreateAsync(Draft(59), false);
        await ForgetActivationsAsync();
        Assert.Equal(legacy.Select(w => w.Id).Append(created.Value!.Id).Order(), (await ListAsync(all)).Select(w => w.Id).Order());
        Assert.Equal(legacy[^1], await Worklogs.GetAsync(legacy[^1].Id));
    }

    private IGrainStorage Storage() => fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);

    private WorklogSeams Seams() => fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<WorklogSeams>();

    private sealed class Head<T>(T state) : IGrainState<T>
    {
        [System.Diagnostics.CodeAnalysis.AllowNull]
        public T State { get; set; } = state;

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }
}
