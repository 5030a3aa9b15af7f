using System.Text.RegularExpressions;
using Tempo.Api.Errors;

namespace Tempo.Api.Conventions;

/// <summary>
/// Collects every problem of a request body, each as one message naming its field, so the 400 lists them all
/// in Tempo's error body.
/// </summary>
public sealed partial class Validation
{
    /// <summary>Names, keys and ids, where the contract sets no other limit.</summary>
    public const int NameMaxLength = 255;

    /// <summary>Descriptions, summaries and comments, where the contract sets no other limit.</summary>
    public const int TextMaxLength = 10_000;

    private readonly List<ErrorMessage> _errors = [];

    public bool IsValid => _errors.Count == 0;

    public BadRequest<ErrorBody> ToBadRequest() => TypedResults.BadRequest(new ErrorBody(_errors));

    public Validation Add(string message)
    {
        _errors.Add(new ErrorMessage(message));
        return this;
    }

    /// <summary>
    /// Required and non-blank, at most <paramref name="maxLength"/> characters, without control or bidirectional
    /// formatting characters; returns the value (untrimmed, as Tempo keeps it).
    /// </summary>
    public string Required(string? value, string field, int maxLength = NameMaxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add($"'{field}' is required.");
            return string.Empty;
        }

        Name(value, field, maxLength);
        return value;
    }

    /// <summary>An optional name: when present, at most <paramref name="maxLength"/> characters and no control or bidirectional formatting characters.</summary>
    public string? Name(string? value, string field, int maxLength = NameMaxLength)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length > maxLength)
        {
            Add($"'{field}' must be at most {maxLength} characters.");
        }
        else if (!Tempo.Grains.Interfaces.TextSafety.IsSafeName(value))
        {
            Add($"'{field}' {Tempo.Grains.Interfaces.TextSafety.NameMessageSuffix}");
        }

        return value;
    }

    /// <summary>Optional free text (a description, a summary): at most <paramref name="maxLength"/> characters, no control characters but tabs and line breaks.</summary>
    public string? Text(string? value, string field, int maxLength = TextMaxLength)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length > maxLength)
        {
            Add($"'{field}' must be at most {maxLength} characters.");
        }
        else if (!Tempo.Grains.Interfaces.TextSafety.IsSafeFreeText(value))
        {
            Add($"'{field}' must not contain control characters other than tabs and line breaks.");
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
