using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Grains.Tokens;

/// <summary>The ids of one user's tokens. Entries may outlive their token; listing prunes them.</summary>
[GenerateSerializer, Immutable, Alias("tempo.UserTokensState")]
public sealed record UserTokensState
{
    [Id(0)] public ImmutableHashSet<TokenId> TokenIds { get; init; } = [];
}
