namespace Tempo.Api.Errors;

/// <summary>Tempo's error body: <c>{"errors":[{"message":"..."}]}</c>, used by every error response.</summary>
public sealed record ErrorBody(IReadOnlyList<ErrorMessage> Errors)
{
    public static ErrorBody Of(string message) => new([new ErrorMessage(message)]);
}

public sealed record ErrorMessage(string Message);
