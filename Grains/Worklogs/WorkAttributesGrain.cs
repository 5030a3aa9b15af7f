using Tempo.Grains.Interfaces.Accounts;
using Tempo.Grains.Interfaces.Paging;
using Tempo.Grains.Interfaces.Worklogs;

namespace Tempo.Grains.Worklogs;

[GrainType("work-attributes")]
public sealed class WorkAttributesGrain(
    [PersistentState("workAttributes", StorageNames.Default)] IPersistentState<WorkAttributesState> state) : Grain, IWorkAttributesGrain
{
    private ImmutableSortedDictionary<string, WorkAttribute> Attributes => state.State.Attributes;

    public Task<Page<WorkAttribute>> ListAsync(PageRequest page) => Task.FromResult(page.Of(Attributes.Values));

    public Task<ImmutableArray<WorkAttribute>> GetAllAsync() => Task.FromResult<ImmutableArray<WorkAttribute>>([.. Attributes.Values]);

    public Task<WorkAttribute?> GetAsync(string key) => Task.FromResult(Attributes.GetValueOrDefault(key));

    public async Task<DomainResult<WorkAttribute>> CreateAsync(WorkAttributeInput input)
    {
        if (Attributes.ContainsKey(input.Key))
        {
            return DomainResult<WorkAttribute>.Invalid($"Work attribute with key '{input.Key}' already exists");
        }

        if (Invalid(input) is { } problem)
        {
            return DomainResult<WorkAttribute>.Invalid(problem);
        }

        var attribute = From(input);
        await CommitAsync(state.State with { Attributes = Attributes.Add(attribute.Key, attribute) });
        return DomainResult<WorkAttribute>.Ok(attribute);
    }

    public async Task<DomainResult<WorkAttribute>> UpdateAsync(string key, WorkAttributeInput input)
    {
        if (!Attributes.ContainsKey(key))
        {
            return DomainResult<WorkAttribute>.NotFound($"Work attribute '{key}' not found");
        }

        if (Invalid(input) is { } problem)
        {
            return DomainResult<WorkAttribute>.Invalid(problem);
        }

        var attribute = From(input with { Key = key });
        await CommitAsync(state.State with { Attributes = Attributes.SetItem(key, attribute) });
        return DomainResult<WorkAttribute>.Ok(attribute);
    }

    public async Task<DomainResult<bool>> DeleteAsync(string key)
    {
        if (!Attributes.ContainsKey(key))
        {
            return DomainResult<bool>.NotFound($"Work attribute '{key}' not found");
        }

        await CommitAsync(state.State with { Attributes = Attributes.Remove(key) });
        return DomainResult<bool>.Ok(true);
    }

    /// <summary>A static list needs values, and display names only for values it has.</summary>
    private static string? Invalid(WorkAttributeInput input)
    {
        if (input.Type == WorkAttributeTypes.StaticList && input.Values.IsDefaultOrEmpty)
        {
            return "'values' is required for a STATIC_LIST work attribute.";
        }

        return input.Names.Keys.FirstOrDefault(n => !input.Values.Contains(n)) is { } stray
            ? $"'names' has '{stray}', which is not one of the 'values'."
            : null;
    }

    /// <summary>Only static lists keep values; every value is its own display name unless <c>names</c> says otherwise.</summary>
    private static WorkAttribute From(WorkAttributeInput input)
    {
        var values = input.Type == WorkAttributeTypes.StaticList ? input.Values : [];
        var names = values.ToImmutableDictionary(v => v, v => input.Names.GetValueOrDefault(v) ?? v);
        return new WorkAttribute(input.Key, input.Name, input.Type, input.Required, values, names, input.ExternalUrl, input.ClientSecret);
    }

    private Task CommitAsync(WorkAttributesState next) => state.CommitAsync(next, DeactivateOnIdle);
}
