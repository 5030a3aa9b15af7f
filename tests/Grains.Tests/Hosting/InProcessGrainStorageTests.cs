using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using Tempo.Grains.Hosting;
using Tempo.Grains.Worklogs;

namespace Tempo.Grains.Tests.Hosting;

/// <summary>
/// The embedded in-memory mode's storage keeps state objects: what grains rely on from a storage still holds (ETag
/// conflicts refuse and change nothing, a clear removes, a missing record reads as none), and a mutable state is
/// copied so a grain changing it in place does not change what is stored.
/// </summary>
public sealed class InProcessGrainStorageTests
{
    private static readonly GrainId Grain = GrainId.Create("test", "g_" + Guid.NewGuid().ToString("N"));

    private readonly InProcessGrainStorage _storage = new(new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<DeepCopier>());

    [Fact]
    public async Task A_missing_record_reads_as_none_and_keeps_the_default_state()
    {
        var state = new GrainState<WorklogIdBlocksState>(new WorklogIdBlocksState { LastBlock = 7 });

        await _storage.ReadStateAsync("missing", Grain, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(7, state.State!.LastBlock);
    }

    [Fact]
    public async Task An_immutable_state_is_kept_as_the_object_itself_and_each_write_changes_the_etag()
    {
        var written = new GrainState<WorklogIdBlocksState>(new WorklogIdBlocksState { LastBlock = 3 });
        await _storage.WriteStateAsync("blocks", Grain, written);
        var first = written.ETag;
        await _storage.WriteStateAsync("blocks", Grain, written);

        var read = new GrainState<WorklogIdBlocksState>(new WorklogIdBlocksState());
        await _storage.ReadStateAsync("blocks", Grain, read);

        Assert.True(read.RecordExists);
        Assert.Same(written.State, read.State);
        Assert.NotEqual(first, written.ETag);
        Assert.Equal(written.ETag, read.ETag);
    }

    [Fact]
    public async Task A_write_or_clear_with_a_stale_etag_is_refused_and_changes_nothing()
    {
        var a = new GrainState<WorklogIdBlocksState>(new WorklogIdBlocksState { LastBlock = 1 });
        await _storage.WriteStateAsync("conflict", Grain, a);
        var b = new GrainState<WorklogIdBlocksState>(new WorklogIdBlocksState());
        await _storage.ReadStateAsync("conflict", Grain, b);
        b.State = new WorklogIdBlocksState { LastBlock = 2 };
        await _storage.WriteStateAsync("conflict", Grain, b);

        a.State = new WorklogIdBlocksState { LastBlock = 99 };
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("conflict", Grain, a));
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearStateAsync("conflict", Grain, a));
        var fresh = new GrainState<WorklogIdBlocksState>(new WorklogIdBlocksState()) { ETag = null };
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("conflict", Grain, fresh));

        var read = new GrainState<WorklogIdBlocksState>(new WorklogIdBlocksState());
        await _storage.ReadStateAsync("conflict", Grain, read);
        Assert.Equal(2, read.State!.LastBlock);
        Assert.Equal(b.ETag, read.ETag);
    }

    [Fact]
    public async Task A_clear_removes_the_record_and_a_new_one_can_be_written_after_it()
    {
        var state = new GrainState<WorklogIdBlocksState>(new WorklogIdBlocksState { LastBlock = 5 });
        await _storage.WriteStateAsync("cleared", Grain, state);

        await _storage.ClearStateAsync("cleared", Grain, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        var read = new GrainState<WorklogIdBlocksState>(new WorklogIdBlocksState());
        await _storage.ReadStateAsync("cleared", Grain, read);
        Assert.False(read.RecordExists);
        await _storage.WriteStateAsync("cleared", Grain, state);
        Assert.True(state.RecordExists);
    }

    [Fact]
    public async Task An_etag_of_a_cleared_record_is_refused_by_the_record_written_after_it()
    {
        var stale = new GrainState<WorklogIdBlocksState>(new WorklogIdBlocksState { LastBlock = 1 });
        await _storage.WriteStateAsync("reborn", Grain, stale);
        var clearing = new GrainState<WorklogIdBlocksState>(stale.State) { ETag = stale.ETag, RecordExists = true };
        await _storage.ClearStateAsync("reborn", Grain, clearing);
        var reborn = new GrainState<WorklogIdBlocksState>(new WorklogIdBlocksState { LastBlock = 2 });
        await _storage.WriteStateAsync("reborn", Grain, reborn);

        Assert.NotEqual(stale.ETag, reborn.ETag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("reborn", Grain, stale));
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearStateAsync("reborn", Grain, stale));
        var read = new GrainState<WorklogIdBlocksState>(new WorklogIdBlocksState());
        await _storage.ReadStateAsync("reborn", Grain, read);
        Assert.Equal(2, read.State!.LastBlock);
        Assert.Equal(reborn.ETag, read.ETag);
    }

    [Fact]
    public async Task A_mutable_state_is_copied_so_changing_it_in_place_does_not_change_what_is_stored()
    {
        var state = new GrainState<MutableState>(new MutableState { Items = ["a"] });
        await _storage.WriteStateAsync("mutable", Grain, state);
        state.State!.Items.Add("not written");

        var read = new GrainState<MutableState>(new MutableState());
        await _storage.ReadStateAsync("mutable", Grain, read);
        read.State!.Items.Add("changed after the read");
        var again = new GrainState<MutableState>(new MutableState());
        await _storage.ReadStateAsync("mutable", Grain, again);

        Assert.Equal(["a"], again.State!.Items);
    }
}

[GenerateSerializer, Alias("tempo.tests.MutableState")]
public sealed class MutableState
{
    [Id(0)] public List<string> Items { get; set; } = [];
}
