using System.Text.RegularExpressions;
using Tempo.Api.Errors;

namespace Tempo.Api.Conventions;

/// <summary>
/// Collects every problem of a request body, each as one message naming its field, so the 400 lists them all
/// in Tempo's error body.
/// </summary>
public sealed partial class Validation
{
    private readonly List<ErrorMessage> _errors = [];

    public bool IsValid => _errors.Count == 0;

    public BadRequest<ErrorBody> ToBadRequest() => TypedResults.BadRequest(new ErrorBody(_errors));

    public Validation Add(string message)
    {
        _errors.Add(new ErrorMessage(message));
        return this;
    }

    /// <summary>Required and non-blank; returns the value (untrimmed, as Tempo keeps it).</summary>
    public string Required(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add($"'{field}' is required.");
            return string.Empty;
        }

        return value;
    }

    /// <summary>A key: required and made of letters, digits, '_', '.' and '-'.</summary>
    public string Key(string? value, string field)
    {
        var key = Required(value, field);
        if (key.Length > 0 && !KeyPattern().IsMatch(key))
        {
            Add($"'{field}' must contain only letters, digits, '_', '.' and '-' (pattern ^[A-Za-z0-9_.-]*$).");
        }

        return key;
    }

    public string? OneOf(string? value, string field, IReadOnlyCollection<string> allowed, bool required)
    {
        if (value is null)
        {
            if (required)
            {
                Add($"'{field}' is required: one of {string.Join(", ", allowed)}.");
            }

            return null;
        }

        if (!allowed.Contains(value))
        {
            Add($"'{field}' must be one of {string.Join(", ", allowed)}, not '{value}'.");
        }

        return value;
    }

    public T? AtLeast<T>(T? value, string field, T minimum)
        where T : struct, IComparable<T>
    {
        if (value is { } v && v.CompareTo(minimum) < 0)
        {
            Add($"'{field}' must be at least {minimum}.");
        }

        return value;
    }

    public static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    [GeneratedRegex("^[A-Za-z0-9_.-]*$")]
    private static partial Regex KeyPattern();
}
