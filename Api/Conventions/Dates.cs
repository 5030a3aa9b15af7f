using System.Globalization;

namespace Tempo.Api.Conventions;

/// <summary>
/// <c>yyyy-MM-dd</c> dates, in bodies, queries and paths, parsed by one helper with one message
/// (Tempo's: <c>Non valid date '2022-05-011': format must be yyyy-MM-dd</c>, with the field named).
/// </summary>
public static class Dates
{
    public const string Format = "yyyy-MM-dd";

    public static bool TryParse(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static string Invalid(string field, string? text) =>
        $"Non valid date '{text}' for '{field}': format must be {Format}.";

    public static string Required(string field) => $"'{field}' is required.";

    /// <summary>A date, or null when absent (a problem when <paramref name="required"/>); a bad one is a problem naming the field.</summary>
    public static DateOnly? Date(this Validation validation, string? text, string field, bool required = false)
    {
        if (string.IsNullOrEmpty(text))
        {
            if (required)
            {
                validation.Add(Required(field));
            }

            return null;
        }

        if (TryParse(text, out var date))
        {
            return date;
        }

        validation.Add(Invalid(field, text));
        return null;
    }

    public static string Text(DateOnly date) => date.ToString(Format, CultureInfo.InvariantCulture);
}
