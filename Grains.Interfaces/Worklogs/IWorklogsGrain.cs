using Tempo.Grains.Interfaces.Accounts;
using Tempo.Grains.Interfaces.Paging;

namespace Tempo.Grains.Interfaces.Worklogs;

/// <summary>
/// The one door of the Worklogs namespace of a tenant: a stateless coordinator (a worker on every silo, key
/// <see cref="WorklogGrainKeys.Coordinator"/>) that allocates ids, checks attribute values, and drives the
/// partitioned grains behind it:
/// <list type="bullet">
/// <item>owner partitions (<see cref="IWorklogOwnerGrain"/>): one author's worklogs of one month, the truth;</item>
/// <item>index partitions (<see cref="IWorklogIndexGrain"/>): by issue, project, account and day, holding refs;</item>
/// <item>catalogs (<see cref="IWorklogCatalogGrain"/>): which buckets of a series hold anything;</item>
/// <item>the directory (<see cref="IWorklogDirectoryGrain"/>): where each id lives, and the lock for its changes.</item>
/// </list>
/// A create is durable in all of them before it answers, so every list and search reflects it (read-your-writes).
/// </summary>
[Alias("tempo.IWorklogsGrain")]
public interface IWorklogsGrain : IGrainWithStringKey
{
    [Alias("Create")] Task<GrainResult<Worklog>> CreateAsync(WorklogDraft draft, bool bypassPeriodClosures);

    /// <summary>
    /// Creates all the worklogs of one issue, or none if any is invalid; Busy while another bulk for the issue runs.
    /// Every worklog gets <paramref name="issueId"/>; the drafts' own issue ids are not read.
    /// </summary>
    [Alias("BulkCreate")] Task<GrainResult<ImmutableArray<Worklog>>> BulkCreateAsync(long issueId, ImmutableArray<WorklogDraft> drafts);

    /// <summary>
    /// Creates many worklogs of any issues in one pass (each partition written once for the lot), or none if any is
    /// invalid: for imports and for seeding the benchmark. No bulk lock, no period check (imports restore history).
    /// </summary>
    [Alias("Import")] Task<GrainResult<ImmutableArray<Worklog>>> ImportAsync(ImmutableArray<WorklogDraft> drafts);

    [Alias("Get")] Task<Worklog?> GetAsync(long id);

    /// <summary>The worklogs that exist among <paramref name="ids"/>, in the order asked, each once.</summary>
    [Alias("GetMany")] Task<ImmutableArray<Worklog>> GetManyAsync(ImmutableArray<long> ids);

    /// <summary>Full replacement of a worklog's fields (its issue stays).</summary>
    [Alias("Update")] Task<GrainResult<Worklog>> UpdateAsync(long id, WorklogDraft draft, bool bypassPeriodClosures);

    [Alias("Delete")] Task<GrainResult<bool>> DeleteAsync(long id, bool bypassPeriodClosures);

    /// <summary>Adds attribute values to worklogs that don't have them yet; all are checked before any is written.</summary>
    [Alias("AddAttributeValues")] Task<GrainResult<bool>> AddAttributeValuesAsync(ImmutableArray<WorklogAttributeValues> values);

    /// <summary>A page of worklogs matching the query; NotFound for an unknown account or team.</summary>
    [Alias("Query")] Task<GrainResult<Page<Worklog>>> QueryAsync(WorklogQuery query);

    /// <summary>Pairs for the Jira ids that have a live Tempo twin, in the order asked; unknown ids are left out.</summary>
    [Alias("JiraToTempo")] Task<Page<WorklogIdPair>> JiraToTempoAsync(ImmutableArray<long> jiraWorklogIds, PageRequest page);

    [Alias("TempoToJira")] Task<Page<WorklogIdPair>> TempoToJiraAsync(ImmutableArray<long> tempoWorklogIds, PageRequest page);
}
