using Tempo.Api.Conventions;
using Tempo.Api.Errors;
using Tempo.Api.Gate;
using Tempo.Grains.Interfaces.Periods;

namespace Tempo.Api.Periods;

public static class PeriodsScope
{
    public const string Scope = "periods";

    public static IPeriodsGrain Periods(this TenantGrains grains) => grains.Factory.GetPeriodsGrain(grains.Tenant);
}

public sealed record PeriodJson(string From, string To)
{
    public static PeriodJson Of(ApprovalPeriod period) => new(Dates.Text(period.From), Dates.Text(period.To));
}

public sealed record PeriodsJson(IReadOnlyList<PeriodJson> Periods);

/// <summary><c>/4/periods</c>: the tenant's approval periods that overlap a range, from its period configuration.</summary>
public static class PeriodsEndpoints
{
    public static IEndpointRouteBuilder MapPeriodsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/4/periods").RequireTokenScope(PeriodsScope.Scope).WithTags("Periods");
        group.MapGet("/", List).WithName("getPeriods").WithSummary("Every approval period overlapping from..to, in date order");
        return app;
    }

    private static async Task<Results<Ok<PeriodsJson>, BadRequest<ErrorBody>>> List(string? from, string? to, TenantGrains grains)
    {
        var validation = new Validation();
        var start = validation.Date(from, "from", required: true);
        var end = validation.Date(to, "to", required: true);
        if (!validation.IsValid)
        {
            return validation.ToBadRequest();
        }

        if (start > end)
        {
            return TempoResults.BadRequest("'from' must not be after 'to'.");
        }

        var settings = (await grains.Periods().GetAsync()).Settings;
        return TypedResults.Ok(new PeriodsJson([.. PeriodRules.Overlapping(settings, start!.Value, end!.Value).Select(PeriodJson.Of)]));
    }
}
