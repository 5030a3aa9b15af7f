using System.Text.Json;
using System.Text.RegularExpressions;
using Tempo.Api.Json;

namespace Tempo.Api.Errors;

/// <summary>
/// What the framework's rejections say, in words a client's developer understands: parameter binding, missing
/// bodies, JSON the strict policy refuses (Api/Json/StrictJson.cs), sizes and verbs. Never the framework's own
/// wording, which names .NET types and asks about services.
/// </summary>
public static partial class FrameworkMessages
{
    public static string For(int statusCode, HttpContext context) => statusCode switch
    {
        StatusCodes.Status400BadRequest => "The request is malformed (for example, its Host header names a host this service does not serve).",
        StatusCodes.Status401Unauthorized => "Authentication is required.",
        StatusCodes.Status403Forbidden => "Forbidden.",
        StatusCodes.Status404NotFound => "Not found.",
        StatusCodes.Status405MethodNotAllowed => context.Response.Headers.Allow is { Count: > 0 } allow
            ? $"This path does not accept {Security.HeadAsGet.OriginalMethod(context)}; it accepts {string.Join(", ", allow.ToArray())}."
            : $"This path does not accept {Security.HeadAsGet.OriginalMethod(context)}.",
        StatusCodes.Status408RequestTimeout => "The request took too long to arrive.",
        StatusCodes.Status411LengthRequired => "The request needs a Content-Length.",
        StatusCodes.Status413PayloadTooLarge => Security.RequestBodyLimits.TooLarge(Security.RequestBodyLimits.LimitOf(context)),
        StatusCodes.Status414UriTooLong => "The request URL is too long.",
        StatusCodes.Status415UnsupportedMediaType => "The request body must be application/json.",
        StatusCodes.Status431RequestHeaderFieldsTooLarge => "The request headers are too large.",
        _ => "The request failed.",
    };

    public static string For(BadHttpRequestException exception, HttpContext context)
    {
        if (exception.InnerException is JsonException json)
        {
            return For(json);
        }

        var message = exception.Message;
        if (BindingFailed().Match(message) is { Success: true } failed)
        {
            return $"'{failed.Groups["name"].Value}' has an invalid value: {Describe(failed.Groups["type"].Value)}.";
        }

        if (RequiredMissing().Match(message) is { Success: true } missing)
        {
            return missing.Groups["source"].Value.Contains("body", StringComparison.OrdinalIgnoreCase)
                ? "A JSON request body is required."
                : $"'{missing.Groups["name"].Value}' is required.";
        }

        if (message.StartsWith("Implicit body inferred", StringComparison.Ordinal) || message.Contains("from the request body", StringComparison.Ordinal))
        {
            return "A JSON request body is required.";
        }

        return exception.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => Security.RequestBodyLimits.TooLarge(Security.RequestBodyLimits.LimitOf(context)),
            StatusCodes.Status415UnsupportedMediaType => "The request body must be application/json.",
            StatusCodes.Status400BadRequest when message.Contains("Unexpected end of request content", StringComparison.Ordinal) => "The request body ended before its declared length.",
            _ => For(exception.StatusCode, context),
        };
    }

    public static string For(JsonException exception)
    {
        var field = exception.Path is { Length: > 1 } path ? path.TrimStart('$', '.') : null;
        var message = exception.Message;
        if (UnmappedMember().Match(message) is { Success: true } unmapped)
        {
            var name = unmapped.Groups["name"].Value;
            var parent = field is null ? null : field.Contains('.', StringComparison.Ordinal) ? field[..field.LastIndexOf('.')] : null;
            return $"Unknown field '{(parent is null ? name : parent + "." + name)}': this body has no such field.";
        }

        if (message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase))
        {
            return field is null
                ? "The request body gives the same field more than once."
                : $"'{field}' is given more than once in the request body.";
        }

        if (message.StartsWith(UtcInstantConverter.ReadError, StringComparison.Ordinal) && field is not null)
        {
            return $"'{field}' must be an ISO-8601 instant with an offset, e.g. 2026-06-30T12:00:00Z.";
        }

        return field is null ? "The request body is not valid JSON."
            : message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal) || message.StartsWith("Cannot get the value", StringComparison.Ordinal)
                ? $"The request body is not valid: '{field}' has the wrong type or format."
                : $"The request body is not valid JSON (at '{field}').";
    }

    private static string Describe(string type) => type switch
    {
        _ when type.Contains("Int32", StringComparison.Ordinal) || type.Contains("int", StringComparison.Ordinal) && !type.Contains("Point", StringComparison.Ordinal) => $"a whole number from {int.MinValue} to {int.MaxValue} is expected",
        _ when type.Contains("Int64", StringComparison.Ordinal) || type.Contains("long", StringComparison.Ordinal) => "a whole number is expected",
        _ when type.Contains("bool", StringComparison.OrdinalIgnoreCase) => "true or false is expected",
        _ when type.Contains("Guid", StringComparison.Ordinal) => "an id is expected",
        _ => "it has the wrong format",
    };

    [GeneratedRegex("^Failed to bind parameter \"(?<type>.+) (?<name>[^ \"]+)\" from")]
    private static partial Regex BindingFailed();

    [GeneratedRegex("^Required parameter \"(?<type>.+) (?<name>[^ \"]+)\" was not provided from (?<source>.+?)\\.?$")]
    private static partial Regex RequiredMissing();

    [GeneratedRegex("The JSON property '(?<name>[^']*)' could not be mapped")]
    private static partial Regex UnmappedMember();
}
