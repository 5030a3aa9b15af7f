using System.Text.Json.Serialization;
using Tempo.Api.Conventions;
using Tempo.Grains.Interfaces.Projects;

namespace Tempo.Api.Projects;

/// <summary>
/// Cost Tracker objects as Tempo v4 shows them. Money is <see cref="decimal"/> all the way, so a value is written
/// with exactly the digits it was stored with. Sub-resources this service does not build (budget milestones,
/// expenses, actuals, rates, roles, timeframe, scope and its tasks) are still linked, as Tempo links them; following
/// such a link answers 404.
/// </summary>
public static class ProjectsJson
{
    public sealed record AmountJson(decimal Value, string CurrencyCode);

    public sealed record UserLinkJson(string Ecosystem, string OriginId, string Self);

    public sealed record UserSelfJson(UserLinkJson Linked);

    /// <summary>A user; there are no Tempo user UUIDs here, so <c>id</c> is the account id too.</summary>
    public sealed record UserJson(string Id, UserSelfJson UserLink);

    public sealed record ScopeSourceJson(string Type, string Reference, string Title);

    public sealed record ScopeJson(string Self, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ScopeSourceJson? Source, SelfLink Tasks);

    public sealed record AutoSyncJson(
        string Schedule,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? TimeZoneOffsetInHours,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? NextScheduledSyncAt);

    public sealed record SelectedOptionJson(string Id, string Name);

    public sealed record AttributeInputJson(
        string Value,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SelectedOptionJson? Option,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] UserJson? User);

    public sealed record AttributeValueJson(string Id, string Type, AttributeInputJson Input);

    public sealed record ProjectJson(
        string Self,
        string Id,
        string Name,
        string Type,
        string Status,
        string GeneralAccess,
        UserJson Owner,
        ScopeJson Scope,
        AutoSyncJson AutoSync,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AmountJson? DefaultBillingRate,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AmountJson? DefaultCostRate,
        bool IsTrackingRevenue,
        bool IsFixedPrice,
        bool IsUsingAccountRates,
        bool IsUsingGlobalCostRates,
        bool IsUsingApproval,
        bool Editable,
        IReadOnlyList<string> Tags,
        IReadOnlyList<AttributeValueJson> AttributeValues,
        SelfLink BudgetMilestones,
        SelfLink Expenses,
        SelfLink ExpenseActuals,
        SelfLink LaborActuals,
        SelfLink Rates,
        SelfLink Roles,
        SelfLink Timeframe);

    public sealed record SelectListOptionJson(string Id, string Value);

    public sealed record ProjectAttributeJson(
        string Self,
        string Id,
        string Name,
        string Type,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<SelectListOptionJson>? SelectListOptions);

    public sealed record ProjectAttributesJson(string Self, IReadOnlyList<ProjectAttributeJson> ProjectAttributes);

    public static string PathOf(Guid id) => $"/4/projects/{id:D}";

    /// <summary>Default rates are shown for a MONETARY_BASED project only, in its currency.</summary>
    public static ProjectJson Project(HttpRequest request, ProjectView view)
    {
        var p = view.Project;
        var path = PathOf(p.Id);
        SelfLink Sub(string tail) => new(Links.To(request, path + tail));
        var monetary = p.Type == ProjectVocabulary.MonetaryBased;
        return new ProjectJson(
            Links.To(request, path),
            p.Id.ToString("D"),
            p.Name,
            p.Type,
            p.Status,
            p.GeneralAccess,
            User(request, p.OwnerAccountId),
            new ScopeJson(
                Sub("/scope").Self,
                p.Scope is { } source ? new ScopeSourceJson(source.Type, source.Reference, Title: source.Reference) : null,
                Sub("/scope/tasks")),
            new AutoSyncJson(p.AutoSync.Schedule, p.AutoSync.TimeZoneOffsetInHours, view.NextScheduledSyncAt),
            monetary ? new AmountJson(p.DefaultBillingRate, p.CurrencyCode) : null,
            monetary ? new AmountJson(p.DefaultCostRate, p.CurrencyCode) : null,
            p.TrackingRevenue,
            IsFixedPrice: false,
            p.UsingAccountRates,
            p.UsingGlobalCostRates,
            p.UsingApproval,
            Editable: true,
            p.Tags,
            [.. view.AttributeValues.Select(v => AttributeValue(request, v))],
            Sub("/budget-milestones"),
            Sub("/expenses"),
            Sub("/actuals/expenses"),
            Sub("/actuals/labor"),
            Sub("/team-members/rates"),
            Sub("/team-members/roles"),
            Sub("/timeframe"));
    }

    public static UserJson User(HttpRequest request, string accountId) =>
        new(accountId, new UserSelfJson(new UserLinkJson("JIRA", accountId, Links.User(request, accountId).Self)));

    private static AttributeValueJson AttributeValue(HttpRequest request, ProjectAttributeValue value) =>
        new(value.AttributeId.ToString("D"), value.Type, new AttributeInputJson(
            value.Value,
            value.Option is { } option ? new SelectedOptionJson(option.Id.ToString("D"), option.Value) : null,
            value.Type == ProjectAttributeTypes.UserPicker ? User(request, value.Value) : null));

    public static ProjectAttributeJson Attribute(HttpRequest request, ProjectAttribute attribute) =>
        new(
            Links.To(request, $"/4/project-attributes/{attribute.Id:D}"),
            attribute.Id.ToString("D"),
            attribute.Name,
            attribute.Type,
            attribute.Type == ProjectAttributeTypes.SelectList ? [.. attribute.Options.Select(o => new SelectListOptionJson(o.Id.ToString("D"), o.Value))] : null);
}
