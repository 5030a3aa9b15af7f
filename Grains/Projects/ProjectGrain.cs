using Tempo.Grains.Interfaces;
using Tempo.Grains.Interfaces.Projects;

namespace Tempo.Grains.Projects;

[GrainType("project")]
public sealed class ProjectGrain(
    [PersistentState("costTrackerProject", StorageNames.Default)] IPersistentState<ProjectState> state,
    TimeProvider time) : Grain, IProjectGrain
{
    private Project? Current => state.State.Project;

    private IProjectAttributesGrain Attributes =>
        GrainFactory.Reference<IProjectAttributesGrain>(ProjectGrainKeys.Attributes(ProjectGrainKeys.OfProject(this.GetPrimaryKeyString()).Tenant));

    public async Task<ProjectView?> GetAsync() => Current is { } project ? await ViewAsync(project) : null;

    public Task<Project?> GetRecordAsync() => Task.FromResult(Current);

    public async Task<GrainResult<ProjectView>> CreateAsync(NewProject proposed)
    {
        if (Current is not null)
        {
            return GrainResult<ProjectView>.Conflict($"Project '{ProjectGrainKeys.OfProject(this.GetPrimaryKeyString()).Id}' already exists");
        }

        if (!Currencies.IsKnown(proposed.CurrencyCode))
        {
            return GrainResult<ProjectView>.Invalid(Currencies.Unknown("currencyCode", proposed.CurrencyCode));
        }

        var project = new Project(
            ProjectGrainKeys.OfProject(this.GetPrimaryKeyString()).Id,
            proposed.Name,
            proposed.Type,
            ProjectVocabulary.InPlanning,
            ProjectVocabulary.Restricted,
            proposed.OwnerAccountId,
            Collaborators: [],
            proposed.CurrencyCode,
            DefaultCostRate: proposed.DefaultCostRate ?? 0m,
            DefaultBillingRate: 0m,
            proposed.TrackingRevenue,
            UsingApproval: false,
            UsingAccountRates: false,
            UsingGlobalCostRates: false,
            Tags: [],
            proposed.Scope,
            AutoSyncSchedule.Off,
            ImmutableDictionary<Guid, string>.Empty);
        return await CommitAsync(project);
    }

    public Task<GrainResult<ProjectView>> UpdateAsync(ProjectChanges changes) =>
        ChangeAsync(p => p with
        {
            Name = changes.Name ?? p.Name,
            Status = changes.Status ?? p.Status,
            Tags = changes.Tags ?? p.Tags,
            TrackingRevenue = changes.TrackingRevenue ?? p.TrackingRevenue,
            UsingApproval = changes.UsingApproval ?? p.UsingApproval,
        });

    public Task<GrainResult<ProjectView>> SetAutoSyncAsync(AutoSyncSchedule schedule) =>
        ChangeAsync(p => p.Scope?.Type == ProjectVocabulary.JiraProjects
            ? GrainResult<Project>.Invalid("Auto-sync is not available for a project whose scope is JIRA_PROJECTS.")
            : GrainResult<Project>.Ok(p with { AutoSync = schedule }));

    public Task<GrainResult<ProjectView>> SetCurrencyAsync(string currencyCode) =>
        ChangeAsync(p => Currencies.IsKnown(currencyCode)
            ? GrainResult<Project>.Ok(p with { CurrencyCode = currencyCode })
            : GrainResult<Project>.Invalid(Currencies.Unknown("currencyCode", currencyCode)));

    public Task<GrainResult<ProjectView>> SetGeneralAccessAsync(string generalAccess) =>
        ChangeAsync(p => p with { GeneralAccess = generalAccess });

    public Task<GrainResult<ProjectView>> SetOwnerAsync(string accountId) =>
        ChangeAsync(p => p.OwnerAccountId == accountId ? p : p with
        {
            OwnerAccountId = accountId,
            Collaborators = [.. p.Collaborators.Remove(accountId).Remove(p.OwnerAccountId).Add(p.OwnerAccountId)],
        });

    public async Task<GrainResult<ProjectView>> SetAttributeValueAsync(Guid attributeId, string value)
    {
        // The grain runs one command at a time, so the project read here is still current after the await below.
        if (Current is not { } project)
        {
            return NotFound();
        }

        if (await Attributes.GetAsync(attributeId) is not { } attribute)
        {
            return GrainResult<ProjectView>.NotFound($"Project attribute '{attributeId}' not found");
        }

        if (value.Length > 0 && attribute.Problem(value) is { } problem)
        {
            return GrainResult<ProjectView>.Invalid(problem);
        }

        var values = value.Length == 0 ? project.AttributeValues.Remove(attributeId) : project.AttributeValues.SetItem(attributeId, value);
        return await CommitAsync(project with { AttributeValues = values });
    }

    public Task<GrainResult<ProjectView>> SetRateAsync(string category, decimal value) =>
        ChangeAsync(p => p.Type == ProjectVocabulary.TimeBased
            ? GrainResult<Project>.Invalid("Default rates are not available for a TIME_BASED project.")
            : GrainResult<Project>.Ok(category == ProjectVocabulary.Billing ? p with { DefaultBillingRate = value } : p with { DefaultCostRate = value }));

    public Task<GrainResult<ProjectView>> SetUsingAccountRatesAsync(bool value) =>
        ChangeAsync(p => p with { UsingAccountRates = value });

    public Task<GrainResult<ProjectView>> SetUsingGlobalCostRatesAsync(bool value) =>
        ChangeAsync(p => p with { UsingGlobalCostRates = value });

    public async Task<GrainResult<bool>> DeleteAsync()
    {
        if (Current is null)
        {
            return NotFound().As<bool>();
        }

        await state.CommitAsync(new ProjectState(), DeactivateOnIdle);
        return GrainResult.Done;
    }

    public async Task ForgetAttributeAsync(Guid attributeId)
    {
        if (Current is { } project && project.AttributeValues.ContainsKey(attributeId))
        {
            await state.CommitAsync(new ProjectState { Project = project with { AttributeValues = project.AttributeValues.Remove(attributeId) } }, DeactivateOnIdle);
        }
    }

    private Task<GrainResult<ProjectView>> ChangeAsync(Func<Project, Project> change) =>
        ChangeAsync(p => GrainResult<Project>.Ok(change(p)));

    private async Task<GrainResult<ProjectView>> ChangeAsync(Func<Project, GrainResult<Project>> change)
    {
        if (Current is not { } project)
        {
            return NotFound();
        }

        var changed = change(project);
        return changed.IsOk ? await CommitAsync(changed.Value!) : changed.As<ProjectView>();
    }

    private async Task<GrainResult<ProjectView>> CommitAsync(Project next)
    {
        if (next != Current)
        {
            await state.CommitAsync(new ProjectState { Project = next }, DeactivateOnIdle);
        }

        return GrainResult<ProjectView>.Ok(await ViewAsync(next));
    }

    private async Task<ProjectView> ViewAsync(Project project) =>
        ProjectViews.Of(project, project.AttributeValues.IsEmpty ? [] : await Attributes.ListAsync(), time.GetUtcNow());

    private GrainResult<ProjectView> NotFound() =>
        GrainResult<ProjectView>.NotFound($"Project '{ProjectGrainKeys.OfProject(this.GetPrimaryKeyString()).Id}' not found");
}
