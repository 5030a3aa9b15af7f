using Tempo.Grains.Interfaces.Accounts;
using Tempo.Grains.Interfaces.Paging;
using Tempo.Grains.Interfaces.Worklogs;
using Tempo.Grains.Leasing;

namespace Tempo.Grains.Worklogs;

/// <summary>
/// The tenant's work attributes. Worklog writes check values against a per-silo copy (<see cref="WorkAttributesCache"/>)
/// leased from here; a change is stored, then every silo that may hold the old copy drops it (or its lease runs out)
/// before the change answers, so no write that starts after the answer is checked against the old attributes.
/// </summary>
[GrainType("work-attributes")]
public sealed class WorkAttributesGrain(
    [PersistentState("workAttributes", StorageNames.Default)] IPersistentState<WorkAttributesState> state,
    TimeProvider time) : Grain, IWorkAttributesGrain
{
    /// <summary>How long a silo may use a leased copy, from before it asked.</summary>
    public static readonly TimeSpan LeaseLength = TimeSpan.FromSeconds(10);

    /// <summary>Beyond a holder's lease, what this grain waits for (clocks of two processes run at slightly different rates).</summary>
    public static readonly TimeSpan Margin = LeaseHolders<IWorkAttributesHolder>.MarginFor(LeaseLength);

    private readonly LeaseHolders<IWorkAttributesHolder> _holders = new(time, LeaseLength);

    private ImmutableSortedDictionary<string, WorkAttribute> Attributes => state.State.Attributes;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _holders.Activated(state.State.Leased);
        return Task.CompletedTask;
    }

    public async Task<WorkAttributesLease> LeaseAsync(IWorkAttributesHolder holder)
    {
        if (!state.State.Leased)
        {
            await state.CommitAsync(state.State with { Leased = true }, DeactivateOnIdle);
        }

        _holders.Record(holder);
        return new WorkAttributesLease([.. Attributes.Values], LeaseLength);
    }

    public Task<Page<WorkAttribute>> ListAsync(PageRequest page) => Task.FromResult(page.Of(Attributes.Values));

    public Task<ImmutableArray<WorkAttribute>> GetAllAsync() => Task.FromResult<ImmutableArray<WorkAttribute>>([.. Attributes.Values]);

    public Task<WorkAttribute?> GetAsync(string key) => Task.FromResult(Attributes.GetValueOrDefault(key));

    public async Task<GrainResult<WorkAttribute>> CreateAsync(WorkAttribute proposed)
    {
        if (Attributes.ContainsKey(proposed.Key))
        {
            return GrainResult<WorkAttribute>.Invalid($"Work attribute with key '{proposed.Key}' already exists");
        }

        if (Invalid(proposed) is { } problem)
        {
            return GrainResult<WorkAttribute>.Invalid(problem);
        }

        var attribute = Kept(proposed);
        await CommitAsync(state.State with { Attributes = Attributes.Add(attribute.Key, attribute) });
        return GrainResult<WorkAttribute>.Ok(attribute);
    }

    public async Task<GrainResult<WorkAttribute>> UpdateAsync(string key, WorkAttribute proposed)
    {
        if (!Attributes.ContainsKey(key))
        {
            return GrainResult<WorkAttribute>.NotFound($"Work attribute '{key}' not found");
        }

        if (Invalid(proposed) is { } problem)
        {
            return GrainResult<WorkAttribute>.Invalid(problem);
        }

        var attribute = Kept(proposed with { Key = key });
        await CommitAsync(state.State with { Attributes = Attributes.SetItem(key, attribute) });
        return GrainResult<WorkAttribute>.Ok(attribute);
    }

    public async Task<GrainResult<bool>> DeleteAsync(string key)
    {
        if (!Attributes.ContainsKey(key))
        {
            return GrainResult<bool>.NotFound($"Work attribute '{key}' not found");
        }

        await CommitAsync(state.State with { Attributes = Attributes.Remove(key) });
        return GrainResult.Done;
    }

    /// <summary>A static list needs values, and display names only for values it has.</summary>
    private static string? Invalid(WorkAttribute proposed)
    {
        if (proposed.Type == WorkAttributeTypes.StaticList && proposed.Values.IsDefaultOrEmpty)
        {
            return "'values' is required for a STATIC_LIST work attribute.";
        }

        return proposed.Names.Keys.FirstOrDefault(n => !proposed.Values.Contains(n)) is { } stray
            ? $"'names' has '{stray}', which is not one of the 'values'."
            : null;
    }

    /// <summary>Only static lists keep values; every value is its own display name unless <c>names</c> says otherwise.</summary>
    private static WorkAttribute Kept(WorkAttribute proposed)
    {
        var values = proposed.Type == WorkAttributeTypes.StaticList ? proposed.Values : [];
        var names = values.ToImmutableDictionary(v => v, v => proposed.Names.GetValueOrDefault(v) ?? v);
        return proposed with { Values = values, Names = names };
    }

    /// <summary>
    /// Stores the change, then makes every holder drop its copy: each is told, and the change waits for its answer or
    /// the end of its lease, whichever comes first (a holder that can't be reached stops using its copy by then).
    /// </summary>
    private async Task CommitAsync(WorkAttributesState next)
    {
        await state.CommitAsync(next, DeactivateOnIdle);
        var key = this.GetPrimaryKeyString();
        await _holders.DropAllAsync(h => h.DropAsync(key));
    }
}
