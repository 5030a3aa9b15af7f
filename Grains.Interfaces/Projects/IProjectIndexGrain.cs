using Orleans.Concurrency;
using Tempo.Grains.Interfaces.Paging;

namespace Tempo.Grains.Interfaces.Projects;

/// <summary>
/// The list of a tenant's projects (key <see cref="ProjectGrainKeys.Index"/>): their ids in creation order, at most
/// <see cref="MaxProjects"/>. Creation and deletion go through it so the list and the projects agree: an id is
/// listed before its project is created and unlisted after it is deleted, so a failure between the two leaves a
/// listed id without a project, which pages skip, never a project nobody can list.
/// </summary>
[Alias("tempo.IProjectIndexGrain")]
public interface IProjectIndexGrain : IGrainWithStringKey
{
    const int MaxProjects = 10_000;

    /// <summary>Lists a new id and creates its project. Invalid when the tenant already has <see cref="MaxProjects"/>.</summary>
    [Alias("Create")] Task<GrainResult<ProjectView>> CreateAsync(NewProject proposed);

    /// <summary>A page of the tenant's projects, in creation order.</summary>
    [ReadOnly, Alias("List")] Task<Page<ProjectView>> ListAsync(PageRequest page);

    [Alias("Delete")] Task<GrainResult<bool>> DeleteAsync(Guid id);

    /// <summary>Deletes an attribute definition, then removes its values from every project of the tenant.</summary>
    [Alias("DeleteAttribute")] Task<GrainResult<bool>> DeleteAttributeAsync(Guid attributeId);
}

/// <summary>The grain keys of the Cost Tracker scope, all tenant-first.</summary>
public static class ProjectGrainKeys
{
    public const string ProjectKind = "project";
    public const string IndexKind = "projects";
    public const string AttributesKind = "project-attributes";

    public static string Project(TenantId tenant, Guid id) => tenant.Key(ProjectKind, id.ToString("N"));

    public static string Index(TenantId tenant) => tenant.Key(IndexKind);

    public static string Attributes(TenantId tenant) => tenant.Key(AttributesKind);

    /// <summary>The tenant and project id of a <see cref="Project"/> key.</summary>
    public static (TenantId Tenant, Guid Id) OfProject(string key)
    {
        var (tenant, rest) = TenantId.FromKey(key, ProjectKind);
        return (tenant, Guid.ParseExact(rest, "N"));
    }
}
