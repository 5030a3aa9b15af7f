using Tempo.Api.Errors;
using Tempo.Grains.Interfaces.Worklogs;

namespace Tempo.Api.Worklogs;

/// <summary>
/// Turns a <see cref="WorklogWriteResult{T}"/> into the HTTP answer: 200 (or 204), 400, 404, 403 "Period is
/// closed" or 409, each with Tempo's error body.
/// </summary>
public static class WorklogResults
{
    public static Results<Ok<TOut>, BadRequest<ErrorBody>, NotFound<ErrorBody>, JsonHttpResult<ErrorBody>, Conflict<ErrorBody>> Ok<T, TOut>(
        WorklogWriteResult<T> result, Func<T, TOut> map) =>
        result.Status switch
        {
            WorklogWriteStatus.Ok => TypedResults.Ok(map(result.Value!)),
            WorklogWriteStatus.NotFound => TempoResults.NotFound(result.Error!),
            WorklogWriteStatus.PeriodClosed => Forbidden(result.Error!),
            WorklogWriteStatus.Busy => TempoResults.Conflict(result.Error!),
            _ => TempoResults.BadRequest(result.Error!),
        };

    public static Results<NoContent, BadRequest<ErrorBody>, NotFound<ErrorBody>, JsonHttpResult<ErrorBody>> NoContent<T>(WorklogWriteResult<T> result) =>
        result.Status switch
        {
            WorklogWriteStatus.Ok => TypedResults.NoContent(),
            WorklogWriteStatus.NotFound => TempoResults.NotFound(result.Error!),
            WorklogWriteStatus.PeriodClosed => Forbidden(result.Error!),
            _ => TempoResults.BadRequest(result.Error!),
        };

    private static JsonHttpResult<ErrorBody> Forbidden(string message) => TypedResults.Json(ErrorBody.Of(message), statusCode: StatusCodes.Status403Forbidden);
}
