using System.Globalization;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Grains.Interfaces.Projects;

/// <summary>The types of project attribute.</summary>
public static class ProjectAttributeTypes
{
    public const string Text = "TEXT";
    public const string Number = "NUMBER";
    public const string DatePicker = "DATE_PICKER";
    public const string SelectList = "SELECT_LIST";
    public const string Amount = "AMOUNT";
    public const string UserPicker = "USER_PICKER";

    public static readonly ImmutableArray<string> All = [Text, Number, DatePicker, SelectList, Amount, UserPicker];

    public const int MaxTextLength = 256;
}

[GenerateSerializer, Immutable, Alias("tempo.SelectListOption")]
public sealed record SelectListOption([property: Id(0)] Guid Id, [property: Id(1)] string Value);

/// <summary>A project attribute definition of a tenant. Only a SELECT_LIST has options.</summary>
[GenerateSerializer, Immutable, Alias("tempo.ProjectAttribute")]
public sealed record ProjectAttribute(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Type,
    [property: Id(3)] ImmutableArray<SelectListOption> Options)
{
    /// <summary>
    /// Why <paramref name="value"/> can't be this attribute's value, or null when it can. TEXT up to 256 characters,
    /// NUMBER and AMOUNT a decimal number of at most 2^53-1 in size, DATE_PICKER <c>yyyy-MM-dd</c>, SELECT_LIST the
    /// id of one of its options, USER_PICKER an account id.
    /// </summary>
    public string? Problem(string value) => Type switch
    {
        ProjectAttributeTypes.Text when value.Length > ProjectAttributeTypes.MaxTextLength =>
            $"'value' of {Type} attribute '{Name}' must be at most {ProjectAttributeTypes.MaxTextLength} characters, not {value.Length}.",
        ProjectAttributeTypes.Number or ProjectAttributeTypes.Amount when !IsNumber(value) =>
            $"'value' of {Type} attribute '{Name}' must be a number between -{ProjectVocabulary.MaxAmount} and {ProjectVocabulary.MaxAmount}, not '{value}'.",
        ProjectAttributeTypes.DatePicker when !DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) =>
            $"Non valid date '{value}' for 'value': format must be yyyy-MM-dd.",
        ProjectAttributeTypes.SelectList when OptionOf(value) is null =>
            $"'value' of SELECT_LIST attribute '{Name}' must be the id of one of its options, not '{value}'.",
        ProjectAttributeTypes.UserPicker when !AccountId.IsValid(value) =>
            $"'value' of USER_PICKER attribute '{Name}' must be an account id, not '{value}'.",
        _ => null,
    };

    public SelectListOption? OptionOf(string value) =>
        Guid.TryParseExact(value, "D", out var id) ? Options.FirstOrDefault(o => o.Id == id) : null;

    private static bool IsNumber(string value) =>
        decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
        && Math.Abs(number) <= ProjectVocabulary.MaxAmount;
}

/// <summary>A new attribute: options are the values of a SELECT_LIST's options, each given a fresh id.</summary>
[GenerateSerializer, Immutable, Alias("tempo.NewProjectAttribute")]
public sealed record NewProjectAttribute(
    [property: Id(0)] string Name,
    [property: Id(1)] string Type,
    [property: Id(2)] ImmutableArray<string> OptionValues);

/// <summary>An option of an update: with an id it renames that option, without one it adds an option.</summary>
[GenerateSerializer, Immutable, Alias("tempo.SelectListOptionChange")]
public sealed record SelectListOptionChange([property: Id(0)] Guid? Id, [property: Id(1)] string Value);

/// <summary>An attribute update: a new name, and options renamed or added (options left out are kept).</summary>
[GenerateSerializer, Immutable, Alias("tempo.ProjectAttributeChanges")]
public sealed record ProjectAttributeChanges(
    [property: Id(0)] string Name,
    [property: Id(1)] ImmutableArray<SelectListOptionChange> Options);
