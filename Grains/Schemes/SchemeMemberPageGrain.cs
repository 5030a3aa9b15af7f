using Tempo.Grains.Interfaces.Schemes;

namespace Tempo.Grains.Schemes;

[GrainType("scheme-member-page")]
public sealed class SchemeMemberPageGrain(
    [PersistentState("schemeMemberPage", StorageNames.Default)] IPersistentState<SchemeMemberPageState> state) : Grain, ISchemeMemberPageGrain
{
    private ImmutableArray<string> Ids => state.State.AccountIds.IsDefault ? [] : state.State.AccountIds;

    public async Task<int> AddAsync(string accountId)
    {
        var at = Ids.BinarySearch(accountId, StringComparer.Ordinal);
        if (at < 0)
        {
            await state.CommitAsync(state.State with { AccountIds = Ids.Insert(~at, accountId) }, DeactivateOnIdle);
        }

        return Ids.Length;
    }

    public async Task<int> RemoveAsync(string accountId)
    {
        var at = Ids.BinarySearch(accountId, StringComparer.Ordinal);
        if (at >= 0)
        {
            await state.CommitAsync(state.State with { AccountIds = Ids.RemoveAt(at) }, DeactivateOnIdle);
        }

        return Ids.Length;
    }

    public Task<ImmutableArray<string>> GetMembersAsync() => Task.FromResult(Ids);

    public Task<int> GetCountAsync() => Task.FromResult(Ids.Length);
}
