using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Tempo.Api.Errors;
using Tempo.Api.Conventions;
using Tempo.Grains.Interfaces.Tokens;
using Tempo.Grains.Interfaces.Worklogs;

namespace Tempo.Api.Worklogs;

/// <summary>The request bodies and query parameters of the Worklogs namespace, and how they are checked.</summary>
public static partial class WorklogRequests
{
    /// <summary>
    /// A work attribute value. Tempo types it as a string; a JSON boolean or number is taken as its text, so a
    /// client that sends <c>true</c> for a checkbox is understood.
    /// </summary>
    public sealed record AttributeValueBody(string? Key, JsonElement? Value);

    /// <summary>
    /// WorklogInput (create) and WorklogUpdate (replace; <c>issueId</c> is not read there). Numbers must be JSON
    /// numbers: Tempo answers 400 to <c>"issueId": "10001"</c>, so the web default of reading them from strings is off.
    /// </summary>
    [JsonNumberHandling(JsonNumberHandling.Strict)]
    public sealed record WorklogBody(
        string? AuthorAccountId,
        long? IssueId,
        string? StartDate,
        string? StartTime,
        long? TimeSpentSeconds,
        long? BillableSeconds,
        string? Description,
        long? RemainingEstimateSeconds,
        AttributeValueBody[]? Attributes,
        bool? BypassPeriodClosuresAndApprovals);

    public sealed record OrderBody(string? Field, string? Order);

    public sealed record SearchBody(string[]? AuthorIds, long[]? IssueIds, long[]? ProjectIds, string? From, string? To, string? UpdatedFrom, OrderBody[]? OrderBy);

    public sealed record JiraIdsBody(long[]? JiraWorklogIds);

    public sealed record TempoIdsBody(long[]? TempoWorklogIds);

    public sealed record AttributeValuesBody(long? TempoWorklogId, AttributeValueBody[]? AttributeValues);

    public const int MaxBulk = 50;
    public const int MaxAttributeSearch = 500;


    public static readonly ImmutableArray<string> OrderFields = ["ID", "START_DATE_TIME", "UPDATED"];

    /// <summary>Checks one worklog body (create with its issue, or replace without).</summary>
    public static bool TryReadDraft(WorklogBody? body, bool withIssue, out WorklogDraft draft, out BadRequest<ErrorBody> invalid)
    {
        var validation = new Validation();
        draft = ReadDraft(validation, body, withIssue, prefix: string.Empty)!;
        invalid = validation.ToBadRequest();
        return validation.IsValid;
    }

    /// <summary>Checks a worklog body into <paramref name="validation"/>; <paramref name="prefix"/> names a bulk item (<c>[2].</c>).</summary>
    public static WorklogDraft? ReadDraft(Validation validation, WorklogBody? body, bool withIssue, string prefix)
    {
        var author = validation.Required(body?.AuthorAccountId, prefix + "authorAccountId");
        if (author.Length > 0 && !AccountId.IsValid(author))
        {
            validation.Add($"'{prefix}authorAccountId' is not a valid account id.");
        }

        long issueId = 0;
        if (withIssue)
        {
            if (body?.IssueId is not { } issue)
            {
                validation.Add($"'{prefix}issueId' is required.");
            }
            else if (issue < 1)
            {
                validation.Add($"'{prefix}issueId' must be at least 1.");
            }
            else
            {
                issueId = issue;
            }
        }

        var startDate = validation.Date(body?.StartDate, prefix + "startDate", required: true);
        TimeOnly? startTime = null;
        if (body?.StartTime is { } time)
        {
            if (StartTimePattern().IsMatch(time))
            {
                startTime = TimeOnly.ParseExact(time.Length == 7 ? "0" + time : time, "HH:mm:ss", CultureInfo.InvariantCulture);
            }
            else
            {
                validation.Add($"'{prefix}startTime' must be valid on the format: 'HH:mm:ss'.");
            }
        }

        if (body?.TimeSpentSeconds is not { } spent)
        {
            validation.Add($"'{prefix}timeSpentSeconds' is required.");
        }
        else
        {
            validation.AtLeast(spent, prefix + "timeSpentSeconds", 1L);
        }

        validation.AtLeast(body?.BillableSeconds, prefix + "billableSeconds", 0L);
        validation.Text(body?.Description, prefix + "description");
        var attributes = AttributeValues(validation, body?.Attributes, prefix + "attributes");
        return validation.IsValid
            ? new WorklogDraft(author, issueId, startDate!.Value, startTime, body!.TimeSpentSeconds!.Value, body.BillableSeconds, body.Description, attributes)
            : null;
    }

    /// <summary>Key/value pairs: every key given, each once; values as text.</summary>
    public static ImmutableArray<WorkAttributeValue> AttributeValues(Validation validation, AttributeValueBody[]? values, string field)
    {
        var result = ImmutableArray.CreateBuilder<WorkAttributeValue>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (values?.Length ?? 0); i++)
        {
            var value = values![i];
            var key = validation.Required(value?.Key, $"{field}[{i}].key");
            if (key.Length == 0)
            {
                continue;
            }

            if (!seen.Add(key))
            {
                validation.Add($"'{field}': work attribute '{key}' is given more than once.");
                continue;
            }

            switch (value!.Value)
            {
                case null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined }:
                    result.Add(new WorkAttributeValue(key, null));
                    break;
                case { ValueKind: JsonValueKind.String } text:
                    result.Add(new WorkAttributeValue(key, validation.Text(text.GetString(), $"{field}[{i}].value")));
                    break;
                case { ValueKind: JsonValueKind.True or JsonValueKind.False or JsonValueKind.Number } scalar:
                    result.Add(new WorkAttributeValue(key, scalar.GetRawText()));
                    break;
                default:
                    validation.Add($"'{field}[{i}].value' must be a string.");
                    break;
            }
        }

        return result.ToImmutable();
    }

    /// <summary><c>updatedFrom</c>: a date (midnight UTC) or a date-time, UTC unless it carries an offset.</summary>
    public static DateTimeOffset? UpdatedFrom(Validation validation, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        string[] formats = [Dates.Format, "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH:mm:sszzz"];
        if (DateTimeOffset.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            return instant;
        }

        validation.Add("'updatedFrom' must be valid on the format: yyyy-MM-dd['T'HH:mm:ss]['Z'].");
        return null;
    }

    /// <summary>The date filters of every list: <c>from</c> and <c>to</c> (inclusive) and <c>updatedFrom</c>.</summary>
    public static (DateOnly? From, DateOnly? To, DateTimeOffset? UpdatedFrom) Range(Validation validation, string? from, string? to, string? updatedFrom)
    {
        var start = validation.Date(from, "from");
        var end = validation.Date(to, "to");
        if (start > end)
        {
            validation.Add("'from' must not be after 'to'.");
        }

        return (start, end, UpdatedFrom(validation, updatedFrom));
    }

    /// <summary><c>orderBy</c> of <c>GET /4/worklogs</c>: one field, descending, as Tempo documents it.</summary>
    public static WorklogOrder OrderOf(Validation validation, string? orderBy)
    {
        if (orderBy is null)
        {
            return WorklogOrder.Default;
        }

        return validation.OneOf(orderBy, "orderBy", OrderFields, required: false) is { } field && OrderFields.Contains(field)
            ? new WorklogOrder([new WorklogOrderTerm(Field(field), true)])
            : WorklogOrder.Default;
    }

    /// <summary><c>orderBy</c> of the search body: fields in turn, each ASC or DESC.</summary>
    public static WorklogOrder OrderOf(Validation validation, OrderBody[]? orderBy)
    {
        if (orderBy is not { Length: > 0 })
        {
            return WorklogOrder.Default;
        }

        var terms = ImmutableArray.CreateBuilder<WorklogOrderTerm>();
        for (var i = 0; i < orderBy.Length; i++)
        {
            var field = validation.OneOf(orderBy[i]?.Field, $"orderBy[{i}].field", OrderFields, required: true);
            var direction = validation.OneOf(orderBy[i]?.Order, $"orderBy[{i}].order", ["ASC", "DESC"], required: true);
            if (field is not null && OrderFields.Contains(field) && direction is "ASC" or "DESC")
            {
                terms.Add(new WorklogOrderTerm(Field(field), direction == "DESC"));
            }
        }

        return terms.Count > 0 ? new WorklogOrder(terms.ToImmutable()) : WorklogOrder.Default;
    }

    /// <summary>A worklog id from the path; anything that isn't a positive number names no worklog.</summary>
    public static long? WorklogId(string text) =>
        RouteIds.TryLong(text, out var id) ? id : null;

    private static WorklogOrderField Field(string name) => name switch
    {
        "ID" => WorklogOrderField.Id,
        "UPDATED" => WorklogOrderField.Updated,
        _ => WorklogOrderField.StartDateTime,
    };

    [GeneratedRegex("^([0-1]?[0-9]|2[0-3])(:[0-5][0-9])(:[0-5][0-9])$")]
    private static partial Regex StartTimePattern();
}
