using Tempo.Api.Errors;
using Tempo.Grains.Interfaces;

namespace Tempo.Api.Conventions;

/// <summary>
/// The one mapping of a <see cref="GrainResult{T}"/> to HTTP: Ok to 200 (or 204), Invalid to 400, NotFound to 404,
/// Conflict to 409, Forbidden to 403, each failure with Tempo's error body.
/// </summary>
public static class GrainResults
{
    public static Results<Ok<TOut>, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>> Ok<T, TOut>(
        GrainResult<T> result, Func<T, TOut> map) =>
        result.Status switch
        {
            ResultStatus.Ok => TypedResults.Ok(map(result.Value!)),
            ResultStatus.NotFound => NotFound(result),
            ResultStatus.Conflict => Conflict(result),
            ResultStatus.Forbidden => Forbidden(result),
            _ => BadRequest(result),
        };

    public static Results<NoContent, BadRequest<ErrorBody>, NotFound<ErrorBody>, Conflict<ErrorBody>, JsonHttpResult<ErrorBody>> NoContent<T>(
        GrainResult<T> result) =>
        result.Status switch
        {
            ResultStatus.Ok => TypedResults.NoContent(),
            ResultStatus.NotFound => NotFound(result),
            ResultStatus.Conflict => Conflict(result),
            ResultStatus.Forbidden => Forbidden(result),
            _ => BadRequest(result),
        };

    private static BadRequest<ErrorBody> BadRequest<T>(GrainResult<T> result) => TempoResults.BadRequest(result.Error ?? "Bad request.");

    private static NotFound<ErrorBody> NotFound<T>(GrainResult<T> result) => TempoResults.NotFound(result.Error ?? "Not found.");

    private static Conflict<ErrorBody> Conflict<T>(GrainResult<T> result) => TempoResults.Conflict(result.Error ?? "Conflict.");

    private static JsonHttpResult<ErrorBody> Forbidden<T>(GrainResult<T> result) => TempoResults.Forbidden(result.Error ?? "Forbidden.");
}
