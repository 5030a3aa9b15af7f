using Tempo.Grains.Interfaces;
using Tempo.Grains.Interfaces.Schemes;

namespace Tempo.Grains.Schemes;

/// <summary>
/// Stores only the page count. In memory, per page: the newest count the page reported (by the page's version, since
/// movers report out of order) and the reservations of moves still on their way, so concurrent moves never overfill a
/// page and readers page over what the pages really hold.
/// </summary>
[GrainType("scheme-member-directory")]
public sealed class SchemeMemberDirectoryGrain(
    [PersistentState("schemeMemberDirectory", StorageNames.Default)] IPersistentState<SchemeMemberDirectoryState> state) : Grain, ISchemeMemberDirectoryGrain
{
    private readonly List<SchemePageCount> _listed = [];
    private readonly List<int> _reserved = [];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        var (tenant, rest) = TenantId.FromKey(key, SchemesGrainKeys.DirectoryKind);
        var kind = rest[0] == 'w' ? SchemeKind.Workload : SchemeKind.Holiday;
        var schemeId = int.Parse(rest.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
        var counts = await Task.WhenAll(Enumerable.Range(0, state.State.PageCount)
            .Select(p => GrainFactory.Reference<ISchemeMemberPageGrain>(SchemesGrainKeys.Page(tenant, kind, schemeId, p)).GetCountAsync()));
        _listed.AddRange(counts);
        _reserved.AddRange(counts.Select(_ => 0));
    }

    public async Task<int> ReserveAsync()
    {
        var page = Enumerable.Range(0, _listed.Count).FirstOrDefault(p => _listed[p].Count + _reserved[p] < ISchemeMemberPageGrain.Capacity, -1);
        if (page < 0)
        {
            await state.CommitAsync(state.State with { PageCount = state.State.PageCount + 1 }, DeactivateOnIdle);
            _listed.Add(default);
            _reserved.Add(0);
            page = _listed.Count - 1;
        }

        _reserved[page]++;
        return page;
    }

    public Task ReportAsync(int page, SchemePageCount count, bool endsReservation)
    {
        if (page >= 0 && page < _listed.Count)
        {
            if (count.Version > _listed[page].Version)
            {
                _listed[page] = count;
            }

            if (endsReservation && _reserved[page] > 0)
            {
                _reserved[page]--;
            }
        }

        return Task.CompletedTask;
    }

    public Task<ImmutableArray<int>> GetCountsAsync() => Task.FromResult<ImmutableArray<int>>([.. _listed.Select(c => c.Count)]);
}
