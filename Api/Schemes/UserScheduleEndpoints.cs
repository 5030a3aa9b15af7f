using Tempo.Api.Conventions;
using Tempo.Api.Errors;
using Tempo.Api.Gate;
using static Tempo.Api.Schemes.SchemesJson;

namespace Tempo.Api.Schemes;

/// <summary><c>/4/user-schedule</c>: a user's required seconds and holidays, day by day.</summary>
public static class UserScheduleEndpoints
{
    public static IEndpointRouteBuilder MapUserScheduleEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/4/user-schedule").RequireTokenScope(SchemesScope.Scope).WithTags("User Schedule");
        group.MapGet("/", Mine).WithName("getAuthenticatedUserSchedule").WithSummary("The token owner's schedule, one entry a day of from..to");
        group.MapGet("/{accountId}", ForUser).WithName("getUserSchedule").WithSummary("A user's schedule, one entry a day of from..to");
        return app;
    }

    private static Task<Results<Ok<ListResults<DayScheduleJson>>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> Mine(
        string? from, string? to, AuthenticatedToken token, HttpRequest request, TenantGrains grains) =>
        ScheduleAsync(token.OwnerAccountId, from, to, request, grains);

    private static Task<Results<Ok<ListResults<DayScheduleJson>>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> ForUser(
        string accountId, string? from, string? to, HttpRequest request, TenantGrains grains) =>
        ScheduleAsync(accountId, from, to, request, grains);

    private static async Task<Results<Ok<ListResults<DayScheduleJson>>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>>> ScheduleAsync(
        string accountId, string? from, string? to, HttpRequest request, TenantGrains grains)
    {
        var validation = new Validation();
        var first = validation.Date(from, "from", required: true);
        var last = validation.Date(to, "to", required: true);
        if (!validation.IsValid)
        {
            return validation.ToBadRequest();
        }

        var days = await grains.UserSchedule(accountId).GetScheduleAsync(first!.Value, last!.Value);
        return GrainResults.Ok(days, d => ListResults<DayScheduleJson>.Of(request, [.. d.Select(day => Day(request, day))]));
    }
}
