using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Tempo.Grains.Interfaces.Worklogs;

namespace Tempo.Grains.Worklogs;

/// <summary>
/// Where the worklogs of one id lane live, and the place their changes run: a change is one turn of this grain,
/// so changes of one worklog never interleave. Each change goes in an order that a crash at any point leaves
/// readable: catalogs, then the new version's index refs, then the commit (the owner's row, or for a move this
/// grain's pointer), then the clean-up of what the old version left.
/// </summary>
[GrainType("worklog-directory")]
public sealed class WorklogDirectoryGrain(
    [PersistentState("worklogDirectory", StorageNames.Default)] IPersistentState<WorklogDirectoryState> state,
    IGrainFactory grains,
    WorklogSeams seams) : Grain, IWorklogDirectoryGrain
{
    private readonly WorklogSeams _seams = seams;
    private WorklogWrites _writes = null!;
    private TenantId _tenant;

    /// <summary>Locations a segment holds before a new one starts (~80 bytes of JSON each).</summary>
    public const int SegmentCapacity = 16;

    /// <summary>
    /// The locations, in segments (<see cref="SegmentedRows{T}"/>), so registering an id rewrites one small segment;
    /// they change in memory only once written, so <see cref="LocateAsync"/> answers what is committed while a write
    /// is on its way.
    /// </summary>
    private SegmentedRows<WorklogLocation> _owners = null!;
    private Func<int, Task>? _growHead;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _tenant = WorklogGrainKeys.TenantOf(this.GetPrimaryKeyString());
        _writes = new WorklogWrites(grains, _tenant);
        _owners = new SegmentedRows<WorklogLocation>(
            ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default),
            this.GetGrainId(),
            "worklogDirectorySeg",
            SegmentCapacity,
            l => (l.Id, 0),
            l => new SortKey(default, default, l.Id, 0));
        var legacy = state.State.Owners.Select(o => new WorklogLocation(o.Key, o.Value)).OrderBy(l => l.Id).ToImmutableArray();
        if (await _owners.LoadAsync(state.State.Segments, legacy))
        {
            await state.CommitAsync(new WorklogDirectoryState { Segments = _owners.SegmentCount }, DeactivateOnIdle);
        }
    }

    public Task<ImmutableArray<WorklogLocation>> LocateAsync(ImmutableArray<long> ids)
    {
        var found = ImmutableArray.CreateBuilder<WorklogLocation>(ids.Length);
        foreach (var id in ids.Distinct())
        {
            if (_owners.TryFind((id, 0), out var location))
            {
                found.Add(location);
            }
        }

        return Task.FromResult(found.DrainToImmutable());
    }

    public async Task RegisterAsync(ImmutableArray<WorklogLocation> locations)
    {
        var added = _owners.Missing(locations);
        if (added.Count > 0)
        {
            await CommitAsync(added, []);
        }
    }

    public async Task<GrainResult<Worklog>> ChangeAsync(long id, WorklogChange change)
    {
        if (await CurrentAsync(id) is not { } found)
        {
            return GrainResult<Worklog>.NotFound(NotFound(id));
        }

        var (current, owner) = found;
        Worklog next;
        if (change.Replacement is { } draft)
        {
            next = WorklogRules.Build(id, current.Version + 1, draft, current.IssueId, current.ProjectId, current.CreatedAt, _seams, current.IndexLayout);
        }
        else
        {
            if (change.AddedAttributes.FirstOrDefault(a => current.Attributes.Any(c => c.Key == a.Key)) is { } duplicate)
            {
                return GrainResult<Worklog>.Invalid($"'attributeValues': worklog '{id}' already has a value for work attribute '{duplicate.Key}'.");
            }

            next = current with
            {
                Version = current.Version + 1,
                Attributes = current.Attributes.AddRange(change.AddedAttributes),
                UpdatedAt = _seams.Time.GetUtcNow(),
            };
        }

        await using var admission = await _seams.AdmitAsync(
            _tenant, change.BypassPeriodClosures, [(current.AuthorAccountId, current.StartDate), (next.AuthorAccountId, next.StartDate)]);
        if (admission.Closed)
        {
            return GrainResult<Worklog>.Forbidden(WorklogWriteErrors.PeriodClosed);
        }

        await Task.WhenAll(_writes.EnsureCatalogsAsync([next]), _writes.StageRefsAsync([next]));
        await _seams.StepAsync(WorklogWriteStep.CatalogsEnsured, next);
        await _seams.StepAsync(WorklogWriteStep.IndexesStaged, next);

        var target = OwnerPartition.Of(_tenant, next);
        if (target == owner)
        {
            await _writes.Owner(owner).PutAsync(next);
            await _seams.StepAsync(WorklogWriteStep.Committed, next);
        }
        else
        {
            // A move: both owners hold a pending row until this grain's pointer decides which one lives.
            await Task.WhenAll(_writes.Owner(target).PutIncomingAsync(next), _writes.Owner(owner).MarkOutgoingAsync(id, current.Version));
            await _seams.StepAsync(WorklogWriteStep.MoveStaged, next);
            await CommitAsync([new WorklogLocation(id, target)], []);
            await _seams.StepAsync(WorklogWriteStep.Committed, next);
            await Task.WhenAll(
                _writes.Owner(target).SettleAsync(id, next.Version, keep: true),
                _writes.Owner(owner).SettleAsync(id, current.Version, keep: false));
            await _seams.StepAsync(WorklogWriteStep.OwnersSettled, next);
        }

        await _writes.RemoveRefsAsync(current);
        return GrainResult<Worklog>.Ok(next);
    }

    public async Task<GrainResult<bool>> DeleteAsync(long id, bool bypassPeriodClosures)
    {
        if (await CurrentAsync(id) is not { } found)
        {
            return GrainResult<bool>.NotFound(NotFound(id));
        }

        var (current, owner) = found;
        await using var admission = await _seams.AdmitAsync(_tenant, bypassPeriodClosures, [(current.AuthorAccountId, current.StartDate)]);
        if (admission.Closed)
        {
            return GrainResult<bool>.Forbidden(WorklogWriteErrors.PeriodClosed);
        }

        await _writes.Owner(owner).RemoveAsync(id);
        await _seams.StepAsync(WorklogWriteStep.Committed, current);
        await Task.WhenAll(CommitAsync([], [(id, 0)]), _writes.RemoveRefsAsync(current));
        return GrainResult.Done;
    }

    internal static string NotFound(long id) => $"Worklog '{id}' not found";

    /// <summary>The live version: the row the pointed-at owner holds, whatever its move state.</summary>
    private async Task<(Worklog Worklog, OwnerPartition Owner)?> CurrentAsync(long id)
    {
        if (!_owners.TryFind((id, 0), out var location))
        {
            return null;
        }

        var owner = location.Owner;
        var rows = await _writes.Owner(owner).GetAsync([id]);
        return rows.IsEmpty ? null : (rows[0].Worklog, owner);
    }

    private async Task CommitAsync(IReadOnlyCollection<WorklogLocation> upserts, IReadOnlyCollection<(long, int)> removals)
    {
        try
        {
            await _owners.WriteAsync(upserts, removals, _growHead ??= count => state.CommitAsync(state.State with { Segments = count }, DeactivateOnIdle));
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }
}
