using System.Globalization;

namespace Tempo.Grains.Interfaces.Worklogs;

/// <summary>
/// Time buckets of the partitions, as sortable integers: a month is <c>yyyyMM</c> (202606), a day <c>yyyyMMdd</c>
/// (20260601). Both sort in time order, so a list of buckets is also a timeline.
/// </summary>
public static class Buckets
{
    public static int Month(DateOnly date) => (date.Year * 100) + date.Month;

    public static int Day(DateOnly date) => (date.Year * 10_000) + (date.Month * 100) + date.Day;

    /// <summary>The first and last day a bucket of <paramref name="granularity"/> covers.</summary>
    public static (DateOnly First, DateOnly Last) Span(int bucket, BucketGranularity granularity)
    {
        if (granularity == BucketGranularity.Day)
        {
            var day = new DateOnly(bucket / 10_000, bucket / 100 % 100, bucket % 100);
            return (day, day);
        }

        var first = new DateOnly(bucket / 100, bucket % 100, 1);
        return (first, first.AddMonths(1).AddDays(-1));
    }

    public static int Of(DateOnly date, BucketGranularity granularity) =>
        granularity == BucketGranularity.Day ? Day(date) : Month(date);

    /// <summary>Whether the bucket covers any day of <paramref name="from"/>..<paramref name="to"/> (null: open).</summary>
    public static bool Overlaps(int bucket, BucketGranularity granularity, DateOnly? from, DateOnly? to)
    {
        var (first, last) = Span(bucket, granularity);
        return (from is not { } f || last >= f) && (to is not { } t || first <= t);
    }
}

public enum BucketGranularity : byte
{
    Month = 0,
    Day = 1,
}

/// <summary>
/// The secondary indexes of worklogs. Each is partitioned by its value, a time bucket of the start date and, for
/// the dense ones, a shard (the worklog's issue id, or for worklogs stored before <see cref="WorklogIndexLayout"/> its id,
/// modulo <see cref="WorklogIndexKinds.Shards"/>).
/// </summary>
[GenerateSerializer, Alias("tempo.WorklogIndexKind")]
public enum WorklogIndexKind : byte
{
    /// <summary>By Jira issue, a partition a month.</summary>
    Issue = 0,

    /// <summary>By Jira project, a partition a day.</summary>
    Project = 1,

    /// <summary>By the <c>_Account_</c> attribute's account key, a partition a month.</summary>
    Account = 2,

    /// <summary>Every worklog, a partition a day and shard.</summary>
    Day = 3,
}

public static class WorklogIndexKinds
{
    /// <summary>Value of the <see cref="WorklogIndexKind.Day"/> index, which has one series for everything.</summary>
    public const string All = "all";

    public static BucketGranularity Granularity(WorklogIndexKind kind) => kind switch
    {
        WorklogIndexKind.Project or WorklogIndexKind.Day => BucketGranularity.Day,
        _ => BucketGranularity.Month,
    };

    /// <summary>How many partitions share one bucket: fixed forever, since entries are placed by a number modulo this.</summary>
    public static int Shards(WorklogIndexKind kind) => kind == WorklogIndexKind.Day ? 8 : 1;

    public static char Letter(WorklogIndexKind kind) => kind switch
    {
        WorklogIndexKind.Issue => 'i',
        WorklogIndexKind.Project => 'p',
        WorklogIndexKind.Account => 'a',
        _ => 'd',
    };

    public static WorklogIndexKind FromLetter(char letter) => letter switch
    {
        'i' => WorklogIndexKind.Issue,
        'p' => WorklogIndexKind.Project,
        'a' => WorklogIndexKind.Account,
        'd' => WorklogIndexKind.Day,
        _ => throw new FormatException($"'{letter}' is not a worklog index kind."),
    };
}

/// <summary>The owner partition of a worklog: one author's worklogs of one month. Key <c>wo_&lt;tenant&gt;_202606_&lt;accountId&gt;</c>.</summary>
[GenerateSerializer, Immutable, Alias("tempo.OwnerPartition")]
public readonly record struct OwnerPartition([property: Id(2)] TenantId Tenant, [property: Id(0)] string AuthorAccountId, [property: Id(1)] int Month)
{
    private const string Kind = "wo";

    public string GrainKey => Tenant.Key(Kind, $"{Month.ToString(CultureInfo.InvariantCulture)}_{AuthorAccountId}");

    public static OwnerPartition Of(TenantId tenant, Worklog worklog) => new(tenant, worklog.AuthorAccountId, Buckets.Month(worklog.StartDate));

    public static OwnerPartition Parse(string key)
    {
        var (tenant, rest) = TenantId.FromKey(key, Kind);
        var parts = rest.Split('_', 2);
        return new OwnerPartition(tenant, parts[1], int.Parse(parts[0], CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// One partition of a secondary index. Key <c>wi_&lt;tenant&gt;_&lt;kind&gt;_&lt;bucket&gt;_&lt;shard&gt;_&lt;value&gt;</c>, the value
/// last because account keys may contain <c>_</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.IndexPartition")]
public readonly record struct IndexPartition(
    [property: Id(4)] TenantId Tenant,
    [property: Id(0)] WorklogIndexKind Kind,
    [property: Id(1)] string Value,
    [property: Id(2)] int Bucket,
    [property: Id(3)] int Shard)
{
    private const string KeyKind = "wi";

    public string GrainKey => Tenant.Key(KeyKind, string.Create(CultureInfo.InvariantCulture, $"{WorklogIndexKinds.Letter(Kind)}_{Bucket}_{Shard}_{Value}"));

    public CatalogKey Catalog => CatalogKey.ForIndex(Tenant, Kind, Value);

    public static IndexPartition Parse(string key)
    {
        var (tenant, rest) = TenantId.FromKey(key, KeyKind);
        var parts = rest.Split('_', 4);
        return new IndexPartition(
            tenant,
            WorklogIndexKinds.FromLetter(parts[0][0]),
            parts[3],
            int.Parse(parts[1], CultureInfo.InvariantCulture),
            int.Parse(parts[2], CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// The catalog of one series (an author's owner partitions, or one value of an index): the buckets that ever held
/// a worklog, so a query with an open date range visits only those. Key <c>wc_&lt;tenant&gt;_&lt;series&gt;_&lt;value&gt;</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.CatalogKey")]
public readonly record struct CatalogKey([property: Id(2)] TenantId Tenant, [property: Id(0)] char Series, [property: Id(1)] string Value)
{
    private const string Kind = "wc";
    private const char OwnerSeries = 'o';

    public string GrainKey => Tenant.Key(Kind, $"{Series}_{Value}");

    public BucketGranularity Granularity => Series == OwnerSeries ? BucketGranularity.Month : WorklogIndexKinds.Granularity(WorklogIndexKinds.FromLetter(Series));

    public static CatalogKey ForAuthor(TenantId tenant, string authorAccountId) => new(tenant, OwnerSeries, authorAccountId);

    public static CatalogKey ForIndex(TenantId tenant, WorklogIndexKind kind, string value) => new(tenant, WorklogIndexKinds.Letter(kind), value);
}

/// <summary>
/// The directory grain that knows where the worklogs of one id block and lane live. Ids are handed out in blocks
/// of <see cref="WorklogIds.BlockSize"/> per tenant; a block's ids are spread over <see cref="Lanes"/> directory grains so
/// that consecutive creates don't queue behind one grain. Key <c>wd_&lt;tenant&gt;_&lt;block&gt;_&lt;lane&gt;</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.DirectoryKey")]
public readonly record struct DirectoryKey([property: Id(2)] TenantId Tenant, [property: Id(0)] long Block, [property: Id(1)] int Lane)
{
    public const int Lanes = 8;

    public string GrainKey => Tenant.Key("wd", string.Create(CultureInfo.InvariantCulture, $"{Block}_{Lane}"));

    public static DirectoryKey Of(TenantId tenant, long worklogId) => new(tenant, worklogId / WorklogIds.BlockSize, (int)(worklogId % Lanes));
}

public static class WorklogIds
{
    /// <summary>How many ids one allocation takes from the tenant's counter.</summary>
    public const int BlockSize = 1000;
}

/// <summary>Keys of the tenant-wide and per-issue grains of the Worklogs scope, each starting with the tenant.</summary>
public static class WorklogGrainKeys
{
    /// <summary>The tenant's stateless coordinator (<c>worklogs_&lt;tenant&gt;</c>): any activation will do.</summary>
    public static string Coordinator(TenantId tenant) => tenant.Key("worklogs");

    /// <summary>The tenant's id counter.</summary>
    public static string IdBlocks(TenantId tenant) => tenant.Key("wids");

    /// <summary>The tenant's work attributes.</summary>
    public static string WorkAttributes(TenantId tenant) => tenant.Key("wattrs");

    public static string BulkLock(TenantId tenant, long issueId) => tenant.Key("wb", issueId.ToString(CultureInfo.InvariantCulture));

    /// <summary>The tenant a worklog grain belongs to, from its own key.</summary>
    public static TenantId TenantOf(string grainKey) => new(grainKey.Split('_', 3)[1]);

    public static IWorklogsGrain GetWorklogsGrain(this IGrainFactory grains, TenantId tenant) => grains.Reference<IWorklogsGrain>(Coordinator(tenant));

    public static IWorkAttributesGrain GetWorkAttributesGrain(this IGrainFactory grains, TenantId tenant) => grains.Reference<IWorkAttributesGrain>(WorkAttributes(tenant));
}
