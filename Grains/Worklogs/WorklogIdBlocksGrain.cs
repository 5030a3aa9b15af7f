using Tempo.Grains.Interfaces.Worklogs;

namespace Tempo.Grains.Worklogs;

/// <summary>
/// The cluster-wide id counter, in blocks: one write per <see cref="WorklogIds.BlockSize"/> worklogs, so it is on the
/// path of one create in a thousand. A block is written before it is handed out, so a crash never hands it out twice.
/// </summary>
[GrainType("worklog-id-blocks")]
public sealed class WorklogIdBlocksGrain(
    [PersistentState("worklogIdBlocks", StorageNames.Default)] IPersistentState<WorklogIdBlocksState> state) : Grain, IWorklogIdBlocksGrain
{
    public async Task<long> NextBlockAsync()
    {
        var block = state.State.LastBlock + 1;
        await state.CommitAsync(state.State with { LastBlock = block }, DeactivateOnIdle);
        return block;
    }
}
