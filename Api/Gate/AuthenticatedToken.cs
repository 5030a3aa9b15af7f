using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Api.Gate;

/// <summary>The token a <c>/4</c> request was allowed with, as an HTTP feature for logging and auditing.</summary>
public sealed record AuthenticatedToken(TokenId Id);
