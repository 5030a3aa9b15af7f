using Orleans.Concurrency;

namespace Tempo.Grains.Interfaces.Worklogs;

/// <summary>What every partition answers to a query: cheap counts and ordered slices, never writing.</summary>
[Alias("tempo.IWorklogPartition")]
public interface IWorklogPartition : IGrainWithStringKey
{
    [ReadOnly, Alias("Count")] Task<int> CountAsync(PartitionFilter filter);

    /// <summary>The matching entries in <paramref name="order"/>, skipping <paramref name="skip"/>, at most <paramref name="take"/>.</summary>
    [ReadOnly, Alias("Page")] Task<PartitionPage> PageAsync(PartitionFilter filter, WorklogOrder order, int skip, int take);
}

/// <summary>
/// The owner partition of one author's worklogs of one month (<see cref="OwnerPartition"/>): the truth about them.
/// A worklog is committed here by one write; only a move between owners (a new author or month) passes through
/// Incoming/Outgoing rows, which the directory decides. The state grows with one person's month, never with the
/// total.
/// </summary>
[Alias("tempo.IWorklogOwnerGrain")]
public interface IWorklogOwnerGrain : IWorklogPartition
{
    /// <summary>The rows for these ids, in any state; ids not here are left out.</summary>
    [ReadOnly, Alias("GetRows")] Task<ImmutableArray<OwnerRow>> GetAsync(ImmutableArray<long> ids);

    /// <summary>Commits new worklogs (idempotent: the same id and version again changes nothing).</summary>
    [Alias("Insert")] Task InsertAsync(ImmutableArray<Worklog> worklogs);

    /// <summary>Puts a row as committed, replacing whatever row the id had: an in-place update's commit.</summary>
    [Alias("Put")] Task PutAsync(Worklog worklog);

    /// <summary>The first step of a move in: the row lives here only once the directory points here.</summary>
    [Alias("PutIncoming")] Task PutIncomingAsync(Worklog worklog);

    /// <summary>The first step of a move out: the row lives here only while the directory still points here.</summary>
    [Alias("MarkOutgoing")] Task MarkOutgoingAsync(long id, int version);

    /// <summary>Settles a row of that version: keeps it as committed, or removes it. Other versions are left alone.</summary>
    [Alias("Settle")] Task SettleAsync(long id, int version, bool keep);

    /// <summary>Removes the row of that id whatever its version: a delete's commit.</summary>
    [Alias("Remove")] Task RemoveAsync(long id);
}

/// <summary>
/// One partition of a secondary index (<see cref="IndexPartition"/>): refs of worklog versions, which readers
/// check against the owner before showing them. A write stages the new version's ref before its commit and
/// removes the old one after, so a crash in between leaves an extra ref (filtered out, pruned later), never a
/// missing one.
/// </summary>
[Alias("tempo.IWorklogIndexGrain")]
public interface IWorklogIndexGrain : IWorklogPartition
{
    /// <summary>Adds refs (idempotent per id and version).</summary>
    [Alias("Stage")] Task StageAsync(ImmutableArray<WorklogRef> refs);

    /// <summary>Removes exactly these versions of these ids.</summary>
    [Alias("RemoveRefs")] Task RemoveAsync(ImmutableArray<WorklogRef> refs);
}

/// <summary>
/// The buckets of one series (<see cref="CatalogKey"/>) that ever held a worklog: a few hundred integers at most a
/// year. Written first, before anything goes into a bucket, so a query with an open range never misses one.
/// </summary>
[Alias("tempo.IWorklogCatalogGrain")]
public interface IWorklogCatalogGrain : IGrainWithStringKey
{
    /// <summary>The buckets in ascending order.</summary>
    [ReadOnly, Alias("Buckets")] Task<ImmutableArray<int>> GetBucketsAsync();

    /// <summary>Adds the buckets not yet known; writes only when something is new.</summary>
    [Alias("Ensure")] Task EnsureAsync(ImmutableArray<int> buckets);
}

/// <summary>
/// Where the worklogs of one id block and lane live (<see cref="DirectoryKey"/>, at most 125 ids), and the lock for
/// changing them: updates and deletes run inside this grain's turn, so two changes of one worklog never interleave.
/// A move between owners commits here, by pointing the id at its new owner.
/// </summary>
[Alias("tempo.IWorklogDirectoryGrain")]
public interface IWorklogDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The committed locations of these ids (ids unknown here are left out). Interleaves with writes.</summary>
    [AlwaysInterleave, Alias("Locate")] Task<ImmutableArray<WorklogLocation>> LocateAsync(ImmutableArray<long> ids);

    /// <summary>Records where new worklogs will live; the first step of a create.</summary>
    [Alias("Register")] Task RegisterAsync(ImmutableArray<WorklogLocation> locations);

    /// <summary>Applies <paramref name="change"/> to the worklog's current version; NotFound for an unknown id.</summary>
    [Alias("Change")] Task<GrainResult<Worklog>> ChangeAsync(long id, WorklogChange change);

    [Alias("Delete")] Task<GrainResult<bool>> DeleteAsync(long id, bool bypassPeriodClosures);
}

/// <summary>A change of one worklog, applied to its current version inside the directory's turn.</summary>
[GenerateSerializer, Immutable, Alias("tempo.WorklogChange")]
public sealed record WorklogChange(
    [property: Id(0)] WorklogDraft? Replacement,
    [property: Id(1)] ImmutableArray<WorkAttributeValue> AddedAttributes,
    [property: Id(2)] bool BypassPeriodClosures)
{
    public static WorklogChange Replace(WorklogDraft draft, bool bypass) => new(draft, [], bypass);

    public static WorklogChange AddAttributes(ImmutableArray<WorkAttributeValue> values) => new(null, values, false);
}

/// <summary>Hands out blocks of <see cref="WorklogIds.BlockSize"/> ids: one write a block, never the same block twice.</summary>
[Alias("tempo.IWorklogIdBlocksGrain")]
public interface IWorklogIdBlocksGrain : IGrainWithStringKey
{
    /// <summary>A fresh block number b; its ids are b*1000 .. b*1000+999.</summary>
    [Alias("NextBlock")] Task<long> NextBlockAsync();
}

/// <summary>Marks one issue as having a bulk create running (in memory, with an expiry for a crashed holder).</summary>
[Alias("tempo.IWorklogBulkLockGrain")]
public interface IWorklogBulkLockGrain : IGrainWithStringKey
{
    [Alias("TryAcquire")] Task<bool> TryAcquireAsync(Guid lease);

    [Alias("Release")] Task ReleaseAsync(Guid lease);
}
