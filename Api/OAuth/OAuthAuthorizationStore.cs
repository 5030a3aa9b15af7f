using System.Runtime.CompilerServices;
using System.Text.Json;
using OpenIddict.Abstractions;
using Tempo.Grains.Interfaces.OAuth;

namespace Tempo.Api.OAuth;

/// <summary>
/// OpenIddict's authorization store over the authorization grains (id <c>tenant.id</c>, the tenant being the
/// application's). Lookups by subject and client go through the user's authorization index (the client id names the
/// tenant); by application, through the application's list. Tenant-less enumerations (by subject alone, list,
/// count, prune) answer empty or zero: OpenIddict only needs them for its optional pruning, which is not enabled.
/// </summary>
public sealed class OAuthAuthorizationStore(OAuthGrains grains) : IOpenIddictAuthorizationStore<OAuthAuthorizationModel>
{
    public async ValueTask CreateAsync(OAuthAuthorizationModel authorization, CancellationToken cancellationToken)
    {
        if (!OAuthIds.TryParse(authorization.ApplicationId, out var tenant, out _))
        {
            throw new InvalidOperationException("An authorization needs the application it was granted to.");
        }

        authorization.Id ??= OAuthIds.Compose(tenant, OAuthGrains.NewId());
        await grains.Authorization(authorization.Id)!.SaveAsync(authorization.ToRecord());
    }

    public async ValueTask UpdateAsync(OAuthAuthorizationModel authorization, CancellationToken cancellationToken)
    {
        if (grains.Authorization(authorization.Id) is { } grain)
        {
            await grain.SaveAsync(authorization.ToRecord());
        }
    }

    public async ValueTask DeleteAsync(OAuthAuthorizationModel authorization, CancellationToken cancellationToken)
    {
        if (grains.Authorization(authorization.Id) is { } grain)
        {
            await grain.RevokeAsync();
        }
    }

    public async ValueTask<OAuthAuthorizationModel?> FindByIdAsync(string identifier, CancellationToken cancellationToken) =>
        grains.Authorization(identifier) is { } grain && await grain.GetAsync() is { } record ? OAuthAuthorizationModel.From(record) : null;

    public async IAsyncEnumerable<OAuthAuthorizationModel> FindAsync(
        string? subject, string? client, string? status, string? type, ImmutableArray<string>? scopes, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var id in await CandidatesAsync(subject, client))
        {
            if (grains.Authorization(id) is { } grain && await grain.GetAsync() is { } record
                && (subject is null || record.Subject == subject) && (client is null || record.ApplicationId == client)
                && (status is null || record.Status == status) && (type is null || record.Type == type)
                && (scopes is null || scopes.Value.All(record.Scopes.Contains)))
            {
                yield return OAuthAuthorizationModel.From(record);
            }
        }
    }

    public async ValueTask<long> RevokeAsync(string? subject, string? client, string? status, string? type, CancellationToken cancellationToken)
    {
        long count = 0;
        await foreach (var authorization in FindAsync(subject, client, status, type, null, cancellationToken))
        {
            count += await grains.Authorization(authorization.Id)!.RevokeAsync() ? 1 : 0;
        }

        return count;
    }

    /// <summary>The ids to look at: the user's index when subject and client (which names the tenant) are given, else the application's list.</summary>
    private async Task<ImmutableArray<string>> CandidatesAsync(string? subject, string? client)
    {
        if (!OAuthIds.TryParse(client, out var tenant, out _))
        {
            return [];
        }

        if (subject is not null)
        {
            return Tempo.Grains.Interfaces.Tokens.AccountId.IsValid(subject) ? await grains.UserAuthorizations(tenant, subject).ListAsync() : [];
        }

        return grains.ApplicationByClientId(client) is { } application ? await application.AuthorizationsAsync() : [];
    }

    public async IAsyncEnumerable<OAuthAuthorizationModel> FindByApplicationIdAsync(string identifier, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (grains.ApplicationByClientId(identifier) is not { } application)
        {
            yield break;
        }

        foreach (var id in await application.AuthorizationsAsync())
        {
            if (grains.Authorization(id) is { } grain && await grain.GetAsync() is { } record)
            {
                yield return OAuthAuthorizationModel.From(record);
            }
        }
    }

    public IAsyncEnumerable<OAuthAuthorizationModel> FindBySubjectAsync(string subject, CancellationToken cancellationToken) => Empty();

    public async ValueTask<long> RevokeByApplicationIdAsync(string identifier, CancellationToken cancellationToken = default)
    {
        if (grains.ApplicationByClientId(identifier) is not { } application)
        {
            return 0;
        }

        long count = 0;
        foreach (var id in await application.AuthorizationsAsync())
        {
            count += grains.Authorization(id) is { } grain && await grain.RevokeAsync() ? 1 : 0;
        }

        return count;
    }

    public ValueTask<long> RevokeBySubjectAsync(string subject, CancellationToken cancellationToken = default) => new(0L);

    public ValueTask<long> PruneAsync(DateTimeOffset threshold, CancellationToken cancellationToken) => new(0L);

    public ValueTask<long> CountAsync(CancellationToken cancellationToken) => new(0L);

    public ValueTask<long> CountAsync<TResult>(Func<IQueryable<OAuthAuthorizationModel>, IQueryable<TResult>> query, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public ValueTask<TResult?> GetAsync<TState, TResult>(Func<IQueryable<OAuthAuthorizationModel>, TState, IQueryable<TResult>> query, TState state, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public IAsyncEnumerable<OAuthAuthorizationModel> ListAsync(int? count, int? offset, CancellationToken cancellationToken) => Empty();

    public IAsyncEnumerable<TResult> ListAsync<TState, TResult>(Func<IQueryable<OAuthAuthorizationModel>, TState, IQueryable<TResult>> query, TState state, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public ValueTask<OAuthAuthorizationModel> InstantiateAsync(CancellationToken cancellationToken) => new(new OAuthAuthorizationModel());

    public ValueTask<string?> GetApplicationIdAsync(OAuthAuthorizationModel authorization, CancellationToken cancellationToken) => new(authorization.ApplicationId);
    public ValueTask<DateTimeOffset?> GetCreationDateAsync(OAuthAuthorizationModel authorization, CancellationToken cancellationToken) => new(authorization.CreationDate);
    public ValueTask<string?> GetIdAsync(OAuthAuthorizationModel authorization, CancellationToken cancellationToken) => new(authorization.Id);
    public ValueTask<ImmutableDictionary<string, JsonElement>> GetPropertiesAsync(OAuthAuthorizationModel authorization, CancellationToken cancellationToken) => new(authorization.Properties);
    public ValueTask<ImmutableArray<string>> GetScopesAsync(OAuthAuthorizationModel authorization, CancellationToken cancellationToken) => new(authorization.Scopes);
    public ValueTask<string?> GetStatusAsync(OAuthAuthorizationModel authorization, CancellationToken cancellationToken) => new(authorization.Status);
    public ValueTask<string?> GetSubjectAsync(OAuthAuthorizationModel authorization, CancellationToken cancellationToken) => new(authorization.Subject);
    public ValueTask<string?> GetTypeAsync(OAuthAuthorizationModel authorization, CancellationToken cancellationToken) => new(authorization.Type);

    public ValueTask SetApplicationIdAsync(OAuthAuthorizationModel authorization, string? identifier, CancellationToken cancellationToken) => Set(() => authorization.ApplicationId = identifier);
    public ValueTask SetCreationDateAsync(OAuthAuthorizationModel authorization, DateTimeOffset? date, CancellationToken cancellationToken) => Set(() => authorization.CreationDate = date);
    public ValueTask SetPropertiesAsync(OAuthAuthorizationModel authorization, ImmutableDictionary<string, JsonElement> properties, CancellationToken cancellationToken) => Set(() => authorization.Properties = properties);
    public ValueTask SetScopesAsync(OAuthAuthorizationModel authorization, ImmutableArray<string> scopes, CancellationToken cancellationToken) => Set(() => authorization.Scopes = scopes);
    public ValueTask SetStatusAsync(OAuthAuthorizationModel authorization, string? status, CancellationToken cancellationToken) => Set(() => authorization.Status = status);
    public ValueTask SetSubjectAsync(OAuthAuthorizationModel authorization, string? subject, CancellationToken cancellationToken) => Set(() => authorization.Subject = subject);
    public ValueTask SetTypeAsync(OAuthAuthorizationModel authorization, string? type, CancellationToken cancellationToken) => Set(() => authorization.Type = type);

    private static ValueTask Set(Action set)
    {
        set();
        return default;
    }

    private static async IAsyncEnumerable<OAuthAuthorizationModel> Empty([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        yield break;
    }
}
