namespace Tempo.Grains.Interfaces.Projects;

/// <summary>The closed vocabularies of a Cost Tracker project, as Tempo spells them.</summary>
public static class ProjectVocabulary
{
    public const string MonetaryBased = "MONETARY_BASED";
    public const string TimeBased = "TIME_BASED";
    public static readonly ImmutableArray<string> Types = [MonetaryBased, TimeBased];

    public const string InPlanning = "IN_PLANNING";
    public static readonly ImmutableArray<string> Statuses = [InPlanning, "IN_PROGRESS", "ON_HOLD", "COMPLETED"];

    public const string Restricted = "RESTRICTED";
    public static readonly ImmutableArray<string> GeneralAccess = [Restricted, "USERS_WITH_APP_ACCESS"];

    public const string JiraProjects = "JIRA_PROJECTS";
    public static readonly ImmutableArray<string> ScopeTypes = ["FILTER", "STRUCTURE", JiraProjects, "EPICS"];

    public const string Off = "OFF";
    public const string Daily = "DAILY";
    public const string Weekly = "WEEKLY";
    public static readonly ImmutableArray<string> Schedules = [Off, Daily, Weekly];

    public const string Billing = "BILLING";
    public const string Cost = "COST";
    public static readonly ImmutableArray<string> RateCategories = [Billing, Cost];

    /// <summary>Time-zone offsets a schedule may use, in whole hours (UTC-12 to UTC+14).</summary>
    public const int MinOffsetHours = -12;
    public const int MaxOffsetHours = 14;

    /// <summary>The largest amount or number kept: 2^53-1, the largest integer every JSON client reads exactly.</summary>
    public const decimal MaxAmount = 9_007_199_254_740_991m;
}

/// <summary>An amount of money. Always a decimal: no binary floating point between the request and storage.</summary>
[GenerateSerializer, Immutable, Alias("tempo.Money")]
public sealed record Money([property: Id(0)] decimal Value, [property: Id(1)] string CurrencyCode);

/// <summary>Where a project's tasks come from, kept as given: there is no Jira here to import from.</summary>
[GenerateSerializer, Immutable, Alias("tempo.ProjectScopeSource")]
public sealed record ProjectScopeSource([property: Id(0)] string Type, [property: Id(1)] string Reference);

/// <summary>An auto-sync schedule; the next sync time is computed when read, from the clock.</summary>
[GenerateSerializer, Immutable, Alias("tempo.AutoSyncSchedule")]
public sealed record AutoSyncSchedule([property: Id(0)] string Schedule, [property: Id(1)] int? TimeZoneOffsetInHours)
{
    public static AutoSyncSchedule Off { get; } = new(ProjectVocabulary.Off, null);
}

/// <summary>
/// A project as stored. Rates are kept in the project's currency; attribute values are keyed by attribute id and
/// hold the text the caller sent (checked against the attribute's type when set).
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.Project")]
public sealed record Project(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Type,
    [property: Id(3)] string Status,
    [property: Id(4)] string GeneralAccess,
    [property: Id(5)] string OwnerAccountId,
    [property: Id(6)] ImmutableArray<string> Collaborators,
    [property: Id(7)] string CurrencyCode,
    [property: Id(8)] decimal DefaultCostRate,
    [property: Id(9)] decimal DefaultBillingRate,
    [property: Id(10)] bool TrackingRevenue,
    [property: Id(11)] bool UsingApproval,
    [property: Id(12)] bool UsingAccountRates,
    [property: Id(13)] bool UsingGlobalCostRates,
    [property: Id(14)] ImmutableArray<string> Tags,
    [property: Id(15)] ProjectScopeSource? Scope,
    [property: Id(16)] AutoSyncSchedule AutoSync,
    [property: Id(17)] ImmutableDictionary<Guid, string> AttributeValues);

/// <summary>What <c>POST /4/projects</c> asks for, checked for shape and with the defaults filled in.</summary>
[GenerateSerializer, Immutable, Alias("tempo.NewProject")]
public sealed record NewProject(
    [property: Id(0)] string Name,
    [property: Id(1)] string Type,
    [property: Id(2)] string CurrencyCode,
    [property: Id(3)] decimal? DefaultCostRate,
    [property: Id(4)] bool TrackingRevenue,
    [property: Id(5)] ProjectScopeSource? Scope,
    [property: Id(6)] string OwnerAccountId);

/// <summary><c>PUT /4/projects/{id}</c>: every null field is left as it is.</summary>
[GenerateSerializer, Immutable, Alias("tempo.ProjectChanges")]
public sealed record ProjectChanges(
    [property: Id(0)] string? Name,
    [property: Id(1)] string? Status,
    [property: Id(2)] ImmutableArray<string>? Tags,
    [property: Id(3)] bool? TrackingRevenue,
    [property: Id(4)] bool? UsingApproval);

/// <summary>A project's value of one attribute, with the attribute's type and, for a select list, the chosen option.</summary>
[GenerateSerializer, Immutable, Alias("tempo.ProjectAttributeValue")]
public sealed record ProjectAttributeValue(
    [property: Id(0)] Guid AttributeId,
    [property: Id(1)] string Type,
    [property: Id(2)] string Value,
    [property: Id(3)] SelectListOption? Option);

/// <summary>
/// A project as answered: the stored project, the values of attributes that still exist, and the next auto-sync
/// time by the clock of the moment it was read.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.ProjectView")]
public sealed record ProjectView(
    [property: Id(0)] Project Project,
    [property: Id(1)] ImmutableArray<ProjectAttributeValue> AttributeValues,
    [property: Id(2)] DateTimeOffset? NextScheduledSyncAt);
