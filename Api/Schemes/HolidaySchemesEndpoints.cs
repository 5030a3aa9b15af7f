using Tempo.Api.Conventions;
using Tempo.Api.Errors;
using Tempo.Api.Gate;
using Tempo.Grains.Interfaces.Schemes;
using static Tempo.Api.Schemes.SchemesJson;
using static Tempo.Api.Schemes.SchemesRequests;

namespace Tempo.Api.Schemes;

/// <summary><c>/4/holiday-schemes</c>: schemes, the default flag, members and holidays.</summary>
public static class HolidaySchemesEndpoints
{
    public static IEndpointRouteBuilder MapHolidaySchemesEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/4/holiday-schemes").RequireTokenScope(SchemesScope.Scope).WithTags("Holiday Schemes");
        group.MapGet("/", List).WithName("getHolidaySchemes").WithSummary("All the tenant's holiday schemes");
        group.MapPost("/", Create).WithName("createHolidayScheme").WithSummary("Creates a holiday scheme");
        group.MapPost("/members/search", SearchMembers).WithName("searchHolidaySchemeMembers").WithSummary("The members of the given schemes, each with its scheme");
        group.MapGet("/users/{accountId}", ForUser).WithName("getUserHolidayScheme").WithSummary("The user's holiday scheme (the default for a user never assigned)");
        group.MapGet("/{schemeId}", Get).WithName("getHolidayScheme").WithSummary("One holiday scheme");
        group.MapPut("/{schemeId}", Update).WithName("updateHolidayScheme").WithSummary("Replaces a holiday scheme's name and description");
        group.MapDelete("/{schemeId}", Delete).WithName("deleteHolidayScheme").WithSummary("Deletes a scheme other than the default with its holidays; its members move to the default");
        group.MapPut("/{schemeId}/default", SetDefault).WithName("setDefaultScheme").WithSummary("Makes the scheme the default (the old default loses the flag)");
        group.MapGet("/{schemeId}/holidays", Holidays).WithName("getHolidays").WithSummary("The holidays falling in ?year= (this year when absent), FIXED ones dated in it");
        group.MapPost("/{schemeId}/holidays", CreateHoliday).WithName("createHoliday").WithSummary("Creates a FIXED or FLOATING holiday");
        group.MapGet("/{schemeId}/holidays/floating", Floating).WithName("getFloatingHolidays").WithSummary("Every FLOATING holiday of the scheme");
        group.MapGet("/{schemeId}/holidays/{holidayId}", GetHoliday).WithName("getHoliday").WithSummary("One holiday");
        group.MapPut("/{schemeId}/holidays/{holidayId}", UpdateHoliday).WithName("updateHoliday").WithSummary("Replaces a holiday");
        group.MapDelete("/{schemeId}/holidays/{holidayId}", DeleteHoliday).WithName("deleteHoliday").WithSummary("Deletes a holiday");
        group.MapGet("/{schemeId}/members", Members).WithName("getWorkloadSchemeMembers").WithSummary("A page of the scheme's members");
        group.MapPost("/{schemeId}/members", Assign).WithName("setWorkloadSchemeMembership").WithSummary("Moves the users into the scheme");
        return app;
    }

    private static async Task<Ok<ListResults<HolidaySchemeJson>>> List(HttpRequest request, TenantGrains grains)
    {
        var schemes = await grains.Schemes().ListHolidaySchemesAsync();
        return TypedResults.Ok(ListResults<HolidaySchemeJson>.Of(request, [.. schemes.Select(s => HolidayScheme(request, s))]));
    }

    private static async Task<Results<Ok<HolidaySchemeJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Create(
        HolidaySchemeBody? body, HttpRequest request, TenantGrains grains)
    {
        if (!TryRead(body, out var input, out var invalid))
        {
            return invalid;
        }

        return GrainResults.Ok(await grains.Schemes().CreateHolidaySchemeAsync(input), s => HolidayScheme(request, s));
    }

    private static async Task<Ok<HolidaySchemeJson>> ForUser(string accountId, HttpRequest request, TenantGrains grains) =>
        TypedResults.Ok(HolidayScheme(request, await grains.Schemes().GetUserHolidaySchemeAsync(accountId)));

    private static async Task<Results<Ok<HolidaySchemeJson>, NotFound<ErrorBody>>> Get(string schemeId, HttpRequest request, TenantGrains grains) =>
        RouteIds.TryInt(schemeId, out var id) && await grains.Schemes().GetHolidaySchemeAsync(id) is { } scheme
            ? TypedResults.Ok(HolidayScheme(request, scheme))
            : TempoResults.NotFound(NotFound(schemeId));

    private static async Task<Results<Ok<HolidaySchemeJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Update(
        string schemeId, HolidaySchemeBody? body, HttpRequest request, TenantGrains grains)
    {
        if (!RouteIds.TryInt(schemeId, out var id))
        {
            return TempoResults.NotFound(NotFound(schemeId));
        }

        if (!TryRead(body, out var input, out var invalid))
        {
            return invalid;
        }

        return GrainResults.Ok(await grains.Schemes().UpdateHolidaySchemeAsync(id, input), s => HolidayScheme(request, s));
    }

    private static async Task<Results<NoContent, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Delete(
        string schemeId, TenantGrains grains) =>
        RouteIds.TryInt(schemeId, out var id)
            ? GrainResults.NoContent(await grains.Schemes().DeleteHolidaySchemeAsync(id))
            : TempoResults.NotFound(NotFound(schemeId));

    private static async Task<Results<Ok<HolidaySchemeJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> SetDefault(
        string schemeId, HttpRequest request, TenantGrains grains) =>
        RouteIds.TryInt(schemeId, out var id)
            ? GrainResults.Ok(await grains.Schemes().SetDefaultHolidaySchemeAsync(id), s => HolidayScheme(request, s))
            : TempoResults.NotFound(NotFound(schemeId));

    private static async Task<Results<Ok<ListResults<HolidayJson>>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Holidays(
        string schemeId, int? year, HttpRequest request, TenantGrains grains, TimeProvider time)
    {
        if (!RouteIds.TryInt(schemeId, out var id))
        {
            return TempoResults.NotFound(NotFound(schemeId));
        }

        if (year is < 1 or > 9999)
        {
            return TempoResults.BadRequest($"'year' must be between 1 and 9999, not {year}.");
        }

        var holidays = await grains.Schemes().GetHolidaysInYearAsync(id, year ?? time.GetUtcNow().Year);
        return GrainResults.Ok(holidays, h => HolidayList(request, h));
    }

    private static async Task<Results<Ok<ListResults<HolidayJson>>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Floating(
        string schemeId, HttpRequest request, TenantGrains grains) =>
        RouteIds.TryInt(schemeId, out var id)
            ? GrainResults.Ok(await grains.Schemes().GetFloatingHolidaysAsync(id), h => HolidayList(request, h))
            : TempoResults.NotFound(NotFound(schemeId));

    private static async Task<Results<Ok<HolidayJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> GetHoliday(
        string schemeId, string holidayId, HttpRequest request, TenantGrains grains) =>
        RouteIds.TryInt(schemeId, out var id) && RouteIds.TryInt(holidayId, out var hid)
            ? GrainResults.Ok(await grains.Schemes().GetHolidayAsync(id, hid), h => Holiday(request, h))
            : TempoResults.NotFound(HolidayNotFound(schemeId, holidayId));

    private static async Task<Results<Ok<HolidayJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> CreateHoliday(
        string schemeId, HolidayBody? body, HttpRequest request, TenantGrains grains)
    {
        if (!RouteIds.TryInt(schemeId, out var id))
        {
            return TempoResults.NotFound(NotFound(schemeId));
        }

        if (!TryRead(body, out var input, out var invalid))
        {
            return invalid;
        }

        return GrainResults.Ok(await grains.Schemes().CreateHolidayAsync(id, input), h => Holiday(request, h));
    }

    private static async Task<Results<Ok<HolidayJson>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> UpdateHoliday(
        string schemeId, string holidayId, HolidayBody? body, HttpRequest request, TenantGrains grains)
    {
        if (!RouteIds.TryInt(schemeId, out var id) || !RouteIds.TryInt(holidayId, out var hid))
        {
            return TempoResults.NotFound(HolidayNotFound(schemeId, holidayId));
        }

        if (!TryRead(body, out var input, out var invalid))
        {
            return invalid;
        }

        return GrainResults.Ok(await grains.Schemes().UpdateHolidayAsync(id, hid, input), h => Holiday(request, h));
    }

    private static async Task<Results<NoContent, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> DeleteHoliday(
        string schemeId, string holidayId, TenantGrains grains) =>
        RouteIds.TryInt(schemeId, out var id) && RouteIds.TryInt(holidayId, out var hid)
            ? GrainResults.NoContent(await grains.Schemes().DeleteHolidayAsync(id, hid))
            : TempoResults.NotFound(HolidayNotFound(schemeId, holidayId));

    private static ListResults<HolidayJson> HolidayList(HttpRequest request, ImmutableArray<Holiday> holidays) =>
        ListResults<HolidayJson>.Of(request, [.. holidays.Select(h => Holiday(request, h))]);

    private static Task<Results<Ok<SearchResults<MemberResultJson>>, BadRequest<ErrorBody>>> SearchMembers(
        MemberSearchBody? body, HttpRequest request, TenantGrains grains) =>
        SchemeMembers.SearchAsync(SchemeKind.Holiday, body, request, grains);

    private static Task<Results<Ok<PagedResults<UserJson>>, BadRequest<ErrorBody>, NotFound<ErrorBody>>> Members(
        string schemeId, int? offset, int? limit, HttpRequest request, TenantGrains grains) =>
        SchemeMembers.PageAsync(SchemeKind.Holiday, schemeId, NotFound(schemeId), offset, limit, request, grains);

    private static Task<Results<NoContent, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Assign(
        string schemeId, MembersBody? body, TenantGrains grains) =>
        SchemeMembers.AssignAsync(SchemeKind.Holiday, schemeId, NotFound(schemeId), body, grains);

    private static string NotFound(string id) => $"Holiday scheme '{id}' not found";

    private static string HolidayNotFound(string schemeId, string holidayId) => $"Holiday '{holidayId}' not found in holiday scheme '{schemeId}'";
}
