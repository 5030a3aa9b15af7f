using Tempo.Api.Errors;
using Tempo.Grains.Interfaces.Accounts;

namespace Tempo.Api.Conventions;

/// <summary>Turns a grain's <see cref="DomainResult{T}"/> into the HTTP answer: 200 (or 204), 400 or 404 with Tempo's body.</summary>
public static class DomainResults
{
    public static Results<Ok<TOut>, BadRequest<ErrorBody>, NotFound<ErrorBody>> Ok<T, TOut>(DomainResult<T> result, Func<T, TOut> map) =>
        result.Status switch
        {
            DomainStatus.Ok => TypedResults.Ok(map(result.Value!)),
            DomainStatus.NotFound => TempoResults.NotFound(result.Error!),
            _ => TempoResults.BadRequest(result.Error!),
        };

    public static Results<NoContent, BadRequest<ErrorBody>, NotFound<ErrorBody>> NoContent<T>(DomainResult<T> result) =>
        result.Status switch
        {
            DomainStatus.Ok => TypedResults.NoContent(),
            DomainStatus.NotFound => TempoResults.NotFound(result.Error!),
            _ => TempoResults.BadRequest(result.Error!),
        };
}
