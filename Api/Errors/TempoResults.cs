namespace Tempo.Api.Errors;

/// <summary>Typed error results that carry Tempo's error body, so the OpenAPI document shows it.</summary>
public static class TempoResults
{
    public static BadRequest<ErrorBody> BadRequest(string message) => TypedResults.BadRequest(ErrorBody.Of(message));

    public static NotFound<ErrorBody> NotFound(string message) => TypedResults.NotFound(ErrorBody.Of(message));

    public static Conflict<ErrorBody> Conflict(string message) => TypedResults.Conflict(ErrorBody.Of(message));

    public static JsonHttpResult<ErrorBody> Forbidden(string message) =>
        TypedResults.Json(ErrorBody.Of(message), statusCode: StatusCodes.Status403Forbidden);
}
