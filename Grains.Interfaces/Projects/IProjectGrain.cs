using Orleans.Concurrency;

namespace Tempo.Grains.Interfaces.Projects;

/// <summary>
/// One Cost Tracker project of a tenant (key <see cref="ProjectGrainKeys.Project"/>). Owns the project's fields, its
/// owner and collaborators, its default rates and its attribute values. Every command answers the whole project
/// as read afterwards; NotFound before creation and after deletion. Reads ask the tenant's
/// <see cref="IProjectAttributesGrain"/> for the definitions (and show only values of attributes that still exist);
/// nothing calls back into a project, so there is no call cycle.
/// </summary>
[Alias("tempo.IProjectGrain")]
public interface IProjectGrain : IGrainWithStringKey
{
    [ReadOnly, Alias("Get")] Task<ProjectView?> GetAsync();

    /// <summary>The stored project alone, for a caller that joins attribute definitions itself (the index's pages).</summary>
    [ReadOnly, Alias("GetRecord")] Task<Project?> GetRecordAsync();

    /// <summary>Creates the project: status IN_PLANNING, access RESTRICTED, auto-sync OFF. Conflict when it exists.</summary>
    [Alias("Create")] Task<GrainResult<ProjectView>> CreateAsync(NewProject proposed);

    /// <summary>Changes only the non-null fields: the one partial update of the API.</summary>
    [Alias("Update")] Task<GrainResult<ProjectView>> UpdateAsync(ProjectChanges changes);

    /// <summary>Refused (Invalid) for a project whose scope is JIRA_PROJECTS.</summary>
    [Alias("SetAutoSync")] Task<GrainResult<ProjectView>> SetAutoSyncAsync(AutoSyncSchedule schedule);

    /// <summary>Changes the currency; the default rates keep their values (there is no exchange rate to convert with).</summary>
    [Alias("SetCurrency")] Task<GrainResult<ProjectView>> SetCurrencyAsync(string currencyCode);

    [Alias("SetGeneralAccess")] Task<GrainResult<ProjectView>> SetGeneralAccessAsync(string generalAccess);

    /// <summary>Hands the project to <paramref name="accountId"/>; the old owner becomes a collaborator.</summary>
    [Alias("SetOwner")] Task<GrainResult<ProjectView>> SetOwnerAsync(string accountId);

    /// <summary>Sets the value of an existing attribute of the tenant, checked by its type; an empty value clears it.</summary>
    [Alias("SetAttributeValue")] Task<GrainResult<ProjectView>> SetAttributeValueAsync(Guid attributeId, string value);

    /// <summary>Sets the default BILLING or COST rate; refused (Invalid) for a TIME_BASED project.</summary>
    [Alias("SetRate")] Task<GrainResult<ProjectView>> SetRateAsync(string category, decimal value);

    [Alias("SetUsingAccountRates")] Task<GrainResult<ProjectView>> SetUsingAccountRatesAsync(bool value);

    [Alias("SetUsingGlobalCostRates")] Task<GrainResult<ProjectView>> SetUsingGlobalCostRatesAsync(bool value);

    [Alias("Delete")] Task<GrainResult<bool>> DeleteAsync();

    /// <summary>Drops the value of a deleted attribute, if the project holds one (writes nothing otherwise).</summary>
    [Alias("ForgetAttribute")] Task ForgetAttributeAsync(Guid attributeId);
}
