namespace Tempo.Grains.Interfaces;

/// <summary>How a grain command or lookup ended. The API maps each to one HTTP status, in one place.</summary>
[GenerateSerializer, Alias("tempo.ResultStatus")]
public enum ResultStatus : byte
{
    Ok = 0,

    /// <summary>The request breaks a rule (400).</summary>
    Invalid = 1,

    /// <summary>The object, or one it refers to, does not exist for this caller (404).</summary>
    NotFound = 2,

    /// <summary>The object is not in a state that allows this now (409).</summary>
    Conflict = 3,

    /// <summary>The caller may not do this (403).</summary>
    Forbidden = 4,
}

/// <summary>
/// The outcome of a grain command or lookup: the value, or a status and a message a person can act on. The one
/// result type of every grain (tokens, accounts, teams, worklogs and every later scope).
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.GrainResult`1")]
public sealed record GrainResult<T>(
    [property: Id(0)] ResultStatus Status,
    [property: Id(1)] T? Value,
    [property: Id(2)] string? Error)
{
    public bool IsOk => Status == ResultStatus.Ok;

    public static GrainResult<T> Ok(T value) => new(ResultStatus.Ok, value, null);

    public static GrainResult<T> Invalid(string error) => new(ResultStatus.Invalid, default, error);

    public static GrainResult<T> NotFound(string error) => new(ResultStatus.NotFound, default, error);

    public static GrainResult<T> Conflict(string error) => new(ResultStatus.Conflict, default, error);

    public static GrainResult<T> Forbidden(string error) => new(ResultStatus.Forbidden, default, error);

    /// <summary>The same failure for another value type (only for a result that is not Ok).</summary>
    public GrainResult<TOther> As<TOther>() =>
        IsOk ? throw new InvalidOperationException("An Ok result has a value to map, not a failure to pass on.") : new(Status, default, Error);
}

/// <summary>Shorthands for results that carry no value worth returning (a delete, a move).</summary>
public static class GrainResult
{
    public static GrainResult<bool> Done { get; } = GrainResult<bool>.Ok(true);
}
