using Tempo.Grains.Interfaces;
using Tempo.Grains.Interfaces.Projects;

namespace Tempo.Grains.Projects;

[GrainType("project-attributes")]
public sealed class ProjectAttributesGrain(
    [PersistentState("projectAttributes", StorageNames.Default)] IPersistentState<ProjectAttributesState> state) : Grain, IProjectAttributesGrain
{
    private ImmutableArray<ProjectAttribute> Attributes => state.State.Attributes;

    public Task<ImmutableArray<ProjectAttribute>> ListAsync() => Task.FromResult(Attributes);

    public Task<ProjectAttribute?> GetAsync(Guid id) => Task.FromResult(Find(id));

    public async Task<GrainResult<ProjectAttribute>> CreateAsync(NewProjectAttribute proposed)
    {
        if (Attributes.Length >= IProjectAttributesGrain.MaxAttributes)
        {
            return GrainResult<ProjectAttribute>.Invalid($"A tenant has at most {IProjectAttributesGrain.MaxAttributes} project attributes.");
        }

        if (NameTaken(proposed.Name, except: null))
        {
            return GrainResult<ProjectAttribute>.Invalid($"Project attribute with name '{proposed.Name}' already exists");
        }

        if (OptionsProblem(proposed.Type, proposed.OptionValues) is { } problem)
        {
            return GrainResult<ProjectAttribute>.Invalid(problem);
        }

        var attribute = new ProjectAttribute(Guid.NewGuid(), proposed.Name, proposed.Type, [.. proposed.OptionValues.Select(v => new SelectListOption(Guid.NewGuid(), v))]);
        await CommitAsync(state.State with { Attributes = Attributes.Add(attribute) });
        return GrainResult<ProjectAttribute>.Ok(attribute);
    }

    public async Task<GrainResult<ProjectAttribute>> UpdateAsync(Guid id, ProjectAttributeChanges changes)
    {
        if (Find(id) is not { } existing)
        {
            return NotFound<ProjectAttribute>(id);
        }

        if (NameTaken(changes.Name, except: id))
        {
            return GrainResult<ProjectAttribute>.Invalid($"Project attribute with name '{changes.Name}' already exists");
        }

        var options = existing.Options;
        foreach (var change in changes.Options)
        {
            if (change.Id is not { } optionId)
            {
                options = options.Add(new SelectListOption(Guid.NewGuid(), change.Value));
            }
            else if (options.FirstOrDefault(o => o.Id == optionId) is { } renamed)
            {
                options = options.Replace(renamed, renamed with { Value = change.Value });
            }
            else
            {
                return GrainResult<ProjectAttribute>.Invalid($"'selectListOptions' names option '{optionId}', which attribute '{existing.Name}' does not have.");
            }
        }

        if (OptionsProblem(existing.Type, [.. options.Select(o => o.Value)]) is { } problem)
        {
            return GrainResult<ProjectAttribute>.Invalid(problem);
        }

        var updated = existing with { Name = changes.Name, Options = options };
        await CommitAsync(state.State with { Attributes = Attributes.Replace(existing, updated) });
        return GrainResult<ProjectAttribute>.Ok(updated);
    }

    public async Task<GrainResult<bool>> DeleteAsync(Guid id)
    {
        if (Find(id) is not { } existing)
        {
            return NotFound<bool>(id);
        }

        await CommitAsync(state.State with { Attributes = Attributes.Remove(existing) });
        return GrainResult.Done;
    }

    private ProjectAttribute? Find(Guid id) => Attributes.FirstOrDefault(a => a.Id == id);

    private bool NameTaken(string name, Guid? except) =>
        Attributes.Any(a => a.Id != except && string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Only a select list has options: at least one, at most <see cref="IProjectAttributesGrain.MaxOptions"/>, values unique.</summary>
    private static string? OptionsProblem(string type, ImmutableArray<string> values)
    {
        if (type != ProjectAttributeTypes.SelectList)
        {
            return values.IsEmpty ? null : $"'selectListOptions' are only for a SELECT_LIST attribute, not {type}.";
        }

        if (values.IsEmpty || values.Length > IProjectAttributesGrain.MaxOptions)
        {
            return $"'selectListOptions' of a SELECT_LIST attribute must hold 1 to {IProjectAttributesGrain.MaxOptions} options.";
        }

        return values.GroupBy(v => v, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice
            ? $"'selectListOptions' holds '{twice.Key}' more than once."
            : null;
    }

    private static GrainResult<T> NotFound<T>(Guid id) => GrainResult<T>.NotFound($"Project attribute '{id}' not found");

    private Task CommitAsync(ProjectAttributesState next) => state.CommitAsync(next, DeactivateOnIdle);
}
