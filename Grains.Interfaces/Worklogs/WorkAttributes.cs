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
    /// <remarks>
    /// A change answers only when every silo dropped its leased copy or its lease ended: up to 10.6 s, more than the
    /// cluster's 10 s response timeout, right after a reactivation or with a silo unreachable. Hence 30 s here.
    /// </remarks>
    [ResponseTimeout("00:00:30"), Alias("Create")] Task<GrainResult<WorkAttribute>> CreateAsync(WorkAttribute proposed);

    /// <summary>Replaces the attribute with the proposed one under <paramref name="key"/>, kept as on create.</summary>
    [ResponseTimeout("00:00:30"), Alias("Update")] Task<GrainResult<WorkAttribute>> UpdateAsync(string key, WorkAttribute proposed);

    /// <summary>Deletes the attribute; values worklogs already hold stay on them.</summary>
    [ResponseTimeout("00:00:30"), Alias("Delete")] Task<GrainResult<bool>> DeleteAsync(string key);

    /// <summary>
    /// Every attribute, for a silo's cache (<paramref name="holder"/>) to keep for <see cref="WorkAttributesLease.Length"/>
    /// from before it asked: until then no create, update or delete of an attribute answers before the holder has
    /// dropped its copy (or the lease has run out). Not read-only: it never runs during a change.
    /// </summary>
    [Alias("Lease")] Task<WorkAttributesLease> LeaseAsync(IWorkAttributesHolder holder);
}

/// <summary>What a silo's work-attribute cache may use, and for how long after it sent its request.</summary>
[GenerateSerializer, Immutable, Alias("tempo.WorkAttributesLease")]
public sealed record WorkAttributesLease(
    [property: Id(0)] ImmutableArray<WorkAttribute> Attributes,
    [property: Id(1)] TimeSpan Length);

/// <summary>A silo's cache of work attributes, as the attributes grain reaches it: drop a tenant's copy now.</summary>
[Alias("tempo.IWorkAttributesHolder")]
public interface IWorkAttributesHolder : IGrainObserver
{
    /// <summary>Drops the copy leased from the attributes grain of this key; answers once it is gone.</summary>
    [Alias("Drop")] Task DropAsync(string attributesGrainKey);
}
