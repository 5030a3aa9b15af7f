using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using Tempo.Grains.Interfaces.OAuth;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Tempo.Api.OAuth;

/// <summary>
/// OpenIddict's application store over the application grains. The client id is <c>tenant.id</c> and is also the
/// OpenIddict id, so a lookup is one grain call. Applications are created, changed and deleted by the applications
/// API (the grains), never through OpenIddict: only a secret rehash comes back through <see cref="UpdateAsync"/>.
/// Enumerations OpenIddict does not need here (by redirect URI, list, count) answer empty.
/// </summary>
public sealed class OAuthApplicationStore(OAuthGrains grains, OAuthScopes scopes) : IOpenIddictApplicationStore<OAuthApplicationModel>
{
    public async ValueTask<OAuthApplicationModel?> FindByIdAsync(string identifier, CancellationToken cancellationToken) =>
        grains.ApplicationByClientId(identifier) is { } grain && await grain.GetAsync() is { } record ? ToModel(record) : null;

    public ValueTask<OAuthApplicationModel?> FindByClientIdAsync(string identifier, CancellationToken cancellationToken) =>
        FindByIdAsync(identifier, cancellationToken);

    /// <summary>OpenIddict's view: the permissions follow from the scopes, PKCE is required of public clients.</summary>
    public OAuthApplicationModel ToModel(OAuthApplication record)
    {
        ImmutableArray<string> permissions =
        [
            Permissions.Endpoints.Authorization,
            Permissions.Endpoints.Token,
            Permissions.Endpoints.Revocation,
            Permissions.GrantTypes.AuthorizationCode,
            Permissions.GrantTypes.RefreshToken,
            Permissions.ResponseTypes.Code,
            .. scopes.Expand(record.Scopes).Select(s => Permissions.Prefixes.Scope + s),
        ];
        var isPublic = record.ClientType == OAuthClientTypes.Public;
        return new OAuthApplicationModel
        {
            Id = record.ClientId,
            ClientId = record.ClientId,
            ClientSecret = isPublic ? null : record.SecretHash,
            ClientType = isPublic ? ClientTypes.Public : ClientTypes.Confidential,
            ApplicationType = ApplicationTypes.Web,
            ConsentType = ConsentTypes.Explicit,
            DisplayName = record.Name,
            RedirectUris = record.RedirectUris,
            Permissions = permissions,
            Requirements = isPublic ? [Requirements.Features.ProofKeyForCodeExchange] : [],
            Record = record,
        };
    }

    public async ValueTask UpdateAsync(OAuthApplicationModel application, CancellationToken cancellationToken)
    {
        // Only a rehashed secret (OpenIddict upgrading its hash format) is written back.
        if (application.Record is { ClientType: OAuthClientTypes.Confidential } record
            && application.ClientSecret is { } secret && secret != record.SecretHash
            && grains.ApplicationByClientId(record.ClientId) is { } grain)
        {
            await grain.SetSecretAsync(secret);
        }
    }

    public ValueTask CreateAsync(OAuthApplicationModel application, CancellationToken cancellationToken) =>
        throw new NotSupportedException("OAuth applications are created by the applications API.");

    public ValueTask DeleteAsync(OAuthApplicationModel application, CancellationToken cancellationToken) =>
        throw new NotSupportedException("OAuth applications are deleted by the applications API.");

    public ValueTask<long> CountAsync(CancellationToken cancellationToken) => new(0L);

    public ValueTask<long> CountAsync<TResult>(Func<IQueryable<OAuthApplicationModel>, IQueryable<TResult>> query, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public IAsyncEnumerable<OAuthApplicationModel> FindByPostLogoutRedirectUriAsync(string uri, CancellationToken cancellationToken) => Empty();

    public IAsyncEnumerable<OAuthApplicationModel> FindByRedirectUriAsync(string uri, CancellationToken cancellationToken) => Empty();

    public ValueTask<TResult?> GetAsync<TState, TResult>(Func<IQueryable<OAuthApplicationModel>, TState, IQueryable<TResult>> query, TState state, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public IAsyncEnumerable<OAuthApplicationModel> ListAsync(int? count, int? offset, CancellationToken cancellationToken) => Empty();

    public IAsyncEnumerable<TResult> ListAsync<TState, TResult>(Func<IQueryable<OAuthApplicationModel>, TState, IQueryable<TResult>> query, TState state, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public ValueTask<OAuthApplicationModel> InstantiateAsync(CancellationToken cancellationToken) => new(new OAuthApplicationModel());

    public ValueTask<string?> GetApplicationTypeAsync(OAuthApplicationModel application, CancellationToken cancellationToken) => new(application.ApplicationType);
    public ValueTask<string?> GetClientIdAsync(OAuthApplicationModel application, CancellationToken cancellationToken) => new(application.ClientId);
    public ValueTask<string?> GetClientSecretAsync(OAuthApplicationModel application, CancellationToken cancellationToken) => new(application.ClientSecret);
    public ValueTask<string?> GetClientTypeAsync(OAuthApplicationModel application, CancellationToken cancellationToken) => new(application.ClientType);
    public ValueTask<string?> GetConsentTypeAsync(OAuthApplicationModel application, CancellationToken cancellationToken) => new(application.ConsentType);
    public ValueTask<string?> GetDisplayNameAsync(OAuthApplicationModel application, CancellationToken cancellationToken) => new(application.DisplayName);
    public ValueTask<ImmutableDictionary<CultureInfo, string>> GetDisplayNamesAsync(OAuthApplicationModel application, CancellationToken cancellationToken) => new(application.DisplayNames);
    public ValueTask<string?> GetIdAsync(OAuthApplicationModel application, CancellationToken cancellationToken) => new(application.Id);
    public ValueTask<JsonWebKeySet?> GetJsonWebKeySetAsync(OAuthApplicationModel application, CancellationToken cancellationToken) => new(application.JsonWebKeySet);
    public ValueTask<ImmutableArray<string>> GetPermissionsAsync(OAuthApplicationModel application, CancellationToken cancellationToken) => new(application.Permissions);
    public ValueTask<ImmutableArray<string>> GetPostLogoutRedirectUrisAsync(OAuthApplicationModel application, CancellationToken cancellationToken) => new(application.PostLogoutRedirectUris);
    public ValueTask<ImmutableDictionary<string, JsonElement>> GetPropertiesAsync(OAuthApplicationModel application, CancellationToken cancellationToken) => new(application.Properties);
    public ValueTask<ImmutableArray<string>> GetRedirectUrisAsync(OAuthApplicationModel application, CancellationToken cancellationToken) => new(application.RedirectUris);
    public ValueTask<ImmutableArray<string>> GetRequirementsAsync(OAuthApplicationModel application, CancellationToken cancellationToken) => new(application.Requirements);
    public ValueTask<ImmutableDictionary<string, string>> GetSettingsAsync(OAuthApplicationModel application, CancellationToken cancellationToken) => new(application.Settings);

    public ValueTask SetApplicationTypeAsync(OAuthApplicationModel application, string? type, CancellationToken cancellationToken) => Set(() => application.ApplicationType = type);
    public ValueTask SetClientIdAsync(OAuthApplicationModel application, string? identifier, CancellationToken cancellationToken) => Set(() => application.ClientId = identifier);
    public ValueTask SetClientSecretAsync(OAuthApplicationModel application, string? secret, CancellationToken cancellationToken) => Set(() => application.ClientSecret = secret);
    public ValueTask SetClientTypeAsync(OAuthApplicationModel application, string? type, CancellationToken cancellationToken) => Set(() => application.ClientType = type);
    public ValueTask SetConsentTypeAsync(OAuthApplicationModel application, string? type, CancellationToken cancellationToken) => Set(() => application.ConsentType = type);
    public ValueTask SetDisplayNameAsync(OAuthApplicationModel application, string? name, CancellationToken cancellationToken) => Set(() => application.DisplayName = name);
    public ValueTask SetDisplayNamesAsync(OAuthApplicationModel application, ImmutableDictionary<CultureInfo, string> names, CancellationToken cancellationToken) => Set(() => application.DisplayNames = names);
    public ValueTask SetJsonWebKeySetAsync(OAuthApplicationModel application, JsonWebKeySet? set, CancellationToken cancellationToken) => Set(() => application.JsonWebKeySet = set);
    public ValueTask SetPermissionsAsync(OAuthApplicationModel application, ImmutableArray<string> permissions, CancellationToken cancellationToken) => Set(() => application.Permissions = permissions);
    public ValueTask SetPostLogoutRedirectUrisAsync(OAuthApplicationModel application, ImmutableArray<string> uris, CancellationToken cancellationToken) => Set(() => application.PostLogoutRedirectUris = uris);
    public ValueTask SetPropertiesAsync(OAuthApplicationModel application, ImmutableDictionary<string, JsonElement> properties, CancellationToken cancellationToken) => Set(() => application.Properties = properties);
    public ValueTask SetRedirectUrisAsync(OAuthApplicationModel application, ImmutableArray<string> uris, CancellationToken cancellationToken) => Set(() => application.RedirectUris = uris);
    public ValueTask SetRequirementsAsync(OAuthApplicationModel application, ImmutableArray<string> requirements, CancellationToken cancellationToken) => Set(() => application.Requirements = requirements);
    public ValueTask SetSettingsAsync(OAuthApplicationModel application, ImmutableDictionary<string, string> settings, CancellationToken cancellationToken) => Set(() => application.Settings = settings);

    private static ValueTask Set(Action set)
    {
        set();
        return default;
    }

    private static async IAsyncEnumerable<OAuthApplicationModel> Empty([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        yield break;
    }
}
