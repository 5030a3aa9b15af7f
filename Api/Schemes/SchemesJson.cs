using System.Text.Json.Serialization;
using Tempo.Api.Conventions;
using Tempo.Grains.Interfaces.Schemes;

namespace Tempo.Api.Schemes;

/// <summary>The Schemes scope's objects as Tempo v4 shows them, with absolute <c>self</c> links.</summary>
public static class SchemesJson
{
    public sealed record WorkloadDayJson(string Day, long RequiredSeconds);

    public sealed record WorkloadSchemeJson(
        string Self,
        int Id,
        string Name,
        string Description,
        bool DefaultScheme,
        long MemberCount,
        IReadOnlyList<WorkloadDayJson> Days);

    public sealed record HolidaySchemeJson(
        string Self,
        int Id,
        string Name,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description,
        bool DefaultScheme,
        int MemberCount);

    public sealed record HolidayJson(
        string Self,
        int Id,
        int SchemeId,
        string Name,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description,
        string Type,
        string Date,
        long DurationSeconds);

    public sealed record UserJson(string AccountId, string Self);

    public sealed record MemberResultJson(UserJson Member, int SchemeId);

    /// <summary>The member searches' envelope: Tempo's paged metadata without links, and no <c>self</c>.</summary>
    public sealed record SearchResults<T>(SearchMetadata Metadata, IReadOnlyList<T> Results);

    public sealed record SearchMetadata(int Count, int Offset, int Limit);

    public sealed record DayScheduleJson(
        string Date,
        long RequiredSeconds,
        string Type,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] HolidayJson? Holiday);

    public static ImmutableArray<string> HolidayTypes { get; } = ["FIXED", "FLOATING"];

    public static WorkloadSchemeJson Workload(HttpRequest request, WorkloadSchemeView view) => new(
        Links.To(request, $"/4/workload-schemes/{view.Scheme.Id}"),
        view.Scheme.Id,
        view.Scheme.Name,
        view.Scheme.Description,
        view.Default,
        view.MemberCount,
        [.. view.Scheme.DaySeconds.Select((seconds, i) => new WorkloadDayJson(ScheduleRules.DayNames[i], seconds))]);

    public static HolidaySchemeJson HolidayScheme(HttpRequest request, HolidaySchemeView view) => new(
        Links.To(request, $"/4/holiday-schemes/{view.Scheme.Id}"),
        view.Scheme.Id,
        view.Scheme.Name,
        view.Scheme.Description,
        view.Default,
        view.MemberCount);

    public static HolidayJson Holiday(HttpRequest request, Holiday holiday) => new(
        Links.To(request, $"/4/holiday-schemes/{holiday.SchemeId}/holidays/{holiday.Id}"),
        holiday.Id,
        holiday.SchemeId,
        holiday.Name,
        holiday.Description,
        holiday.Type == HolidayType.Fixed ? "FIXED" : "FLOATING",
        Dates.Text(holiday.Date),
        holiday.DurationSeconds);

    public static UserJson User(HttpRequest request, string accountId) => new(accountId, Links.User(request, accountId).Self);

    public static MemberResultJson Member(HttpRequest request, SchemeMember member) => new(User(request, member.AccountId), member.SchemeId);

    public static DayScheduleJson Day(HttpRequest request, ScheduleDay day) => new(
        Dates.Text(day.Date),
        day.RequiredSeconds,
        day.Type switch
        {
            ScheduleDayType.WorkingDay => "WORKING_DAY",
            ScheduleDayType.NonWorkingDay => "NON_WORKING_DAY",
            ScheduleDayType.Holiday => "HOLIDAY",
            _ => "HOLIDAY_AND_NON_WORKING_DAY",
        },
        day.Holiday is null ? null : Holiday(request, day.Holiday));
}
