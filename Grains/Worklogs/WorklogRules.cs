using System.Globalization;
using Tempo.Grains.Interfaces.Accounts;
using Tempo.Grains.Interfaces.Worklogs;

namespace Tempo.Grains.Worklogs;

/// <summary>How a draft becomes a worklog version, and which attribute values a worklog may hold.</summary>
internal static class WorklogRules
{
    /// <summary>
    /// A worklog version from a draft. <paramref name="layout"/>: for a new worklog, how its write places it (see
    /// <see cref="WorklogIndexLayout"/>); for a change, the layout of the version it replaces.
    /// </summary>
    public static Worklog Build(long id, int version, WorklogDraft draft, long issueId, long? projectId, DateTimeOffset createdAt, WorklogSeams seams, WorklogIndexLayout layout)
    {
        var startTime = draft.StartTime ?? TimeOnly.MinValue;
        return new Worklog(
            id,
            version,
            AccountIdPool.Share(draft.AuthorAccountId),
            issueId,
            projectId,
            draft.StartDate,
            startTime,
            seams.StartInstant(draft.StartDate, startTime),
            draft.TimeSpentSeconds,
            draft.BillableSeconds ?? draft.TimeSpentSeconds,
            draft.Description,
            draft.Attributes.IsDefault ? [] : draft.Attributes,
            createdAt,
            seams.Time.GetUtcNow(),
            layout);
    }

    /// <summary>
    /// Checks attribute values against the tenant's work attributes (this silo's leased copy): keys must exist, each once, values must
    /// fit their type, and (when <paramref name="requireRequired"/>) every required attribute must have a value.
    /// Returns the first problem, naming the field, or null.
    /// </summary>
    public static async Task<string?> CheckAttributesAsync(
        IGrainFactory grains, WorkAttributesCache cache, TenantId tenant, IReadOnlyList<ImmutableArray<WorkAttributeValue>> valueSets, bool requireRequired)
    {
        var noValues = AllEmpty(valueSets);
        if (noValues && !requireRequired)
        {
            return null;
        }

        var all = await cache.GetAllAsync(tenant);
        if (noValues)
        {
            // Nothing to check but the required attributes (most writes: no attributes, none required).
            return all.FirstOrDefault(a => a.Required) is { } required ? $"'attributes': work attribute '{required.Key}' is required." : null;
        }

        var definitions = all.ToDictionary(a => a.Key, StringComparer.Ordinal);
        var accountKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var values in valueSets)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var value in values.IsDefault ? [] : values)
            {
                if (!seen.Add(value.Key))
                {
                    return $"'attributes': work attribute '{value.Key}' is given more than once.";
                }

                if (!definitions.TryGetValue(value.Key, out var attribute))
                {
                    return $"'attributes': work attribute '{value.Key}' does not exist.";
                }

                if (CheckValue(attribute, value.Value) is { } problem)
                {
                    return problem;
                }

                if (attribute.Type == WorkAttributeTypes.Account && !string.IsNullOrEmpty(value.Value))
                {
                    accountKeys.Add(value.Value);
                }
            }

            if (requireRequired && definitions.Values.FirstOrDefault(a => a.Required && !values.Any(v => v.Key == a.Key && !string.IsNullOrEmpty(v.Value))) is { } missing)
            {
                return $"'attributes': work attribute '{missing.Key}' is required.";
            }
        }

        var accounts = grains.GetAccountsGrain(tenant);
        foreach (var key in accountKeys)
        {
            if (await accounts.GetAccountByKeyAsync(key) is null)
            {
                return $"'attributes': account '{key}' does not exist.";
            }
        }

        return null;
    }

    private static bool AllEmpty(IReadOnlyList<ImmutableArray<WorkAttributeValue>> valueSets)
    {
        for (var i = 0; i < valueSets.Count; i++)
        {
            if (!valueSets[i].IsDefaultOrEmpty)
            {
                return false;
            }
        }

        return true;
    }

    private static string? CheckValue(WorkAttribute attribute, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return attribute.Required ? $"'attributes': work attribute '{attribute.Key}' is required." : null;
        }

        return attribute.Type switch
        {
            WorkAttributeTypes.Checkbox when value is not ("true" or "false") =>
                $"'attributes': work attribute '{attribute.Key}' takes true or false, not '{value}'.",
            WorkAttributeTypes.InputNumeric when !decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _) =>
                $"'attributes': work attribute '{attribute.Key}' takes a number, not '{value}'.",
            WorkAttributeTypes.StaticList when !attribute.Values.Contains(value) =>
                $"'attributes': '{value}' is not a value of work attribute '{attribute.Key}' (one of {string.Join(", ", attribute.Values)}).",
            _ => null,
        };
    }
}
