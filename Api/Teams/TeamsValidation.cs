using System.Globalization;
using Tempo.Api.Conventions;
using Tempo.Grains.Interfaces.Teams;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Api.Teams;

/// <summary>The checks the Teams bodies need beyond <see cref="Validation"/>'s: dates, account ids, membership terms.</summary>
public static class TeamsValidation
{
    public const int DefaultCommitmentPercent = 100;

    /// <summary>An Atlassian account id, or null when absent or blank.</summary>
    public static string? OptionalAccountId(this Validation validation, string? value, string field)
    {
        var accountId = Validation.Blank(value);
        if (accountId is not null && !AccountId.IsValid(accountId))
        {
            validation.Add($"'{field}' is not a valid account id.");
        }

        return accountId;
    }

    public static string RequiredAccountId(this Validation validation, string? value, string field)
    {
        var accountId = validation.Required(value, field);
        if (accountId.Length > 0 && !AccountId.IsValid(accountId))
        {
            validation.Add($"'{field}' is not a valid account id.");
        }

        return accountId;
    }

    public static int RequiredId(this Validation validation, int? value, string field)
    {
        if (value is null)
        {
            validation.Add($"'{field}' is required.");
            return 0;
        }

        validation.AtLeast(value, field, 1);
        return value.Value;
    }

    /// <summary>
    /// Role, commitment and span of a membership, with the span turned into inclusive days: <paramref name="to"/>
    /// is exclusive (the day after the last day) unless <paramref name="useInclusiveEndDate"/> is true.
    /// </summary>
    public static MembershipTerms Terms(this Validation validation, int? roleId, int? commitmentPercent, string? from, string? to, bool? useInclusiveEndDate)
    {
        if (commitmentPercent is < 0 or > 100)
        {
            validation.Add("'commitmentPercent' must be between 0 and 100.");
        }

        var first = validation.Date(from, "from");
        var end = validation.Date(to, "to");
        var inclusive = useInclusiveEndDate == true;
        DateOnly? last = null;
        if (end is { } day)
        {
            if (inclusive ? day == DateOnly.MaxValue : day == DateOnly.MinValue)
            {
                validation.Add("'to' is out of range.");
            }
            else
            {
                last = inclusive ? day : day.AddDays(-1);
            }
        }

        if (first is { } start && last is { } stop && stop < start)
        {
            validation.Add(inclusive
                ? "'to' must not be before 'from'."
                : "'to' must be after 'from': it is exclusive (the day after the last day) unless 'useInclusiveEndDate' is true.");
        }

        return new MembershipTerms(roleId, commitmentPercent ?? DefaultCommitmentPercent, first, last);
    }
}
