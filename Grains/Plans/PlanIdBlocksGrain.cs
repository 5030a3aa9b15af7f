using Tempo.Grains.Interfaces.Plans;

namespace Tempo.Grains.Plans;

/// <summary>
/// A tenant's plan id counter, in blocks of <see cref="PlanKeys.IdBlock"/>: one write per block, written before the
/// block is handed out, so a crash never hands a block out twice.
/// </summary>
[GrainType("plan-id-blocks")]
public sealed class PlanIdBlocksGrain(
    [PersistentState("planIdBlocks", StorageNames.Default)] IPersistentState<PlanIdBlocksState> state) : Grain, IPlanIdBlocksGrain
{
    public async Task<int> NextBlockAsync()
    {
        var block = state.State.LastBlock + 1;
        if (block >= int.MaxValue / PlanKeys.IdBlock)
        {
            throw new InvalidOperationException("The tenant has used every plan id.");
        }

        await state.CommitAsync(state.State with { LastBlock = block }, DeactivateOnIdle);
        return block;
    }
}
