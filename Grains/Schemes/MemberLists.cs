using Tempo.Grains.Interfaces;
using Tempo.Grains.Interfaces.Paging;
using Tempo.Grains.Interfaces.Schemes;

namespace Tempo.Grains.Schemes;

/// <summary>
/// Reads the member-list pages of schemes: counts, pages of members (each entry checked against the user's grain,
/// the truth, so stale entries left by a crash between a move's writes are dropped) and the walk over a deleted
/// scheme's members.
/// </summary>
internal sealed class MemberLists(IGrainFactory grains, TenantId tenant)
{
    /// <summary>How many user grains one walk calls at a time.</summary>
    private const int Parallelism = 16;

    public async Task<long> CountAsync(SchemeKind kind, int schemeId) => (await Directory(kind, schemeId).GetCountsAsync()).Sum();

    /// <summary>
    /// The members of the schemes, scheme after scheme. Offsets count page entries, so a stale entry (rare) makes a
    /// page one short rather than shifting the next one.
    /// </summary>
    public async Task<Page<SchemeMember>> PageAsync(SchemeKind kind, IReadOnlyList<int> schemeIds, PageRequest request)
    {
        var counts = await Task.WhenAll(schemeIds.Select(id => Directory(kind, id).GetCountsAsync()));
        var skip = request.Offset;
        var take = request.Limit;
        var candidates = new List<SchemeMember>();
        var remaining = 0L;
        for (var s = 0; s < schemeIds.Count; s++)
        {
            for (var p = 0; p < counts[s].Length; p++)
            {
                var count = counts[s][p];
                if (take <= 0)
                {
                    remaining += count;
                    continue;
                }

                if (skip >= count)
                {
                    skip -= count;
                    continue;
                }

                var members = await Page(kind, schemeIds[s], p).GetMembersAsync();
                var taken = members.Skip(skip).Take(take).ToList();
                candidates.AddRange(taken.Select(a => new SchemeMember(a, schemeIds[s])));
                remaining += Math.Max(0, members.Length - skip - taken.Count);
                take -= taken.Count;
                skip = 0;
            }
        }

        var confirmed = await ConfirmedAsync(kind, candidates);
        return new Page<SchemeMember>(confirmed, remaining > 0);
    }

    /// <summary>Moves every member the lists of <paramref name="from"/> hold to <paramref name="to"/>, one page at a time.</summary>
    public async Task MoveAllAsync(SchemeKind kind, int from, int to)
    {
        var pages = (await Directory(kind, from).GetCountsAsync()).Length;
        for (var p = 0; p < pages; p++)
        {
            var members = await Page(kind, from, p).GetMembersAsync();
            foreach (var chunk in members.Chunk(Parallelism))
            {
                await Task.WhenAll(chunk.Select(a => User(a).MoveIfInAsync(kind, from, to)));
            }
        }
    }

    public async Task MoveAsync(SchemeKind kind, int schemeId, IEnumerable<string> accountIds)
    {
        foreach (var chunk in accountIds.Distinct(StringComparer.Ordinal).Chunk(Parallelism))
        {
            await Task.WhenAll(chunk.Select(a => User(a).MoveAsync(kind, schemeId)));
        }
    }

    public ISchemeUserGrain User(string accountId) => grains.Reference<ISchemeUserGrain>(SchemesGrainKeys.User(tenant, accountId));

    private async Task<ImmutableArray<SchemeMember>> ConfirmedAsync(SchemeKind kind, List<SchemeMember> candidates)
    {
        var placements = await Task.WhenAll(candidates.Select(c => User(c.AccountId).GetPlacementsAsync()));
        return [.. candidates.Where((c, i) => placements[i].Of(kind)?.SchemeId == c.SchemeId)];
    }

    private ISchemeMemberDirectoryGrain Directory(SchemeKind kind, int schemeId) =>
        grains.Reference<ISchemeMemberDirectoryGrain>(SchemesGrainKeys.Directory(tenant, kind, schemeId));

    private ISchemeMemberPageGrain Page(SchemeKind kind, int schemeId, int page) =>
        grains.Reference<ISchemeMemberPageGrain>(SchemesGrainKeys.Page(tenant, kind, schemeId, page));
}
