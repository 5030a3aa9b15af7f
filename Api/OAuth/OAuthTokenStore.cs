using System.Runtime.CompilerServices;
using System.Text.Json;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using Tempo.Grains.Interfaces.OAuth;

namespace Tempo.Api.OAuth;

/// <summary>
/// OpenIddict's token store (authorization codes and refresh tokens; access tokens are the project's own token
/// grains). An entry lives in its authorization's grain and its id is <c>tenant.authorization.token</c>; the
/// reference id (what the client holds, obfuscated by OpenIddict) is found through a pointer grain. Updates carry
/// the entry's version: a concurrent redemption of the same code loses with OpenIddict's concurrency exception.
/// </summary>
public sealed class OAuthTokenStore(OAuthGrains grains) : IOpenIddictTokenStore<OAuthTokenModel>
{
    public async ValueTask CreateAsync(OAuthTokenModel token, CancellationToken cancellationToken)
    {
        if (grains.Authorization(token.AuthorizationId) is not { } authorization)
        {
            throw new InvalidOperationException("Every OAuth token entry belongs to an authorization.");
        }

        token.Id ??= $"{token.AuthorizationId}.{OAuthGrains.NewId()}";
        token.Version = 0;
        await SaveAsync(authorization, token);
    }

    public async ValueTask UpdateAsync(OAuthTokenModel token, CancellationToken cancellationToken)
    {
        if (!OAuthIds.TryParseToken(token.Id, out _, out _, out _) || grains.Authorization(token.AuthorizationId) is not { } authorization)
        {
            throw new OpenIddictExceptions.ConcurrencyException("The token entry does not exist.");
        }

        await SaveAsync(authorization, token);
    }

    private async Task SaveAsync(IOAuthAuthorizationGrain authorization, OAuthTokenModel token)
    {
        var result = await authorization.SaveTokenAsync(token.ToRecord(), token.Version);
        if (!result.IsOk)
        {
            throw new OpenIddictExceptions.ConcurrencyException(result.Error ?? "The token entry was changed by another request.");
        }

        token.Version = result.Value!.Version;
        if (token.ReferenceId is { } reference)
        {
            await grains.Reference(reference).SetAsync(token.Id!);
        }
    }

    public async ValueTask DeleteAsync(OAuthTokenModel token, CancellationToken cancellationToken)
    {
        token.Status = OpenIddictConstants.Statuses.Revoked;
        await UpdateAsync(token, cancellationToken);
    }

    public async ValueTask<OAuthTokenModel?> FindByIdAsync(string identifier, CancellationToken cancellationToken)
    {
        if (!OAuthIds.TryParseToken(identifier, out var tenant, out var authorizationId, out _))
        {
            return null;
        }

        var owner = OAuthIds.Compose(tenant, authorizationId);
        return await grains.Authorization(owner)!.GetTokenAsync(identifier) is { } entry ? OAuthTokenModel.From(entry, owner) : null;
    }

    public async ValueTask<OAuthTokenModel?> FindByReferenceIdAsync(string identifier, CancellationToken cancellationToken) =>
        await grains.Reference(identifier).GetAsync() is { } id ? await FindByIdAsync(id, cancellationToken) : null;

    public async IAsyncEnumerable<OAuthTokenModel> FindByAuthorizationIdAsync(string identifier, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (grains.Authorization(identifier) is not { } authorization)
        {
            yield break;
        }

        foreach (var entry in await authorization.TokensAsync())
        {
            yield return OAuthTokenModel.From(entry, identifier);
        }
    }

    public async IAsyncEnumerable<OAuthTokenModel> FindByApplicationIdAsync(string identifier, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (grains.ApplicationByClientId(identifier) is not { } application)
        {
            yield break;
        }

        foreach (var id in await application.AuthorizationsAsync())
        {
            await foreach (var token in FindByAuthorizationIdAsync(id, cancellationToken))
            {
                yield return token;
            }
        }
    }

    public async IAsyncEnumerable<OAuthTokenModel> FindAsync(string? subject, string? client, string? status, string? type, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!OAuthIds.TryParse(client, out var tenant, out _))
        {
            yield break;
        }

        var ids = subject is null
            ? grains.ApplicationByClientId(client) is { } application ? await application.AuthorizationsAsync() : []
            : Tempo.Grains.Interfaces.Tokens.AccountId.IsValid(subject) ? await grains.UserAuthorizations(tenant, subject).ListAsync() : [];
        foreach (var id in ids)
        {
            await foreach (var token in FindByAuthorizationIdAsync(id, cancellationToken))
            {
                if ((subject is null || token.Subject == subject) && token.ApplicationId == client && (status is null || token.Status == status) && (type is null || token.Type == type))
                {
                    yield return token;
                }
            }
        }
    }

    public async ValueTask<long> RevokeAsync(string? subject, string? client, string? status, string? type, CancellationToken cancellationToken)
    {
        long count = 0;
        await foreach (var token in FindAsync(subject, client, status, type, cancellationToken))
        {
            if (token.Status != OpenIddictConstants.Statuses.Revoked)
            {
                token.Status = OpenIddictConstants.Statuses.Revoked;
                try
                {
                    await UpdateAsync(token, cancellationToken);
                    count++;
                }
                catch (OpenIddictExceptions.ConcurrencyException)
                {
                    // Changed meanwhile (revoked or redeemed by another request): left as it is now.
                }
            }
        }

        return count;
    }

    public IAsyncEnumerable<OAuthTokenModel> FindBySubjectAsync(string subject, CancellationToken cancellationToken) => Empty();

    public async ValueTask<long> RevokeByAuthorizationIdAsync(string identifier, CancellationToken cancellationToken) =>
        grains.Authorization(identifier) is { } authorization ? await authorization.RevokeTokensAsync() : 0;

    public async ValueTask<long> RevokeByApplicationIdAsync(string identifier, CancellationToken cancellationToken = default)
    {
        if (grains.ApplicationByClientId(identifier) is not { } application)
        {
            return 0;
        }

        long count = 0;
        foreach (var id in await application.AuthorizationsAsync())
        {
            count += await RevokeByAuthorizationIdAsync(id, cancellationToken);
        }

        return count;
    }

    public ValueTask<long> RevokeBySubjectAsync(string subject, CancellationToken cancellationToken = default) => new(0L);

    public ValueTask<long> PruneAsync(DateTimeOffset threshold, CancellationToken cancellationToken) => new(0L);

    public ValueTask<long> CountAsync(CancellationToken cancellationToken) => new(0L);

    public ValueTask<long> CountAsync<TResult>(Func<IQueryable<OAuthTokenModel>, IQueryable<TResult>> query, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public ValueTask<TResult?> GetAsync<TState, TResult>(Func<IQueryable<OAuthTokenModel>, TState, IQueryable<TResult>> query, TState state, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public IAsyncEnumerable<OAuthTokenModel> ListAsync(int? count, int? offset, CancellationToken cancellationToken) => Empty();

    public IAsyncEnumerable<TResult> ListAsync<TState, TResult>(Func<IQueryable<OAuthTokenModel>, TState, IQueryable<TResult>> query, TState state, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public ValueTask<OAuthTokenModel> InstantiateAsync(CancellationToken cancellationToken) => new(new OAuthTokenModel());

    public ValueTask<string?> GetApplicationIdAsync(OAuthTokenModel token, CancellationToken cancellationToken) => new(token.ApplicationId);
    public ValueTask<string?> GetAuthorizationIdAsync(OAuthTokenModel token, CancellationToken cancellationToken) => new(token.AuthorizationId);
    public ValueTask<DateTimeOffset?> GetCreationDateAsync(OAuthTokenModel token, CancellationToken cancellationToken) => new(token.CreationDate);
    public ValueTask<DateTimeOffset?> GetExpirationDateAsync(OAuthTokenModel token, CancellationToken cancellationToken) => new(token.ExpirationDate);
    public ValueTask<string?> GetIdAsync(OAuthTokenModel token, CancellationToken cancellationToken) => new(token.Id);
    public ValueTask<string?> GetPayloadAsync(OAuthTokenModel token, CancellationToken cancellationToken) => new(token.Payload);
    public ValueTask<ImmutableDictionary<string, JsonElement>> GetPropertiesAsync(OAuthTokenModel token, CancellationToken cancellationToken) => new(token.Properties);
    public ValueTask<DateTimeOffset?> GetRedemptionDateAsync(OAuthTokenModel token, CancellationToken cancellationToken) => new(token.RedemptionDate);
    public ValueTask<string?> GetReferenceIdAsync(OAuthTokenModel token, CancellationToken cancellationToken) => new(token.ReferenceId);
    public ValueTask<string?> GetStatusAsync(OAuthTokenModel token, CancellationToken cancellationToken) => new(token.Status);
    public ValueTask<string?> GetSubjectAsync(OAuthTokenModel token, CancellationToken cancellationToken) => new(token.Subject);
    public ValueTask<string?> GetTypeAsync(OAuthTokenModel token, CancellationToken cancellationToken) => new(token.Type);

    public ValueTask SetApplicationIdAsync(OAuthTokenModel token, string? identifier, CancellationToken cancellationToken) => Set(() => token.ApplicationId = identifier);
    public ValueTask SetAuthorizationIdAsync(OAuthTokenModel token, string? identifier, CancellationToken cancellationToken) => Set(() => token.AuthorizationId = identifier);
    public ValueTask SetCreationDateAsync(OAuthTokenModel token, DateTimeOffset? date, CancellationToken cancellationToken) => Set(() => token.CreationDate = date);
    public ValueTask SetExpirationDateAsync(OAuthTokenModel token, DateTimeOffset? date, CancellationToken cancellationToken) => Set(() => token.ExpirationDate = date);
    public ValueTask SetPayloadAsync(OAuthTokenModel token, string? payload, CancellationToken cancellationToken) => Set(() => token.Payload = payload);
    public ValueTask SetPropertiesAsync(OAuthTokenModel token, ImmutableDictionary<string, JsonElement> properties, CancellationToken cancellationToken) => Set(() => token.Properties = properties);
    public ValueTask SetRedemptionDateAsync(OAuthTokenModel token, DateTimeOffset? date, CancellationToken cancellationToken) => Set(() => token.RedemptionDate = date);
    public ValueTask SetReferenceIdAsync(OAuthTokenModel token, string? identifier, CancellationToken cancellationToken) => Set(() => token.ReferenceId = identifier);
    public ValueTask SetStatusAsync(OAuthTokenModel token, string? status, CancellationToken cancellationToken) => Set(() => token.Status = status);
    public ValueTask SetSubjectAsync(OAuthTokenModel token, string? subject, CancellationToken cancellationToken) => Set(() => token.Subject = subject);
    public ValueTask SetTypeAsync(OAuthTokenModel token, string? type, CancellationToken cancellationToken) => Set(() => token.Type = type);

    private static ValueTask Set(Action set)
    {
        set();
        return default;
    }

    private static async IAsyncEnumerable<OAuthTokenModel> Empty([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        yield break;
    }
}
