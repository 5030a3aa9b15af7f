using Tempo.Api.Conventions;
using Tempo.Api.Errors;
using Tempo.Grains.Interfaces.Paging;
using Tempo.Grains.Interfaces.Schemes;

namespace Tempo.Api.Schemes;

/// <summary>The request bodies of the Schemes scope and their checks: one message naming the field per problem.</summary>
public static class SchemesRequests
{
    public sealed record WorkloadDayBody(string? Day, long? RequiredSeconds);

    public sealed record WorkloadSchemeBody(string? Name, string? Description, List<WorkloadDayBody?>? Days);

    public sealed record HolidaySchemeBody(string? Name, string? Description);

    public sealed record HolidayBody(string? Name, string? Description, string? Type, string? Date, long? DurationSeconds);

    public sealed record MembersBody(List<string?>? AccountIds);

    public sealed record MemberSearchBody(List<int>? SchemeIds, int? Offset, int? Limit);

    public static bool TryRead(WorkloadSchemeBody? body, out WorkloadSchemeInput input, out BadRequest<ErrorBody> invalid)
    {
        var validation = new Validation();
        var name = validation.Required(body?.Name, "name");
        var days = body?.Days is null ? ScheduleRules.StandardWeek : Days(validation, body.Days);
        input = new WorkloadSchemeInput(name, body?.Description ?? string.Empty, days);
        invalid = validation.ToBadRequest();
        return validation.IsValid;
    }

    /// <summary>Exactly seven entries, one a weekday, each with 0 to 86,400 seconds; Monday first in the result.</summary>
    private static ImmutableArray<long> Days(Validation validation, List<WorkloadDayBody?> days)
    {
        var seconds = new long?[7];
        if (days.Count != 7)
        {
            validation.Add("'days' must hold exactly 7 days, one for each of MONDAY to SUNDAY.");
            return [];
        }

        for (var i = 0; i < days.Count; i++)
        {
            var day = validation.OneOf(days[i]?.Day, $"days[{i}].day", ScheduleRules.DayNames, required: true);
            var required = days[i]?.RequiredSeconds;
            if (required is null)
            {
                validation.Add($"'days[{i}].requiredSeconds' is required.");
            }
            else if (required is < 0 or > ScheduleRules.SecondsPerDay)
            {
                validation.Add($"'days[{i}].requiredSeconds' must be between 0 and {ScheduleRules.SecondsPerDay}.");
            }

            var index = day is null ? -1 : ScheduleRules.DayNames.IndexOf(day);
            if (index < 0)
            {
                continue;
            }

            if (seconds[index] is not null)
            {
                validation.Add($"'days' holds {day} more than once: one entry for each of MONDAY to SUNDAY.");
            }

            seconds[index] = required ?? 0;
        }

        return seconds.All(s => s is not null) ? [.. seconds.Select(s => s!.Value)] : [];
    }

    public static bool TryRead(HolidaySchemeBody? body, out HolidaySchemeInput input, out BadRequest<ErrorBody> invalid)
    {
        var validation = new Validation();
        input = new HolidaySchemeInput(validation.Required(body?.Name, "name"), body?.Description);
        invalid = validation.ToBadRequest();
        return validation.IsValid;
    }

    public static bool TryRead(HolidayBody? body, out HolidayInput input, out BadRequest<ErrorBody> invalid)
    {
        var validation = new Validation();
        var name = validation.Required(body?.Name, "name");
        var type = validation.OneOf(body?.Type, "type", SchemesJson.HolidayTypes, required: true);
        var date = validation.Date(body?.Date, "date", required: true);
        if (body?.DurationSeconds is not { } duration)
        {
            validation.Add("'durationSeconds' is required.");
            duration = 0;
        }
        else if (duration is < 1 or > ScheduleRules.SecondsPerDay)
        {
            validation.Add($"'durationSeconds' must be between 1 and {ScheduleRules.SecondsPerDay}.");
        }

        input = new HolidayInput(name, body?.Description, type == "FLOATING" ? HolidayType.Floating : HolidayType.Fixed, date ?? default, duration);
        invalid = validation.ToBadRequest();
        return validation.IsValid;
    }

    public static bool TryRead(MembersBody? body, out ImmutableArray<string> accountIds, out BadRequest<ErrorBody> invalid)
    {
        var validation = new Validation();
        accountIds = [];
        if (body?.AccountIds is not { Count: > 0 } ids)
        {
            validation.Add("'accountIds' is required: at least one account id.");
        }
        else if (ids.Any(string.IsNullOrWhiteSpace))
        {
            validation.Add("'accountIds' must not hold empty account ids.");
        }
        else
        {
            accountIds = [.. ids.Select(a => a!)];
        }

        invalid = validation.ToBadRequest();
        return validation.IsValid;
    }

    public static bool TryRead(MemberSearchBody? body, out ImmutableArray<int> schemeIds, out PageRequest page, out BadRequest<ErrorBody> invalid)
    {
        var validation = new Validation();
        schemeIds = body?.SchemeIds is { Count: > 0 } ids ? [.. ids] : [];
        if (schemeIds.IsEmpty)
        {
            validation.Add("'schemeIds' is required: at least one scheme id.");
        }

        if (!Paging.TryRead(body?.Offset, body?.Limit, out page, out var pagingError))
        {
            validation.Add(pagingError!);
        }

        invalid = validation.ToBadRequest();
        return validation.IsValid;
    }

    public static SchemesJson.SearchResults<SchemesJson.MemberResultJson> SearchEnvelope(HttpRequest request, PageRequest page, Page<SchemeMember> members) =>
        new(new SchemesJson.SearchMetadata(members.Items.Length, page.Offset, page.Limit), [.. members.Items.Select(m => SchemesJson.Member(request, m))]);
}
