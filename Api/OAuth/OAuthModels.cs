using System.Globalization;
using System.Text.Json;
using Tempo.Grains.Interfaces.OAuth;

namespace Tempo.Api.OAuth;

/// <summary>OpenIddict's view of an application: built from the application grain's record on every lookup.</summary>
public sealed class OAuthApplicationModel
{
    public string? Id { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    public string? ClientType { get; set; }
    public string? ApplicationType { get; set; }
    public string? ConsentType { get; set; }
    public string? DisplayName { get; set; }
    public ImmutableDictionary<CultureInfo, string> DisplayNames { get; set; } = ImmutableDictionary<CultureInfo, string>.Empty;
    public ImmutableArray<string> Permissions { get; set; } = [];
    public ImmutableArray<string> PostLogoutRedirectUris { get; set; } = [];
    public ImmutableArray<string> RedirectUris { get; set; } = [];
    public ImmutableArray<string> Requirements { get; set; } = [];
    public ImmutableDictionary<string, string> Settings { get; set; } = ImmutableDictionary<string, string>.Empty;
    public ImmutableDictionary<string, JsonElement> Properties { get; set; } = ImmutableDictionary<string, JsonElement>.Empty;
    public Microsoft.IdentityModel.Tokens.JsonWebKeySet? JsonWebKeySet { get; set; }

    /// <summary>The record this model was built from (null for one OpenIddict instantiated itself).</summary>
    public OAuthApplication? Record { get; set; }
}

/// <summary>OpenIddict's view of an authorization (a consent).</summary>
public sealed class OAuthAuthorizationModel
{
    public string? Id { get; set; }
    public string? ApplicationId { get; set; }
    public string? Subject { get; set; }
    public ImmutableArray<string> Scopes { get; set; } = [];
    public string? Status { get; set; }
    public string? Type { get; set; }
    public DateTimeOffset? CreationDate { get; set; }
    public ImmutableDictionary<string, JsonElement> Properties { get; set; } = ImmutableDictionary<string, JsonElement>.Empty;

    public OAuthAuthorization ToRecord() => new(Id!, ApplicationId, Subject, Scopes, Status, Type, CreationDate);

    public static OAuthAuthorizationModel From(OAuthAuthorization record) => new()
    {
        Id = record.Id,
        ApplicationId = record.ApplicationId,
        Subject = record.Subject,
        Scopes = record.Scopes,
        Status = record.Status,
        Type = record.Type,
        CreationDate = record.CreatedAt,
    };
}

/// <summary>OpenIddict's view of a token entry (authorization code or refresh token); <see cref="Version"/> is the concurrency token.</summary>
public sealed class OAuthTokenModel
{
    public string? Id { get; set; }
    public string? ApplicationId { get; set; }
    public string? AuthorizationId { get; set; }
    public string? Subject { get; set; }
    public string? Type { get; set; }
    public string? Status { get; set; }
    public DateTimeOffset? CreationDate { get; set; }
    public DateTimeOffset? ExpirationDate { get; set; }
    public DateTimeOffset? RedemptionDate { get; set; }
    public string? Payload { get; set; }
    public string? ReferenceId { get; set; }
    public ImmutableDictionary<string, JsonElement> Properties { get; set; } = ImmutableDictionary<string, JsonElement>.Empty;
    public long Version { get; set; }

    public OAuthTokenEntry ToRecord() =>
        new(Id!, ApplicationId, Subject, Type, Status, CreationDate, ExpirationDate, RedemptionDate, Payload, ReferenceId, Version);

    public static OAuthTokenModel From(OAuthTokenEntry entry, string authorizationId) => new()
    {
        Id = entry.Id,
        ApplicationId = entry.ApplicationId,
        AuthorizationId = authorizationId,
        Subject = entry.Subject,
        Type = entry.Type,
        Status = entry.Status,
        CreationDate = entry.CreatedAt,
        ExpirationDate = entry.ExpiresAt,
        RedemptionDate = entry.RedeemedAt,
        Payload = entry.Payload,
        ReferenceId = entry.ReferenceId,
        Version = entry.Version,
    };
}

/// <summary>OpenIddict's view of a scope: the scopes are the catalogue's granular strings, never stored.</summary>
public sealed class OAuthScopeModel
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? DisplayName { get; set; }
    public string? Description { get; set; }
    public ImmutableArray<string> Resources { get; set; } = [];
}
