using System.Globalization;
using System.Text.RegularExpressions;

namespace Tempo.Api.Tests.Infrastructure;

/// <summary>
/// Checks JSON bodies against the schemas of the contract fixture (<see cref="Contract"/>).
/// Each violation is a readable line starting with the JSON path it concerns, e.g.
/// <c>$.results[2].lead: required property 'accountId' is missing</c>.
/// Properties the schema does not list are allowed, and so is an optional property that is null.
/// </summary>
public static partial class ContractSchema
{
    private const string RootPath = "$";

    /// <summary>Every schema keyword this validator understands; the fixture must use no other.</summary>
    public static IReadOnlySet<string> SupportedKeywords { get; } = new HashSet<string>
    {
        "$ref", "type", "format", "nullable", "enum", "default",
        "properties", "required", "additionalProperties",
        "items", "minItems", "maxItems",
        "minLength", "maxLength", "pattern",
        "minimum", "maximum",
        "oneOf", "allOf",
    };

    /// <summary>Validates <paramref name="json"/> against the fixture schema named <paramref name="schemaName"/>.</summary>
    public static IReadOnlyList<string> Validate(string schemaName, JsonNode? json) =>
        [.. Check(Resolve(schemaName), json, RootPath)];

    /// <summary>Validates a response body against what the contract documents for that operation and status.</summary>
    public static IReadOnlyList<string> ValidateResponse(Contract.Operation operation, int statusCode, JsonNode? body) =>
        ValidateDocumentedResponse(operation, statusCode, schema => Check(schema, body, RootPath));

    /// <summary>Fails the test with every violation when a raw response body breaks the contract.</summary>
    public static void AssertValid(Contract.Operation operation, int statusCode, string body)
    {
        var violations = ValidateDocumentedResponse(operation, statusCode, schema => CheckText(schema, body));
        Assert.True(
            violations.Count == 0,
            $"{Describe(operation)} answered {statusCode} with a body that breaks the contract:{Environment.NewLine}  "
                + string.Join(Environment.NewLine + "  ", violations));
    }

    /// <summary>Looks a named schema up in the fixture.</summary>
    public static JsonObject Resolve(string schemaName) =>
        Contract.Schema(schemaName)
            ?? throw new KeyNotFoundException($"schema '{schemaName}' is not in the contract fixture");

    private static IReadOnlyList<string> ValidateDocumentedResponse(
        Contract.Operation operation, int statusCode, Func<JsonObject, IEnumerable<string>> checkBody)
    {
        var responses = operation.Raw["responses"]!.AsObject();
        var status = statusCode.ToString(CultureInfo.InvariantCulture);
        if (!responses.TryGetPropertyValue(status, out var schema))
        {
            return [$"{Describe(operation)}: status {status} is not documented (documented: {string.Join(", ", responses.Select(r => r.Key))})"];
        }

        // A null entry documents the status without a body.
        return schema is null ? [] : [.. checkBody(schema.AsObject())];
    }

    private static IEnumerable<string> CheckText(JsonObject schema, string body)
    {
        JsonNode? json;
        try
        {
            json = string.IsNullOrWhiteSpace(body) ? null : JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            return [$"{RootPath}: body is not JSON ({e.Message})"];
        }

        return Check(schema, json, RootPath);
    }

    private static IEnumerable<string> Check(JsonObject schema, JsonNode? value, string path)
    {
        if (value is null)
        {
            return IsNullable(schema) ? [] : [$"{path}: expected {Describe(schema)}, got null"];
        }

        // Once the type is wrong, the other keywords would only restate it.
        if (CheckType(schema, value, path) is { } typeViolation)
        {
            return [typeViolation];
        }

        var byKind = value switch
        {
            JsonObject obj => CheckObject(schema, obj, path),
            JsonArray array => CheckArray(schema, array, path),
            _ => CheckScalar(schema, value.AsValue(), path),
        };
        return CheckRef(schema, value, path)
            .Concat(CheckAllOf(schema, value, path))
            .Concat(CheckOneOf(schema, value, path))
            .Concat(byKind);
    }

    private static IEnumerable<string> CheckRef(JsonObject schema, JsonNode value, string path) =>
        RefName(schema) is { } name ? Check(Resolve(name), value, path) : [];

    private static IEnumerable<string> CheckAllOf(JsonObject schema, JsonNode value, string path) =>
        Subschemas(schema, "allOf").SelectMany(part => Check(part, value, path));

    /// <summary>Lenient oneOf: matching any alternative is enough; otherwise the closest one explains why not.</summary>
    private static IEnumerable<string> CheckOneOf(JsonObject schema, JsonNode value, string path)
    {
        var outcomes = Subschemas(schema, "oneOf")
            .Select((alternative, index) => (Name: RefName(alternative) ?? $"alternative #{index + 1}", Violations: Check(alternative, value, path).ToList()))
            .ToList();
        if (outcomes.Count == 0 || outcomes.Any(o => o.Violations.Count == 0))
        {
            return [];
        }

        var closest = outcomes.MinBy(o => o.Violations.Count);
        var summary = string.Join(", ", outcomes.Select(o => $"{o.Name}: {o.Violations.Count} violation(s)"));
        return [$"{path}: matches no oneOf alternative ({summary}); closest is {closest.Name}", .. closest.Violations];
    }

    private static string? CheckType(JsonObject schema, JsonNode value, string path)
    {
        if (schema["type"]?.GetValue<string>() is not { } type)
        {
            return null;
        }

        var kind = KindOf(value);
        var matches = type == kind || (type == "integer" && kind == "number");
        if (!matches)
        {
            return $"{path}: expected {Describe(schema)}, got {kind}";
        }

        return type == "integer" ? CheckInteger(schema, value.ToJsonString(), path) : null;
    }

    private static string? CheckInteger(JsonObject schema, string literal, string path)
    {
        if (!decimal.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            || number != decimal.Truncate(number))
        {
            return $"{path}: expected {Describe(schema)}, got {literal}";
        }

        var outOfRange = Format(schema) switch
        {
            "int32" => number is < int.MinValue or > int.MaxValue,
            "int64" => number is < long.MinValue or > long.MaxValue,
            _ => false,
        };
        return outOfRange ? $"{path}: {literal} is outside the {Format(schema)} range" : null;
    }

    private static IEnumerable<string> CheckObject(JsonObject schema, JsonObject value, string path)
    {
        var properties = schema["properties"] as JsonObject;
        foreach (var name in Required(schema))
        {
            if (!value.TryGetPropertyValue(name, out var property))
            {
                yield return $"{path}: required property '{name}' is missing";
            }
            else if (property is null && !(properties?[name] is JsonObject propertySchema && IsNullable(propertySchema)))
            {
                yield return $"{path}: required property '{name}' is null";
            }
        }

        foreach (var (name, property) in value)
        {
            if (property is null)
            {
                continue; // already judged above when required; allowed when optional
            }

            IEnumerable<string> violations = (properties?[name], schema["additionalProperties"]) switch
            {
                (JsonObject propertySchema, _) => Check(propertySchema, property, Child(path, name)),
                (null, JsonObject extraSchema) => Check(extraSchema, property, Child(path, name)),
                (null, JsonValue allowed) when !allowed.GetValue<bool>() => [$"{path}: property '{name}' is not allowed"],
                _ => [],
            };
            foreach (var violation in violations)
            {
                yield return violation;
            }
        }
    }

    private static IEnumerable<string> CheckArray(JsonObject schema, JsonArray value, string path)
    {
        if (Number(schema, "minItems") is { } minItems && value.Count < minItems)
        {
            yield return $"{path}: has {value.Count} item(s), fewer than the minimum {minItems}";
        }

        if (Number(schema, "maxItems") is { } maxItems && value.Count > maxItems)
        {
            yield return $"{path}: has {value.Count} item(s), more than the maximum {maxItems}";
        }

        // An array-level enum (springdoc copies the items' enum there) is checked per item through `items`.
        if (schema["items"] is not JsonObject items)
        {
            yield break;
        }

        for (var i = 0; i < value.Count; i++)
        {
            foreach (var violation in Check(items, value[i], $"{path}[{i}]"))
            {
                yield return violation;
            }
        }
    }

    private static IEnumerable<string> CheckScalar(JsonObject schema, JsonValue value, string path)
    {
        if (schema["enum"] is JsonArray allowed && !allowed.Any(option => JsonNode.DeepEquals(option, value)))
        {
            yield return $"{path}: {Quote(value)} is not one of {string.Join(", ", allowed.Select(Unquoted))}";
        }

        IEnumerable<string> violations = value.GetValueKind() switch
        {
            JsonValueKind.String => CheckString(schema, value.GetValue<string>(), path),
            JsonValueKind.Number => CheckBounds(schema, value.ToJsonString(), path),
            _ => [],
        };
        foreach (var violation in violations)
        {
            yield return violation;
        }
    }

    private static IEnumerable<string> CheckString(JsonObject schema, string value, string path)
    {
        if (Format(schema) is { } format && !MatchesFormat(value, format))
        {
            yield return $"{path}: '{value}' is not a valid {format}";
        }

        var length = value.EnumerateRunes().Count();
        if (Number(schema, "minLength") is { } minLength && length < minLength)
        {
            yield return $"{path}: '{value}' is shorter than the minimum length {minLength}";
        }

        if (Number(schema, "maxLength") is { } maxLength && length > maxLength)
        {
            yield return $"{path}: '{value}' is longer than the maximum length {maxLength}";
        }

        if (schema["pattern"]?.GetValue<string>() is { } pattern && !Regex.IsMatch(value, pattern))
        {
            yield return $"{path}: '{value}' does not match the pattern {pattern}";
        }
    }

    private static IEnumerable<string> CheckBounds(JsonObject schema, string literal, string path)
    {
        if (!decimal.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            yield break; // beyond decimal: the type check has had its say
        }

        if (Number(schema, "minimum") is { } minimum && number < minimum)
        {
            yield return $"{path}: {literal} is less than the minimum {minimum}";
        }

        if (Number(schema, "maximum") is { } maximum && number > maximum)
        {
            yield return $"{path}: {literal} is greater than the maximum {maximum}";
        }
    }

    /// <summary>
    /// Knows <c>date</c>, <c>date-time</c> and the Java date patterns the fixture uses
    /// (<c>yyyy-MM-dd['T'HH:mm:ss]['Z']</c>); any other string format is an annotation, as OpenAPI says.
    /// </summary>
    private static bool MatchesFormat(string value, string format) => format switch
    {
        "date" => IsExactDate(value, ["yyyy-MM-dd"]),
        "date-time" => IsoDateTime().IsMatch(value) && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _),
        _ when format.StartsWith("yyyy", StringComparison.Ordinal) => IsExactDate(value, [.. ExpandOptionalSections(format)]),
        _ => true,
    };

    private static bool IsExactDate(string value, string[] formats) =>
        DateTime.TryParseExact(value, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>
    /// Turns a Java pattern with optional sections into every .NET exact format it allows:
    /// <c>yyyy-MM-dd['T'HH:mm:ss]</c> gives <c>yyyy-MM-dd</c> and <c>yyyy-MM-dd'T'HH:mm:ss</c>
    /// (the letters and the quoting agree between the two).
    /// </summary>
    private static IEnumerable<string> ExpandOptionalSections(string pattern)
    {
        var open = pattern.IndexOf('[', StringComparison.Ordinal);
        if (open < 0)
        {
            return [pattern];
        }

        var close = ClosingBracket(pattern, open);
        var head = pattern[..open];
        return from section in ExpandOptionalSections(pattern[(open + 1)..close]).Prepend("")
               from tail in ExpandOptionalSections(pattern[(close + 1)..])
               select head + section + tail;
    }

    private static int ClosingBracket(string pattern, int open)
    {
        var depth = 0;
        for (var i = open; i < pattern.Length; i++)
        {
            depth += pattern[i] switch { '[' => 1, ']' => -1, _ => 0 };
            if (depth == 0)
            {
                return i;
            }
        }

        throw new FormatException($"unbalanced optional section in '{pattern}'");
    }

    private static bool IsNullable(JsonObject schema) =>
        schema["nullable"]?.GetValue<bool>() == true
            || (RefName(schema) is { } name && IsNullable(Resolve(name)));

    private static string Describe(JsonObject schema)
    {
        if (RefName(schema) is { } name)
        {
            return name;
        }

        if (schema["type"]?.GetValue<string>() is { } type)
        {
            return Format(schema) is { } format ? $"{type} ({format})" : type;
        }

        var alternatives = Subschemas(schema, "oneOf").Select(Describe).ToList();
        return alternatives.Count > 0 ? $"one of {string.Join(", ", alternatives)}" : "a value";
    }

    private static string Describe(Contract.Operation operation) =>
        $"{operation.OperationId} ({operation.Method} {operation.Path})";

    private static string KindOf(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        var other => other.ToString().ToLowerInvariant(),
    };

    private static string Quote(JsonValue value) =>
        value.TryGetValue<string>(out var text) ? $"'{text}'" : value.ToJsonString();

    private static string Unquoted(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var text) ? text : value?.ToJsonString() ?? "null";

    private static string? RefName(JsonObject schema) => schema["$ref"]?.GetValue<string>();

    private static string? Format(JsonObject schema) => schema["format"]?.GetValue<string>();

    private static decimal? Number(JsonObject schema, string keyword) => schema[keyword]?.GetValue<decimal>();

    private static IEnumerable<string> Required(JsonObject schema) =>
        schema["required"] is JsonArray names ? names.Select(n => n!.GetValue<string>()) : [];

    private static IEnumerable<JsonObject> Subschemas(JsonObject schema, string keyword) =>
        schema[keyword] is JsonArray parts ? parts.Select(p => p!.AsObject()) : [];

    private static string Child(string path, string name) =>
        PlainName().IsMatch(name) ? $"{path}.{name}" : $"{path}['{name}']";

    [GeneratedRegex(@"^[A-Za-z_$][A-Za-z0-9_$]*$")]
    private static partial Regex PlainName();

    // ISO-8601 date and time, seconds and fraction optional, zone optional (Z or ±hh:mm).
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")]
    private static partial Regex IsoDateTime();
}
