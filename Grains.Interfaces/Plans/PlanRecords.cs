namespace Tempo.Grains.Interfaces.Plans;

[GenerateSerializer, Alias("tempo.PlanAssigneeType")]
public enum PlanAssigneeType : byte
{
    User = 0,
    Generic = 1,
}

[GenerateSerializer, Alias("tempo.PlanItemType")]
public enum PlanItemType : byte
{
    Issue = 0,
    Project = 1,
}

[GenerateSerializer, Alias("tempo.PlanEffort")]
public enum PlanEffort : byte
{
    SecondsPerDay = 0,
    TotalSeconds = 1,
}

[GenerateSerializer, Alias("tempo.PlanRule")]
public enum PlanRule : byte
{
    Never = 0,
    Weekly = 1,
    BiWeekly = 2,
    Monthly = 3,
}

[GenerateSerializer, Alias("tempo.PlanApprovalStatus")]
public enum PlanApprovalStatus : byte
{
    Requested = 0,
    Approved = 1,
    Rejected = 2,
}

/// <summary>A plan's approval: who asked, who reviews, who set the status last.</summary>
[GenerateSerializer, Immutable, Alias("tempo.PlanApproval")]
public sealed record PlanApproval(
    [property: Id(0)] PlanApprovalStatus Status,
    [property: Id(1)] string? ReviewerId,
    [property: Id(2)] string RequesterId,
    [property: Id(3)] string ActorId);

/// <summary>One day changed by a partial edit: its own seconds, or removed (null).</summary>
[GenerateSerializer, Immutable, Alias("tempo.PlanDayOverride")]
public sealed record PlanDayOverride([property: Id(0)] DateOnly Date, [property: Id(1)] long? Seconds);

/// <summary>Who a plan allocates: a user (account id) or a generic resource (its id as text).</summary>
[GenerateSerializer, Immutable, Alias("tempo.PlanAssignee")]
public sealed record PlanAssignee([property: Id(0)] PlanAssigneeType Type, [property: Id(1)] string Id)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public int? GenericResourceId => Type == PlanAssigneeType.Generic && int.TryParse(Id, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
}

/// <summary>What a plan writes, as validated at the edge (ids and numbers already parsed).</summary>
[GenerateSerializer, Immutable, Alias("tempo.PlanDraft")]
public sealed record PlanDraft(
    [property: Id(0)] PlanAssignee Assignee,
    [property: Id(1)] PlanItemType ItemType,
    [property: Id(2)] long ItemId,
    [property: Id(3)] DateOnly Start,
    [property: Id(4)] DateOnly End,
    [property: Id(5)] PlanEffort Effort,
    [property: Id(6)] long Seconds,
    [property: Id(7)] string? Description,
    [property: Id(8)] string? StartTime,
    [property: Id(9)] bool IncludeNonWorkingDays,
    [property: Id(10)] PlanRule Rule,
    [property: Id(11)] DateOnly? RecurrenceEnd,
    [property: Id(12)] PlanApprovalStatus? ApprovalStatus,
    [property: Id(13)] string? ReviewerId);

/// <summary>
/// A stored plan: the draft's terms plus identity, authorship and the partial edits. <see cref="Seconds"/> is the
/// per-day seconds (<see cref="PlanEffort.SecondsPerDay"/>) or the total (<see cref="PlanEffort.TotalSeconds"/>).
/// Totals are never stored: they depend on the assignee's schedule and are computed on read (<see cref="PlanRules"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.Plan")]
public sealed record Plan(
    [property: Id(0)] int Id,
    [property: Id(1)] PlanAssignee Assignee,
    [property: Id(2)] PlanItemType ItemType,
    [property: Id(3)] long ItemId,
    [property: Id(4)] DateOnly Start,
    [property: Id(5)] DateOnly End,
    [property: Id(6)] PlanEffort Effort,
    [property: Id(7)] long Seconds,
    [property: Id(8)] string? Description,
    [property: Id(9)] string? StartTime,
    [property: Id(10)] bool IncludeNonWorkingDays,
    [property: Id(11)] PlanRule Rule,
    [property: Id(12)] DateOnly? RecurrenceEnd,
    [property: Id(13)] PlanApproval? Approval,
    [property: Id(14)] string CreatorId,
    [property: Id(15)] DateTimeOffset CreatedAt,
    [property: Id(16)] DateTimeOffset UpdatedAt,
    [property: Id(17)] ImmutableArray<PlanDayOverride> Overrides);

/// <summary>One planned day of a computed plan.</summary>
[GenerateSerializer, Immutable, Alias("tempo.PlannedDay")]
public sealed record PlannedDay([property: Id(0)] DateOnly Date, [property: Id(1)] long Seconds);

/// <summary>One occurrence of a (recurring) plan with its planned seconds.</summary>
[GenerateSerializer, Immutable, Alias("tempo.PlannedPeriod")]
public sealed record PlannedPeriod([property: Id(0)] DateOnly From, [property: Id(1)] DateOnly To, [property: Id(2)] long Seconds);

/// <summary>
/// A plan as read: the stored plan plus what its assignee's schedule makes of it now. <see cref="Days"/> and
/// <see cref="Periods"/> are within the requested window; <see cref="TotalSeconds"/> is over the whole plan.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.PlanView")]
public sealed record PlanView(
    [property: Id(0)] Plan Plan,
    [property: Id(1)] long SecondsPerDay,
    [property: Id(2)] long TotalSeconds,
    [property: Id(3)] long TotalSecondsInScope,
    [property: Id(4)] ImmutableArray<PlannedDay> Days,
    [property: Id(5)] ImmutableArray<PlannedPeriod> Periods);

/// <summary>
/// The filters of <c>GET /4/plans</c> and <c>POST /4/plans/search</c>. Empty arrays filter nothing; an item matches
/// when it is of one of <see cref="ItemTypes"/> (if any) and its id is in the ids given for its type.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.PlanQuery")]
public sealed record PlanQuery(
    [property: Id(0)] DateOnly? From,
    [property: Id(1)] DateOnly? To,
    [property: Id(2)] DateTimeOffset? UpdatedFrom,
    [property: Id(3)] ImmutableArray<PlanAssigneeType> AssigneeTypes,
    [property: Id(4)] ImmutableArray<string> AccountIds,
    [property: Id(5)] ImmutableArray<int> GenericResourceIds,
    [property: Id(6)] ImmutableArray<int> PlanIds,
    [property: Id(7)] ImmutableArray<PlanItemType> ItemTypes,
    [property: Id(8)] ImmutableArray<long> ItemIds,
    [property: Id(9)] ImmutableArray<long> IssueIds,
    [property: Id(10)] ImmutableArray<long> ProjectIds,
    [property: Id(11)] bool Breakdown)
{
    public static PlanQuery Window(DateOnly? from, DateOnly? to) => new(from, to, null, [], [], [], [], [], [], [], [], false);

    /// <summary>Whether the plan passes every filter but the paging (the window: any occurrence overlaps it).</summary>
    public bool Matches(Plan plan)
    {
        if (!PlanRules.Overlaps(plan, From, To) || (UpdatedFrom is { } updated && plan.UpdatedAt < updated))
        {
            return false;
        }

        if (!AssigneeTypes.IsDefaultOrEmpty && !AssigneeTypes.Contains(plan.Assignee.Type))
        {
            return false;
        }

        var byAccount = !AccountIds.IsDefaultOrEmpty;
        var byGeneric = !GenericResourceIds.IsDefaultOrEmpty;
        if ((byAccount || byGeneric) && !(
                (byAccount && plan.Assignee.Type == PlanAssigneeType.User && AccountIds.Contains(plan.Assignee.Id))
                || (byGeneric && plan.Assignee.GenericResourceId is { } g && GenericResourceIds.Contains(g))))
        {
            return false;
        }

        if (!PlanIds.IsDefaultOrEmpty && !PlanIds.Contains(plan.Id))
        {
            return false;
        }

        if (!ItemTypes.IsDefaultOrEmpty && !ItemTypes.Contains(plan.ItemType))
        {
            return false;
        }

        if (!ItemIds.IsDefaultOrEmpty && !ItemIds.Contains(plan.ItemId))
        {
            return false;
        }

        var byIssue = !IssueIds.IsDefaultOrEmpty;
        var byProject = !ProjectIds.IsDefaultOrEmpty;
        return !(byIssue || byProject)
            || (byIssue && plan.ItemType == PlanItemType.Issue && IssueIds.Contains(plan.ItemId))
            || (byProject && plan.ItemType == PlanItemType.Project && ProjectIds.Contains(plan.ItemId));
    }
}
