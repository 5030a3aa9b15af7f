using Tempo.Grains.Interfaces.Schemes;

namespace Tempo.Grains.Schemes;

[GrainType("scheme-member-page")]
public sealed class SchemeMemberPageGrain(
    [PersistentState("schemeMemberPage", StorageNames.Default)] IPersistentState<SchemeMemberPageState> state) : Grain, ISchemeMemberPageGrain
{
    private ImmutableArray<string> Ids => state.State.AccountIds.IsDefault ? [] : state.State.AccountIds;

    public async Task<SchemePageCount> AddAsync(string accountId)
    {
        var at = Ids.BinarySearch(accountId, StringComparer.Ordinal);
        if (at < 0)
        {
            await state.CommitAsync(state.State with { AccountIds = Ids.Insert(~at, accountId), Version = state.State.Version + 1 }, DeactivateOnIdle);
        }

        return Count;
    }

    public async Task<SchemePageCount> RemoveAsync(string accountId)
    {
        var at = Ids.BinarySearch(accountId, StringComparer.Ordinal);
        if (at >= 0)
        {
            await state.CommitAsync(state.State with { AccountIds = Ids.RemoveAt(at), Version = state.State.Version + 1 }, DeactivateOnIdle);
        }

        return Count;
    }

    public Task<ImmutableArray<string>> GetMembersAsync() => Task.FromResult(Ids);

    public Task<SchemePageCount> GetCountAsync() => Task.FromResult(Count);

    private SchemePageCount Count => new(Ids.Length, state.State.Version);
}
