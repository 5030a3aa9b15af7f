namespace Tempo.Grains.Interfaces.Tokens;

/// <summary>
/// A request to create a token, as the user sent it (validated by the token grain against its catalogue and
/// clock). The API generates the secret and sends only its keyed hash: the secret never enters the cluster.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.CreateTokenCommand")]
public sealed record CreateTokenCommand(
    [property: Id(0)] string OwnerAccountId,
    [property: Id(1)] string? Name,
    [property: Id(2)] int? ExpiresInDays,
    [property: Id(3)] DateTimeOffset? ExpiresAt,
    [property: Id(4)] string? AccessType,
    [property: Id(5)] ImmutableDictionary<string, string>? Scopes,
    [property: Id(6)] byte[] SecretHash);
