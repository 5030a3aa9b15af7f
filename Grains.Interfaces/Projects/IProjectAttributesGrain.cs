using Orleans.Concurrency;

namespace Tempo.Grains.Interfaces.Projects;

/// <summary>
/// The project attribute definitions of one tenant (key <see cref="ProjectGrainKeys.Attributes"/>): at most
/// <see cref="MaxAttributes"/>, so one grain owns them and name uniqueness (ignoring case) holds with one write.
/// Ids are fresh UUIDs, never reused, so a value left behind on a project by a deleted attribute can never be
/// mistaken for the value of a later one. This grain calls no other grain (projects call it).
/// </summary>
[Alias("tempo.IProjectAttributesGrain")]
public interface IProjectAttributesGrain : IGrainWithStringKey
{
    const int MaxAttributes = 200;

    const int MaxOptions = 500;

    /// <summary>Every attribute, in the order they were created.</summary>
    [ReadOnly, Alias("List")] Task<ImmutableArray<ProjectAttribute>> ListAsync();

    [ReadOnly, Alias("Get")] Task<ProjectAttribute?> GetAsync(Guid id);

    [Alias("Create")] Task<GrainResult<ProjectAttribute>> CreateAsync(NewProjectAttribute proposed);

    /// <summary>Renames the attribute, renames the options named by id and adds those without one.</summary>
    [Alias("Update")] Task<GrainResult<ProjectAttribute>> UpdateAsync(Guid id, ProjectAttributeChanges changes);

    /// <summary>
    /// Forgets the definition. Values projects hold for it are ignored from then on; removing them from every project
    /// is <see cref="IProjectIndexGrain.DeleteAttributeAsync"/>'s job, which calls this first.
    /// </summary>
    [Alias("Delete")] Task<GrainResult<bool>> DeleteAsync(Guid id);
}
