using Orleans.Concurrency;
using Tempo.Grains.Interfaces.Accounts;
using Tempo.Grains.Interfaces.Paging;

namespace Tempo.Grains.Interfaces.Worklogs;

/// <summary>The types of work attribute Tempo knows; DYNAMIC_DROPDOWN is accepted too (its values aren't checked).</summary>
public static class WorkAttributeTypes
{
    public const string Account = "ACCOUNT";
    public const string Checkbox = "CHECKBOX";
    public const string InputField = "INPUT_FIELD";
    public const string InputNumeric = "INPUT_NUMERIC";
    public const string StaticList = "STATIC_LIST";
    public const string DynamicDropdown = "DYNAMIC_DROPDOWN";

    public static readonly ImmutableArray<string> All = [Account, Checkbox, InputField, InputNumeric, StaticList, DynamicDropdown];
}

/// <summary>
/// A work attribute. For STATIC_LIST, <see cref="Values"/> are the stored values (what worklogs keep) and
/// <see cref="Names"/> their display labels, which can be edited without touching worklogs.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.WorkAttribute")]
public sealed record WorkAttribute(
    [property: Id(0)] string Key,
    [property: Id(1)] string Name,
    [property: Id(2)] string Type,
    [property: Id(3)] bool Required,
    [property: Id(4)] ImmutableArray<string> Values,
    [property: Id(5)] ImmutableDictionary<string, string> Names,
    [property: Id(6)] string? ExternalUrl,
    [property: Id(7)] string? ClientSecret);

/// <summary>
/// The work attributes of the organisation (key <see cref="WorklogGrainKeys.Default"/>): a few dozen at most, so
/// one grain owns them and key uniqueness holds with one write. Reads never write.
/// </summary>
[Alias("tempo.IWorkAttributesGrain")]
public interface IWorkAttributesGrain : IGrainWithStringKey
{
    [ReadOnly, Alias("List")] Task<Page<WorkAttribute>> ListAsync(PageRequest page);

    /// <summary>Every attribute, for checking worklog values.</summary>
    [ReadOnly, Alias("All")] Task<ImmutableArray<WorkAttribute>> GetAllAsync();

    [ReadOnly, Alias("Get")] Task<WorkAttribute?> GetAsync(string key);

    /// <summary>
    /// Creates the proposed attribute (checked for shape by the caller). What is kept: values only for a static list,
    /// and a display name for each of them (the value itself unless <c>Names</c> gives one).
    /// </summary>
    [Alias("Create")] Task<GrainResult<WorkAttribute>> CreateAsync(WorkAttribute proposed);

    /// <summary>Replaces the attribute with the proposed one under <paramref name="key"/>, kept as on create.</summary>
    [Alias("Update")] Task<GrainResult<WorkAttribute>> UpdateAsync(string key, WorkAttribute proposed);

    /// <summary>Deletes the attribute; values worklogs already hold stay on them.</summary>
    [Alias("Delete")] Task<GrainResult<bool>> DeleteAsync(string key);
}
