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

    /// <summary>The state as last written: what <see cref="LocateAsync"/> answers while a write is on its way.</summary>
    private WorklogDirectoryState _committed = new();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _committed = state.State;
        _tenant = WorklogGrainKeys.TenantOf(this.GetPrimaryKeyString());
        _writes = new WorklogWrites(grains, _tenant);
        return Task.CompletedTask;
    }

    public Task<ImmutableArray<WorklogLocation>> LocateAsync(ImmutableArray<long> ids)
    {
        var owners = _committed.Owners;
        return Task.FromResult<ImmutableArray<WorklogLocation>>(
            [.. ids.Distinct().Where(owners.ContainsKey).Select(id => new WorklogLocation(id, owners[id]))]);
    }

    public async Task RegisterAsync(ImmutableArray<WorklogLocation> locations)
    {
        var owners = state.State.Owners;
        if (locations.All(l => owners.TryGetValue(l.Id, out var known) && known == l.Owner))
        {
            return;
        }

        await CommitAsync(state.State with { Owners = owners.SetItems(locations.Select(l => KeyValuePair.Create(l.Id, l.Owner))) });
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
            next = WorklogRules.Build(id, current.Version + 1, draft, current.IssueId, current.ProjectId, current.CreatedAt, _seams);
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

        await _writes.EnsureCatalogsAsync([next]);
        await _seams.StepAsync(WorklogWriteStep.CatalogsEnsured, next);
        await _writes.StageRefsAsync([next]);
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
            await _writes.Owner(target).PutIncomingAsync(next);
            await _writes.Owner(owner).MarkOutgoingAsync(id, current.Version);
            await _seams.StepAsync(WorklogWriteStep.MoveStaged, next);
            await CommitAsync(state.State with { Owners = state.State.Owners.SetItem(id, target) });
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
        await CommitAsync(state.State with { Owners = state.State.Owners.Remove(id) });
        await _writes.RemoveRefsAsync(current);
        return GrainResult.Done;
    }

    internal static string NotFound(long id) => $"Worklog '{id}' not found";

    /// <summary>The live version: the row the pointed-at owner holds, whatever its move state.</summary>
    private async Task<(Worklog Worklog, OwnerPartition Owner)?> CurrentAsync(long id)
    {
        if (!state.State.Owners.TryGetValue(id, out var owner))
        {
            return null;
        }

        var rows = await _writes.Owner(owner).GetAsync([id]);
        return rows.IsEmpty ? null : (rows[0].Worklog, owner);
    }

    private async Task CommitAsync(WorklogDirectoryState next)
    {
        await state.CommitAsync(next, DeactivateOnIdle);
        _committed = next;
    }
}
