using System.Globalization;
using System.Text.Json.Serialization;
using Tempo.Api.Conventions;
using Tempo.Grains.Interfaces.Plans;

namespace Tempo.Api.Plans;

/// <summary>Plans and generic resources as Tempo v4 shows them, with absolute <c>self</c> links.</summary>
public static class PlansJson
{
    public sealed record RefJson(string Self, string Id, string Type);

    public sealed record UserRefJson(string Self, string AccountId);

    public sealed record ApprovalJson(
        string Status,
        UserRefJson Requester,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] UserRefJson? Reviewer,
        UserRefJson Actor);

    public sealed record DayJson(DateOnly Date, long PlannedSeconds);

    public sealed record PeriodJson(DateOnly From, DateOnly To, long PlannedSeconds);

    public sealed record ValuesJson<T>(int Count, IReadOnlyList<T> Values);

    public sealed record PlanMetadataJson(string All);

    public sealed record PlannedTimeJson(
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ValuesJson<DayJson>? Days,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ValuesJson<PeriodJson>? Periods,
        PlanMetadataJson Metadata);

    public sealed record PlanJson(
        string Self,
        int Id,
        RefJson Assignee,
        RefJson PlanItem,
        DateOnly StartDate,
        DateOnly EndDate,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? StartTime,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description,
        string EffortPersistenceType,
        long PlannedSecondsPerDay,
        long TotalPlannedSeconds,
        long TotalPlannedSecondsInScope,
        bool IncludeNonWorkingDays,
        string Rule,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? RecurrenceEndDate,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ApprovalJson? PlanApproval,
        string PlanCreatorId,
        string SyncSource,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt,
        PlannedTimeJson PlannedTime);

    /// <summary>Tempo's <c>PageablePlanBeanWithoutLinks</c> and the generic resources' search page: no <c>self</c>, no links.</summary>
    public sealed record BarePage<T>(BareMetadata Metadata, IReadOnlyList<T> Results);

    public sealed record BareMetadata(int Count, int Offset, int Limit);

    public sealed record GenericResourceJson(
        string Self,
        int Id,
        string Name,
        DateTimeOffset CreatedAt,
        UserRefJson CreatedBy,
        DateTimeOffset UpdatedAt,
        UserRefJson UpdatedBy);

    public sealed record ResourceRefJson(string Self, int Id, string Name);

    public sealed record TeamRefJson(string Self, int Id);

    public sealed record TeamMemberJson(string Self, TeamRefJson Team, ResourceRefJson Member, DateTimeOffset AssignedToTeamAt, UserRefJson AssignedToTeamBy);

    public sealed record TeamMembersJson(string Self, TeamRefJson Team, int Count, IReadOnlyList<ResourceRefJson> Members);

    /// <summary>Which breakdowns a response carries.</summary>
    public readonly record struct Breakdown(bool Daily, bool Period)
    {
        public static Breakdown Both { get; } = new(true, true);

        public bool Any => Daily || Period;
    }

    public static string PlanUrl(HttpRequest request, int id) => Links.To(request, "/4/plans/" + Text(id));

    public static PlanJson Plan(HttpRequest request, PlanView view, Breakdown breakdown)
    {
        var plan = view.Plan;
        var self = PlanUrl(request, plan.Id);
        return new PlanJson(
            self,
            plan.Id,
            Assignee(request, plan.Assignee),
            Item(request, plan.ItemType, plan.ItemId),
            plan.Start,
            plan.End,
            plan.StartTime,
            plan.Description,
            plan.Effort == PlanEffort.SecondsPerDay ? "SECONDS_PER_DAY" : "TOTAL_SECONDS",
            view.SecondsPerDay,
            view.TotalSeconds,
            view.TotalSecondsInScope,
            plan.IncludeNonWorkingDays,
            PlanRules.RuleName(plan.Rule),
            plan.RecurrenceEnd,
            plan.Approval is { } a
                ? new ApprovalJson(Status(a.Status), User(request, a.RequesterId), a.ReviewerId is { } r ? User(request, r) : null, User(request, a.ActorId))
                : null,
            plan.CreatorId,
            "NONE",
            plan.CreatedAt,
            plan.UpdatedAt,
            new PlannedTimeJson(
                breakdown.Daily ? new ValuesJson<DayJson>(view.Days.Length, [.. view.Days.Select(d => new DayJson(d.Date, d.Seconds))]) : null,
                breakdown.Period ? new ValuesJson<PeriodJson>(view.Periods.Length, [.. view.Periods.Select(p => new PeriodJson(p.From, p.To, p.Seconds))]) : null,
                new PlanMetadataJson(self)));
    }

    public static GenericResourceJson Resource(HttpRequest request, GenericResource resource) => new(
        ResourceUrl(request, resource.Id), resource.Id, resource.Name, resource.CreatedAt, User(request, resource.CreatedBy), resource.UpdatedAt, User(request, resource.UpdatedBy));

    public static TeamMemberJson TeamMember(HttpRequest request, GenericTeamMember member) => new(
        Links.To(request, $"/4/teams/{Text(member.TeamId)}/generic-resources/{Text(member.ResourceId)}"),
        Team(request, member.TeamId),
        new ResourceRefJson(ResourceUrl(request, member.ResourceId), member.ResourceId, member.Name),
        member.AssignedAt,
        User(request, member.AssignedBy));

    public static TeamMembersJson TeamMembers(HttpRequest request, int teamId, IReadOnlyList<GenericTeamMember> members) => new(
        Links.RequestUrl(request), Team(request, teamId), members.Count,
        [.. members.Select(m => new ResourceRefJson(ResourceUrl(request, m.ResourceId), m.ResourceId, m.Name))]);

    public static string Status(PlanApprovalStatus status) => status switch
    {
        PlanApprovalStatus.Approved => "APPROVED",
        PlanApprovalStatus.Rejected => "REJECTED",
        _ => "REQUESTED",
    };

    private static TeamRefJson Team(HttpRequest request, int teamId) => new(Links.To(request, "/4/teams/" + Text(teamId)), teamId);

    private static string ResourceUrl(HttpRequest request, int id) => Links.To(request, "/4/generic-resources/" + Text(id));

    private static RefJson Assignee(HttpRequest request, PlanAssignee assignee) => assignee.Type == PlanAssigneeType.User
        ? new RefJson(Links.User(request, assignee.Id).Self, assignee.Id, "USER")
        : new RefJson(Links.To(request, "/4/generic-resources/" + assignee.Id), assignee.Id, "GENERIC");

    private static RefJson Item(HttpRequest request, PlanItemType type, long id) => type == PlanItemType.Issue
        ? new RefJson(Links.To(request, "/4/issues/" + Text(id)), Text(id), "ISSUE")
        : new RefJson(Links.To(request, "/4/projects/" + Text(id)), Text(id), "PROJECT");

    private static UserRefJson User(HttpRequest request, string accountId) => new(Links.User(request, accountId).Self, accountId);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
