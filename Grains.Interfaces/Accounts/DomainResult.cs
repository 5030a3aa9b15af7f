namespace Tempo.Grains.Interfaces.Accounts;

[GenerateSerializer, Alias("tempo.DomainStatus")]
public enum DomainStatus : byte
{
    Ok = 0,

    /// <summary>The request breaks a rule (400).</summary>
    Invalid = 1,

    /// <summary>The object, or one it refers to, does not exist (404).</summary>
    NotFound = 2,
}

/// <summary>The outcome of a domain command or lookup: the value, or a status and a message for the caller.</summary>
[GenerateSerializer, Immutable, Alias("tempo.DomainResult`1")]
public sealed record DomainResult<T>([property: Id(0)] DomainStatus Status, [property: Id(1)] T? Value, [property: Id(2)] string? Error)
{
    public static DomainResult<T> Ok(T value) => new(DomainStatus.Ok, value, null);

    public static DomainResult<T> Invalid(string error) => new(DomainStatus.Invalid, default, error);

    public static DomainResult<T> NotFound(string error) => new(DomainStatus.NotFound, default, error);

    public DomainResult<TOther> As<TOther>() => new(Status, default, Error);
}
