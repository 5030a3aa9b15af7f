using Tempo.Api.Auth;
using Tempo.Api.Conventions;
using Tempo.Api.Errors;
using Tempo.Api.Periods;
using Tempo.Grains.Interfaces.Periods;

namespace Tempo.Api.Settings;

public sealed record PeriodSettingsJson(string? ApprovalPeriod, string? WeekStartDay, int? MonthStartDay, string? MonthStartMonth);

public sealed record PeriodClosuresJson(IReadOnlyList<PeriodJson> Closed);

/// <summary>
/// The tenant's period configuration and Period Management, for signed-in users (never an API token): anyone of
/// the tenant may read them, only a tenant administrator may change them.
/// </summary>
public static class PeriodSettingsEndpoints
{
    private const string AdminOnly = "Only a tenant administrator may change the period settings.";

    private static readonly string[] Days = ["SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"];

    public static IEndpointRouteBuilder MapPeriodSettingsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/settings").RequireAuthorization(ManagementAuthorization.SignedInUser).WithTags("Settings");
        group.MapGet("/periods", Get).WithName("getPeriodSettings").WithSummary("The tenant's approval period configuration");
        group.MapPut("/periods", Put).WithName("updatePeriodSettings").WithSummary("Changes the approval period configuration (administrators)");
        group.MapGet("/period-closures", ListClosed).WithName("getPeriodClosures").WithSummary("The closed approval periods, in date order");
        group.MapPut("/period-closures/{from}", Close).WithName("closePeriod").WithSummary("Closes the approval period starting on from (administrators)");
        group.MapDelete("/period-closures/{from}", Reopen).WithName("reopenPeriod").WithSummary("Reopens a closed approval period (administrators)");
        return app;
    }

    public static PeriodSettingsJson Json(PeriodSettings settings) => new(
        settings.Kind == ApprovalPeriodKind.Weekly ? "WEEKLY" : "MONTHLY",
        Days[(int)settings.WeekStartDay],
        settings.MonthStartDay,
        settings.MonthStartMonth == 12 ? "DECEMBER" : "JANUARY");

    private static async Task<Ok<PeriodSettingsJson>> Get(TenantGrains grains) => TypedResults.Ok(Json((await grains.Periods().GetAsync()).Settings));

    private static async Task<Results<Ok<PeriodSettingsJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Put(
        PeriodSettingsJson? body, SignedInUser user, TenantGrains grains)
    {
        if (!user.Admin)
        {
            return TempoResults.Forbidden(AdminOnly);
        }

        var validation = new Validation();
        var kind = validation.OneOf(body?.ApprovalPeriod, "approvalPeriod", ["MONTHLY", "WEEKLY"], required: true);
        var weekStart = validation.OneOf(body?.WeekStartDay, "weekStartDay", Days, required: false);
        var monthStartMonth = validation.OneOf(body?.MonthStartMonth, "monthStartMonth", ["JANUARY", "DECEMBER"], required: false);
        if (body?.MonthStartDay is < 1 or > 28)
        {
            validation.Add("'monthStartDay' must be from 1 to 28.");
        }

        if (!validation.IsValid)
        {
            return validation.ToBadRequest();
        }

        var settings = new PeriodSettings(
            kind == "WEEKLY" ? ApprovalPeriodKind.Weekly : ApprovalPeriodKind.Monthly,
            weekStart is null ? DayOfWeek.Monday : (DayOfWeek)Array.IndexOf(Days, weekStart),
            body!.MonthStartDay ?? 1,
            monthStartMonth == "DECEMBER" ? 12 : 1);
        return GrainResults.Ok(await grains.Periods().ConfigureAsync(settings), Json);
    }

    private static async Task<Ok<PeriodClosuresJson>> ListClosed(TenantGrains grains)
    {
        var view = await grains.Periods().GetAsync();
        return TypedResults.Ok(new PeriodClosuresJson([.. view.ClosedStarts.Select(s => PeriodJson.Of(view.Containing(s)))]));
    }

    private static async Task<Results<Ok<PeriodJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Close(
        string from, SignedInUser user, TenantGrains grains)
    {
        if (!user.Admin)
        {
            return TempoResults.Forbidden(AdminOnly);
        }

        return Dates.TryParse(from, out var start)
            ? GrainResults.Ok(await grains.Periods().CloseAsync(start), PeriodJson.Of)
            : TempoResults.BadRequest(Dates.Invalid("from", from));
    }

    private static async Task<Results<NoContent, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Reopen(
        string from, SignedInUser user, TenantGrains grains)
    {
        if (!user.Admin)
        {
            return TempoResults.Forbidden(AdminOnly);
        }

        return Dates.TryParse(from, out var start)
            ? GrainResults.NoContent(await grains.Periods().ReopenAsync(start))
            : TempoResults.BadRequest(Dates.Invalid("from", from));
    }
}
