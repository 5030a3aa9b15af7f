using Microsoft.Extensions.DependencyInjection;
using Tempo.Grains.Interfaces.Worklogs;
using Tempo.Grains.Worklogs;

namespace Tempo.Grains.Tests.Worklogs;

/// <summary>
/// Worklog writes check attribute values against a per-silo leased copy of the work attributes. A change to the
/// attributes answers only once every silo dropped its copy (or its lease ran out), so a write that starts after it
/// is never accepted by a stale copy, on any silo.
/// </summary>
[Collection(WorklogsClusterCollection.Name)]
public sealed class WorkAttributesCacheTests(WorklogsClusterFixture fixture)
{
    private readonly TenantId _tenant = new("wac-" + Guid.NewGuid().ToString("N")[..12]);

    private static WorkAttribute Required(string key) =>
        new(key, key, WorkAttributeTypes.InputField, true, [], ImmutableDictionary<string, string>.Empty, null, null);

    private WorklogDraft Draft(ImmutableArray<WorkAttributeValue> attributes) =>
        new("557058:" + Guid.NewGuid().ToString("N"), 4200, new DateOnly(2026, 5, 4), new TimeOnly(9, 0), 600, null, "work", attributes);

    private IEnumerable<WorkAttributesCache> SiloCaches() =>
        fixture.Cluster.Silos.Select(s => s.ServiceProvider.GetRequiredService<WorkAttributesCache>());

    [Fact]
    public async Task A_new_required_attribute_refuses_the_next_write_on_every_silo_that_held_the_old_copy()
    {
        var worklogs = fixture.Grains.GetWorklogsGrain(_tenant);
        Assert.Equal(ResultStatus.Ok, (await worklogs.CreateAsync(Draft([]), false)).Status);
        foreach (var cache in SiloCaches())
        {
            Assert.Empty(await cache.GetAllAsync(_tenant));
        }

        Assert.Equal(ResultStatus.Ok, (await fixture.Grains.GetWorkAttributesGrain(_tenant).CreateAsync(Required("_Ticket_"))).Status);

        foreach (var cache in SiloCaches())
        {
            Assert.Equal(["_Ticket_"], (await cache.GetAllAsync(_tenant)).Select(a => a.Key));
        }

        var refused = await worklogs.CreateAsync(Draft([]), false);
        Assert.Equal(ResultStatus.Invalid, refused.Status);
        Assert.Contains("'_Ticket_' is required", refused.Error, StringComparison.Ordinal);
        Assert.Equal(ResultStatus.Ok, (await worklogs.CreateAsync(Draft([new WorkAttributeValue("_Ticket_", "T-1")]), false)).Status);

        Assert.Equal(ResultStatus.Ok, (await fixture.Grains.GetWorkAttributesGrain(_tenant).DeleteAsync("_Ticket_")).Status);
        var unknown = await worklogs.CreateAsync(Draft([new WorkAttributeValue("_Ticket_", "T-2")]), false);
        Assert.Equal(ResultStatus.Invalid, unknown.Status);
        Assert.Contains("'_Ticket_' does not exist", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_does_not_answer_before_a_silent_holder_s_lease_has_run_out()
    {
        var silent = new SilentHolder();
        var holder = fixture.Grains.CreateObjectReference<IWorkAttributesHolder>(silent);
        var attributes = fixture.Grains.GetWorkAttributesGrain(_tenant);
        var lease = await attributes.LeaseAsync(holder);
        Assert.Equal(WorkAttributesGrain.LeaseLength, lease.Length);

        var change = attributes.CreateAsync(Required("_Late_"));
        await HolderCalls.AssertAskedBeforeAnsweredAsync(silent.Asked.Task, change, "the change");
        Assert.False(change.IsCompleted, "the change answered while the holder had neither dropped its copy nor seen its lease end");

        var advanced = TimeSpan.Zero;
        while (!change.IsCompleted && advanced < TimeSpan.FromMinutes(1))
        {
            var step = TimeSpan.FromMilliseconds(250);
            fixture.Time.Advance(step);
            advanced += step;
            await Task.WhenAny(change, Task.Delay(20));
        }

        Assert.Equal(ResultStatus.Ok, (await change).Status);
        Assert.True(advanced >= WorkAttributesGrain.LeaseLength, $"answered after {advanced}, before the lease of {WorkAttributesGrain.LeaseLength} ended");
    }

    [Fact]
    public async Task After_a_reactivation_a_change_waits_out_the_leases_the_earlier_activation_granted()
    {
        foreach (var cache in SiloCaches())
        {
            Assert.Empty(await cache.GetAllAsync(_tenant));
        }

        await fixture.CollectAsync(fixture.Grains.GetWorkAttributesGrain(_tenant).GetGrainId());
        var change = fixture.Grains.GetWorkAttributesGrain(_tenant).CreateAsync(Required("_After_"));
        await Task.WhenAny(change, Task.Delay(300));
        Assert.False(change.IsCompleted, "a new activation answered a change while leases of the earlier one could still be in use");

        var advanced = TimeSpan.Zero;
        while (!change.IsCompleted && advanced < TimeSpan.FromMinutes(1))
        {
            var step = TimeSpan.FromMilliseconds(250);
            fixture.Time.Advance(step);
            advanced += step;
            await Task.WhenAny(change, Task.Delay(20));
        }

        Assert.Equal(ResultStatus.Ok, (await change).Status);
        Assert.True(advanced >= WorkAttributesGrain.LeaseLength, $"answered after {advanced}");
        foreach (var cache in SiloCaches())
        {
            Assert.Equal(["_After_"], (await cache.GetAllAsync(_tenant)).Select(a => a.Key));
        }
    }

    private sealed class SilentHolder : IWorkAttributesHolder
    {
        public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task DropAsync(string attributesGrainKey)
        {
            Asked.TrySetResult();
            return new TaskCompletionSource().Task;
        }
    }
}
