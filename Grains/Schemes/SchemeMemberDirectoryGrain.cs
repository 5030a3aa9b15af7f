using Tempo.Grains.Interfaces;
using Tempo.Grains.Interfaces.Schemes;

namespace Tempo.Grains.Schemes;

/// <summary>
/// Stores only the page count; the per-page counts live in memory, re-read from the pages on activation and kept
/// up to date by the movers' reports. A reservation counts the member in at once, so concurrent moves into the
/// scheme never overfill a page.
/// </summary>
[GrainType("scheme-member-directory")]
public sealed class SchemeMemberDirectoryGrain(
    [PersistentState("schemeMemberDirectory", StorageNames.Default)] IPersistentState<SchemeMemberDirectoryState> state) : Grain, ISchemeMemberDirectoryGrain
{
    private readonly List<int> _counts = [];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        var (tenant, rest) = TenantId.FromKey(key, SchemesGrainKeys.DirectoryKind);
        var kind = rest[0] == 'w' ? SchemeKind.Workload : SchemeKind.Holiday;
        var schemeId = int.Parse(rest.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
        var counts = await Task.WhenAll(Enumerable.Range(0, state.State.PageCount)
            .Select(p => GrainFactory.GetGrain<ISchemeMemberPageGrain>(SchemesGrainKeys.Page(tenant, kind, schemeId, p)).GetCountAsync()));
        _counts.AddRange(counts);
    }

    public async Task<int> ReserveAsync()
    {
        var page = _counts.FindIndex(c => c < ISchemeMemberPageGrain.Capacity);
        if (page < 0)
        {
            await state.CommitAsync(state.State with { PageCount = state.State.PageCount + 1 }, DeactivateOnIdle);
            _counts.Add(0);
            page = _counts.Count - 1;
        }

        _counts[page]++;
        return page;
    }

    public Task ReportAsync(int page, int count)
    {
        if (page >= 0 && page < _counts.Count)
        {
            _counts[page] = count;
        }

        return Task.CompletedTask;
    }

    public Task<ImmutableArray<int>> GetCountsAsync() => Task.FromResult<ImmutableArray<int>>([.. _counts]);
}
