using Tempo.Grains.Interfaces;
using Tempo.Grains.Interfaces.Paging;
using Tempo.Grains.Interfaces.Projects;

namespace Tempo.Grains.Projects;

[GrainType("project-index")]
public sealed class ProjectIndexGrain(
    [PersistentState("costTrackerProjectIndex", StorageNames.Default)] IPersistentState<ProjectIndexState> state,
    TimeProvider time) : Grain, IProjectIndexGrain
{
    /// <summary>How many project grains one fan-out calls at once.</summary>
    private const int FanOut = 64;

    private ImmutableArray<Guid> Ids => state.State.Ids;

    private TenantId Tenant => TenantId.FromKey(this.GetPrimaryKeyString(), ProjectGrainKeys.IndexKind).Tenant;

    public async Task<GrainResult<ProjectView>> CreateAsync(NewProject proposed)
    {
        if (Ids.Length >= IProjectIndexGrain.MaxProjects)
        {
            return GrainResult<ProjectView>.Invalid($"A tenant has at most {IProjectIndexGrain.MaxProjects} projects.");
        }

        var id = Guid.NewGuid();
        await state.CommitAsync(state.State with { Ids = Ids.Add(id) }, DeactivateOnIdle);
        return await Project(id).CreateAsync(proposed);
    }

    public async Task<Page<ProjectView>> ListAsync(PageRequest page)
    {
        var ids = page.Of(Ids);
        var attributes = GrainFactory.Reference<IProjectAttributesGrain>(ProjectGrainKeys.Attributes(Tenant)).ListAsync();
        var projects = await Task.WhenAll(ids.Items.Select(id => Project(id).GetRecordAsync()));
        var now = time.GetUtcNow();
        var definitions = await attributes;

        // An id listed by a create that failed half-way has no project: it is skipped.
        return new Page<ProjectView>([.. projects.OfType<Project>().Select(p => ProjectViews.Of(p, definitions, now))], ids.HasMore);
    }

    public async Task<GrainResult<bool>> DeleteAsync(Guid id)
    {
        if (!Ids.Contains(id))
        {
            return GrainResult<bool>.NotFound($"Project '{id}' not found");
        }

        var deleted = await Project(id).DeleteAsync();
        await state.CommitAsync(state.State with { Ids = Ids.Remove(id) }, DeactivateOnIdle);
        return deleted;
    }

    public async Task<GrainResult<bool>> DeleteAttributeAsync(Guid attributeId)
    {
        var deleted = await GrainFactory.Reference<IProjectAttributesGrain>(ProjectGrainKeys.Attributes(Tenant)).DeleteAsync(attributeId);
        if (!deleted.IsOk)
        {
            return deleted;
        }

        // Readers already ignore the values of a deleted attribute; this only frees the space they take.
        foreach (var batch in Ids.Chunk(FanOut))
        {
            await Task.WhenAll(batch.Select(id => Project(id).ForgetAttributeAsync(attributeId)));
        }

        return deleted;
    }

    private IProjectGrain Project(Guid id) => GrainFactory.Reference<IProjectGrain>(ProjectGrainKeys.Project(Tenant, id));
}
