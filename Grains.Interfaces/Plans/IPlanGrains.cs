using System.Globalization;
using Orleans.Concurrency;
using Tempo.Grains.Interfaces.Paging;

namespace Tempo.Grains.Interfaces.Plans;

/// <summary>
/// The one door of the Plans namespace for HTTP (key <see cref="PlanKeys.Plans"/>): a stateless worker that hands out
/// ids, writes a plan's partition, directory entry and index entries, drives queries by their most selective
/// filter and computes totals from the assignees' schedules on read (docs/design/plans.md).
/// </summary>
[Alias("tempo.IPlansGrain")]
public interface IPlansGrain : IGrainWithStringKey
{
    /// <summary>Creates a plan; Invalid when a generic assignee doesn't exist or the dates can't make a plan.</summary>
    [Alias("Create")] Task<GrainResult<PlanView>> CreateAsync(PlanDraft draft, string creatorId);

    /// <summary>Creates many plans, each partition, index and directory grain written once (seeding, imports); the ids.</summary>
    [Alias("CreateMany")] Task<GrainResult<ImmutableArray<int>>> CreateManyAsync(ImmutableArray<PlanDraft> drafts, string creatorId);

    /// <summary>The plan with its days and occurrences within <paramref name="from"/>..<paramref name="to"/> (null: the whole plan).</summary>
    [ReadOnly, Alias("Get")] Task<PlanView?> GetAsync(int id, DateOnly? from, DateOnly? to);

    /// <summary>Replaces the plan's terms (its partial edits are kept when they still fall on a day of the plan).</summary>
    [Alias("Update")] Task<GrainResult<PlanView>> UpdateAsync(int id, PlanDraft draft, string actorId);

    /// <summary>Gives one day of the plan its own seconds.</summary>
    [Alias("UpdateDay")] Task<GrainResult<PlanView>> UpdateDayAsync(int id, DateOnly day, long seconds, string actorId);

    /// <summary>Removes one day from the plan.</summary>
    [Alias("DeleteDay")] Task<GrainResult<bool>> DeleteDayAsync(int id, DateOnly day, string actorId);

    [Alias("Delete")] Task<GrainResult<bool>> DeleteAsync(int id);

    /// <summary>The plans passing every filter, by id, one page, with totals (and breakdowns when asked) computed now.</summary>
    [ReadOnly, Alias("Query")] Task<Page<PlanView>> QueryAsync(PlanQuery query, PageRequest page);
}

/// <summary>
/// The truth of one assignee's plans (key <see cref="PlanKeys.Assignee"/>): all plans of one user or one generic
/// resource, so its size is one person's plans, whatever the tenant's size.
/// </summary>
[Alias("tempo.IPlanAssigneeGrain")]
public interface IPlanAssigneeGrain : IGrainWithStringKey
{
    /// <summary>Writes (inserts or replaces) the plans: the commit of a create or an in-place update.</summary>
    [Alias("Put")] Task PutAsync(ImmutableArray<Plan> plans);

    /// <summary>Removes the plan (idempotent).</summary>
    [Alias("Remove")] Task RemoveAsync(int id);

    [ReadOnly, Alias("GetMany")] Task<ImmutableArray<Plan>> GetManyAsync(ImmutableArray<int> ids);

    /// <summary>The plans passing <see cref="PlanQuery.Matches"/>, by id.</summary>
    [ReadOnly, Alias("Query")] Task<ImmutableArray<Plan>> QueryAsync(PlanQuery query);

    [ReadOnly, Alias("Count")] Task<int> CountAsync();
}

/// <summary>
/// Plan id to assignee partition for one block of <see cref="PlanKeys.DirectoryBlock"/> ids (key
/// <see cref="PlanKeys.Directory"/>). Changes of an existing plan run inside this grain's turn, so two writes of one
/// plan never interleave.
/// </summary>
[Alias("tempo.IPlanDirectoryGrain")]
public interface IPlanDirectoryGrain : IGrainWithStringKey
{
    [Alias("SetMany")] Task SetManyAsync(ImmutableArray<PlanPlacement> placements);

    [ReadOnly, Alias("GetMany")] Task<ImmutableArray<PlanPlacement>> GetManyAsync(ImmutableArray<int> ids);

    /// <summary>Applies a change to a plan: new index entries, the partition write (the commit), then stale entries go.</summary>
    [Alias("Change")] Task<GrainResult<Plan?>> ChangeAsync(int id, PlanChange change);
}

/// <summary>
/// One index partition (key <see cref="PlanKeys.Index"/>): the plans of one series (an issue, a project, or a shard of
/// all plans) that touch one month. An index, not the truth: readers check every entry against the partition.
/// </summary>
[Alias("tempo.IPlanIndexGrain")]
public interface IPlanIndexGrain : IGrainWithStringKey
{
    [Alias("Add")] Task AddAsync(ImmutableArray<PlanPlacement> placements);

    [Alias("Remove")] Task RemoveAsync(ImmutableArray<int> ids);

    [ReadOnly, Alias("List")] Task<ImmutableArray<PlanPlacement>> ListAsync();
}

/// <summary>The per-tenant id counter of plans, in blocks of <see cref="PlanKeys.IdBlock"/> (key <see cref="PlanKeys.IdBlocks"/>).</summary>
[Alias("tempo.IPlanIdBlocksGrain")]
public interface IPlanIdBlocksGrain : IGrainWithStringKey
{
    [Alias("NextBlock")] Task<int> NextBlockAsync();
}

/// <summary>Where a plan lives: its id and its assignee (whose partition holds it).</summary>
[GenerateSerializer, Immutable, Alias("tempo.PlanPlacement")]
public sealed record PlanPlacement([property: Id(0)] int Id, [property: Id(1)] PlanAssignee Assignee);

[GenerateSerializer, Alias("tempo.PlanChangeKind")]
public enum PlanChangeKind : byte
{
    Replace = 0,
    SetDay = 1,
    RemoveDay = 2,
    Delete = 3,
}

/// <summary>A change of an existing plan, applied by <see cref="PlanChanges.Apply"/> inside the directory's turn.</summary>
[GenerateSerializer, Immutable, Alias("tempo.PlanChange")]
public sealed record PlanChange(
    [property: Id(0)] PlanChangeKind Kind,
    [property: Id(1)] PlanDraft? Draft,
    [property: Id(2)] DateOnly Day,
    [property: Id(3)] long? Seconds,
    [property: Id(4)] string ActorId,
    [property: Id(5)] DateTimeOffset Now);

/// <summary>What a change makes of a plan: pure, so grains and tests share it.</summary>
public static class PlanChanges
{
    /// <summary>The plan after the change (null: deleted), NotFound for a day not in the plan.</summary>
    public static GrainResult<Plan?> Apply(Plan plan, PlanChange change)
    {
        switch (change.Kind)
        {
            case PlanChangeKind.Delete:
                return GrainResult<Plan?>.Ok(null);
            case PlanChangeKind.Replace:
                var next = FromDraft(plan.Id, change.Draft!, plan.CreatorId, plan.CreatedAt, change.Now, change.ActorId, plan.Approval);
                var kept = (plan.Overrides.IsDefault ? [] : plan.Overrides).Where(o => PlanRules.IsPlanDay(next, o.Date));
                return GrainResult<Plan?>.Ok(next with { Overrides = [.. kept] });
            default:
                if (!PlanRules.IsPlanDay(plan, change.Day))
                {
                    return GrainResult<Plan?>.NotFound($"Plan '{plan.Id}' has no day {change.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
                }

                var seconds = change.Kind == PlanChangeKind.SetDay ? change.Seconds : null;
                return GrainResult<Plan?>.Ok(PlanRules.WithDay(plan, change.Day, seconds) with { UpdatedAt = change.Now });
        }
    }

    /// <summary>A plan of the draft's terms. The approval: the draft's status (REQUESTED when only a reviewer is given).</summary>
    public static Plan FromDraft(int id, PlanDraft draft, string creatorId, DateTimeOffset createdAt, DateTimeOffset now, string actorId, PlanApproval? previous)
    {
        PlanApproval? approval = null;
        if (draft.ApprovalStatus is not null || draft.ReviewerId is not null)
        {
            var status = draft.ApprovalStatus ?? PlanApprovalStatus.Requested;
            var actor = previous is not null && previous.Status == status && previous.ReviewerId == draft.ReviewerId ? previous.ActorId : actorId;
            approval = new PlanApproval(status, draft.ReviewerId, previous?.RequesterId ?? actorId, actor);
        }

        return new Plan(
            id, draft.Assignee, draft.ItemType, draft.ItemId, draft.Start, draft.End, draft.Effort, draft.Seconds,
            draft.Description, draft.StartTime, draft.IncludeNonWorkingDays, draft.Rule,
            draft.Rule == PlanRule.Never ? null : draft.RecurrenceEnd, approval, creatorId, createdAt, now, []);
    }
}

/// <summary>The keys of the Plans scope's grains: every one starts with its kind and the tenant.</summary>
public static class PlanKeys
{
    public const string PlansKind = "plans";
    public const string AssigneeKind = "pa";
    public const string DirectoryKind = "pd";
    public const string IndexKind = "pi";
    public const string IdBlocksKind = "planids";

    /// <summary>Ids a directory grain maps.</summary>
    public const int DirectoryBlock = 100;

    /// <summary>Ids an id block holds.</summary>
    public const int IdBlock = 1_000;

    /// <summary>Shards of the every-plan month index (an entry's shard is its id modulo this).</summary>
    public const int AllShards = 8;

    public static string Plans(TenantId tenant) => tenant.Key(PlansKind);

    public static string IdBlocks(TenantId tenant) => tenant.Key(IdBlocksKind);

    /// <summary><c>pa_&lt;tenant&gt;_u-&lt;accountId&gt;</c> or <c>pa_&lt;tenant&gt;_g-&lt;id&gt;</c>.</summary>
    public static string Assignee(TenantId tenant, PlanAssignee assignee) =>
        tenant.Key(AssigneeKind, (assignee.Type == PlanAssigneeType.User ? "u-" : "g-") + assignee.Id);

    public static string Directory(TenantId tenant, int planId) => tenant.Key(DirectoryKind, "b" + (planId / DirectoryBlock).ToString(CultureInfo.InvariantCulture));

    /// <summary>The series of an issue's (<c>i</c>) or a project's (<c>p</c>) plans.</summary>
    public static string ItemSeries(PlanItemType type, long itemId) =>
        (type == PlanItemType.Issue ? "i" : "p") + itemId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The series of one shard of all plans.</summary>
    public static string AllSeries(int planId) => "a" + (planId % AllShards).ToString(CultureInfo.InvariantCulture);

    /// <summary><c>pi_&lt;tenant&gt;_&lt;series&gt;_&lt;yyyyMM&gt;</c>.</summary>
    public static string Index(TenantId tenant, string series, int month) => tenant.Key(IndexKind, series + "_" + month.ToString(CultureInfo.InvariantCulture));

    public static IPlansGrain GetPlansGrain(this IGrainFactory grains, TenantId tenant) => grains.Reference<IPlansGrain>(Plans(tenant));

    public static IPlanAssigneeGrain GetPlanAssigneeGrain(this IGrainFactory grains, TenantId tenant, PlanAssignee assignee) =>
        grains.Reference<IPlanAssigneeGrain>(Assignee(tenant, assignee));
}
