namespace Tempo.Api.Gate;

/// <summary>Endpoint metadata: the token scope an endpoint belongs to. The gate reads it on every request.</summary>
public sealed record TokenScopeMetadata(string Scope);
