using Tempo.Grains.Interfaces.Paging;
using Tempo.Grains.Interfaces.Plans;
using Tempo.Grains.Interfaces.Teams;

namespace Tempo.Grains.Plans;

/// <summary>
/// A tenant's generic resources and their team memberships, all in one small state. Whether a resource has plans
/// is its assignee partition's answer (<see cref="IPlanAssigneeGrain.CountAsync"/>), so no plan count is kept here.
/// </summary>
[GrainType("generic-resources")]
public sealed class GenericResourcesGrain(
    [PersistentState("genericResources", StorageNames.Default)] IPersistentState<GenericResourcesState> state,
    TimeProvider time) : Grain, IGenericResourcesGrain
{
    private GenericResourcesState S => state.State;

    private TenantId Tenant => TenantId.FromKey(this.GetPrimaryKeyString(), GenericResourceKeys.Kind).Tenant;

    public async Task<GrainResult<GenericResource>> CreateAsync(string name, string actorId)
    {
        if (NameTaken(name, null))
        {
            return GrainResult<GenericResource>.Invalid(NameTakenMessage(name));
        }

        var now = time.GetUtcNow();
        var resource = new GenericResource(S.LastId + 1, name, actorId, now, actorId, now);
        await state.CommitAsync(S with { Resources = S.Resources.Add(resource.Id, resource), LastId = resource.Id }, DeactivateOnIdle);
        return GrainResult<GenericResource>.Ok(resource);
    }

    public async Task<GrainResult<GenericResource>> UpdateAsync(int id, string name, string actorId)
    {
        if (!S.Resources.TryGetValue(id, out var existing))
        {
            return GrainResult<GenericResource>.NotFound(NotFound(id));
        }

        if (NameTaken(name, id))
        {
            return GrainResult<GenericResource>.Invalid(NameTakenMessage(name));
        }

        var updated = existing with { Name = name, UpdatedBy = actorId, UpdatedAt = time.GetUtcNow() };
        await state.CommitAsync(S with { Resources = S.Resources.SetItem(id, updated) }, DeactivateOnIdle);
        return GrainResult<GenericResource>.Ok(updated);
    }

    public Task<GenericResource?> GetAsync(int id) => Task.FromResult(S.Resources.GetValueOrDefault(id));

    public async Task<GrainResult<bool>> DeleteAsync(int id)
    {
        if (!S.Resources.ContainsKey(id))
        {
            return GrainResult<bool>.NotFound(NotFound(id));
        }

        var assignee = new PlanAssignee(PlanAssigneeType.Generic, id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var plans = await GrainFactory.GetPlanAssigneeGrain(Tenant, assignee).CountAsync();
        if (plans > 0)
        {
            return GrainResult<bool>.Invalid($"Generic resource '{id}' has {plans} plan(s); delete or reassign them first.");
        }

        await state.CommitAsync(S with { Resources = S.Resources.Remove(id), TeamMembers = S.TeamMembers.RemoveAll(m => m.ResourceId == id) }, DeactivateOnIdle);
        return GrainResult.Done;
    }

    public Task<Page<GenericResource>> SearchAsync(ImmutableArray<int> ids, string? query, PageRequest page) =>
        Task.FromResult(page.Of(S.Resources.Values.Where(r =>
            (ids.IsDefaultOrEmpty || ids.Contains(r.Id))
            && (string.IsNullOrEmpty(query) || r.Name.Contains(query, StringComparison.OrdinalIgnoreCase)))));

    public async Task<GrainResult<GenericTeamMember>> AddToTeamAsync(int teamId, int resourceId, string actorId)
    {
        if (!await TeamExistsAsync(teamId))
        {
            return GrainResult<GenericTeamMember>.NotFound(TeamNotFound(teamId));
        }

        if (!S.Resources.TryGetValue(resourceId, out var resource))
        {
            return GrainResult<GenericTeamMember>.Invalid($"Generic resource '{resourceId}' does not exist.");
        }

        if (S.TeamMembers.Any(m => m.TeamId == teamId && m.ResourceId == resourceId))
        {
            return GrainResult<GenericTeamMember>.Invalid($"Generic resource '{resourceId}' is already a member of team '{teamId}'.");
        }

        var member = new GenericTeamMember(teamId, resourceId, string.Empty, time.GetUtcNow(), actorId);
        await state.CommitAsync(S with { TeamMembers = S.TeamMembers.Add(member) }, DeactivateOnIdle);
        return GrainResult<GenericTeamMember>.Ok(member with { Name = resource.Name });
    }

    public async Task<GrainResult<ImmutableArray<GenericTeamMember>>> GetTeamMembersAsync(int teamId) =>
        await TeamExistsAsync(teamId)
            ? GrainResult<ImmutableArray<GenericTeamMember>>.Ok([.. S.TeamMembers.Where(m => m.TeamId == teamId).Select(Named).OrderBy(m => m.ResourceId)])
            : GrainResult<ImmutableArray<GenericTeamMember>>.NotFound(TeamNotFound(teamId));

    public async Task<GrainResult<GenericTeamMember>> GetTeamMemberAsync(int teamId, int resourceId)
    {
        if (!await TeamExistsAsync(teamId))
        {
            return GrainResult<GenericTeamMember>.NotFound(TeamNotFound(teamId));
        }

        return S.TeamMembers.FirstOrDefault(m => m.TeamId == teamId && m.ResourceId == resourceId) is { } member
            ? GrainResult<GenericTeamMember>.Ok(Named(member))
            : GrainResult<GenericTeamMember>.NotFound(NotMember(teamId, resourceId));
    }

    public async Task<GrainResult<bool>> RemoveFromTeamAsync(int teamId, int resourceId)
    {
        if (!await TeamExistsAsync(teamId))
        {
            return GrainResult<bool>.NotFound(TeamNotFound(teamId));
        }

        if (!S.TeamMembers.Any(m => m.TeamId == teamId && m.ResourceId == resourceId))
        {
            return GrainResult<bool>.NotFound(NotMember(teamId, resourceId));
        }

        await state.CommitAsync(S with { TeamMembers = S.TeamMembers.RemoveAll(m => m.TeamId == teamId && m.ResourceId == resourceId) }, DeactivateOnIdle);
        return GrainResult.Done;
    }

    private async Task<bool> TeamExistsAsync(int teamId) => await GrainFactory.GetTeamsGrain(Tenant).GetTeamAsync(teamId) is not null;

    private GenericTeamMember Named(GenericTeamMember member) =>
        member with { Name = S.Resources.GetValueOrDefault(member.ResourceId)?.Name ?? string.Empty };

    private bool NameTaken(string name, int? except) =>
        S.Resources.Values.Any(r => r.Id != except && string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));

    private static string NameTakenMessage(string name) => $"A generic resource named '{name}' already exists.";

    private static string NotFound(int id) => $"Generic resource '{id}' not found";

    private static string TeamNotFound(int id) => $"Team '{id}' not found";

    private static string NotMember(int teamId, int resourceId) => $"Generic resource '{resourceId}' is not a member of team '{teamId}'";
}
