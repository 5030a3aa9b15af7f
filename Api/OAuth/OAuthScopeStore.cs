using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using OpenIddict.Abstractions;

namespace Tempo.Api.OAuth;

/// <summary>
/// OpenIddict's scope store: read-only, answered from the scope catalogue (the granular strings are also registered
/// with the server, so OpenIddict rarely asks). Nothing is stored.
/// </summary>
public sealed class OAuthScopeStore(OAuthScopes scopes) : IOpenIddictScopeStore<OAuthScopeModel>
{
    private OAuthScopeModel? Find(string name) =>
        scopes.TryRead(name, out var scope, out _) ? new OAuthScopeModel { Id = name, Name = name, DisplayName = scope.Name } : null;

    public ValueTask<OAuthScopeModel?> FindByIdAsync(string identifier, CancellationToken cancellationToken) => new(Find(identifier));

    public ValueTask<OAuthScopeModel?> FindByNameAsync(string name, CancellationToken cancellationToken) => new(Find(name));

    public async IAsyncEnumerable<OAuthScopeModel> FindByNamesAsync(ImmutableArray<string> names, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        foreach (var name in names)
        {
            if (Find(name) is { } scope)
            {
                yield return scope;
            }
        }
    }

    public IAsyncEnumerable<OAuthScopeModel> FindByResourceAsync(string resource, CancellationToken cancellationToken) => Empty();

    public ValueTask CreateAsync(OAuthScopeModel scope, CancellationToken cancellationToken) => throw new NotSupportedException("Scopes come from the catalogue.");

    public ValueTask DeleteAsync(OAuthScopeModel scope, CancellationToken cancellationToken) => throw new NotSupportedException("Scopes come from the catalogue.");

    public ValueTask UpdateAsync(OAuthScopeModel scope, CancellationToken cancellationToken) => throw new NotSupportedException("Scopes come from the catalogue.");

    public ValueTask<long> CountAsync(CancellationToken cancellationToken) => new((long)scopes.All.Count());

    public ValueTask<long> CountAsync<TResult>(Func<IQueryable<OAuthScopeModel>, IQueryable<TResult>> query, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public ValueTask<TResult?> GetAsync<TState, TResult>(Func<IQueryable<OAuthScopeModel>, TState, IQueryable<TResult>> query, TState state, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public async IAsyncEnumerable<OAuthScopeModel> ListAsync(int? count, int? offset, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        foreach (var name in scopes.All.Skip(offset ?? 0).Take(count ?? int.MaxValue))
        {
            yield return Find(name)!;
        }
    }

    public IAsyncEnumerable<TResult> ListAsync<TState, TResult>(Func<IQueryable<OAuthScopeModel>, TState, IQueryable<TResult>> query, TState state, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public ValueTask<OAuthScopeModel> InstantiateAsync(CancellationToken cancellationToken) => new(new OAuthScopeModel());

    public ValueTask<string?> GetDescriptionAsync(OAuthScopeModel scope, CancellationToken cancellationToken) => new(scope.Description);
    public ValueTask<ImmutableDictionary<CultureInfo, string>> GetDescriptionsAsync(OAuthScopeModel scope, CancellationToken cancellationToken) => new(ImmutableDictionary<CultureInfo, string>.Empty);
    public ValueTask<string?> GetDisplayNameAsync(OAuthScopeModel scope, CancellationToken cancellationToken) => new(scope.DisplayName);
    public ValueTask<ImmutableDictionary<CultureInfo, string>> GetDisplayNamesAsync(OAuthScopeModel scope, CancellationToken cancellationToken) => new(ImmutableDictionary<CultureInfo, string>.Empty);
    public ValueTask<string?> GetIdAsync(OAuthScopeModel scope, CancellationToken cancellationToken) => new(scope.Id);
    public ValueTask<string?> GetNameAsync(OAuthScopeModel scope, CancellationToken cancellationToken) => new(scope.Name);
    public ValueTask<ImmutableDictionary<string, JsonElement>> GetPropertiesAsync(OAuthScopeModel scope, CancellationToken cancellationToken) => new(ImmutableDictionary<string, JsonElement>.Empty);
    public ValueTask<ImmutableArray<string>> GetResourcesAsync(OAuthScopeModel scope, CancellationToken cancellationToken) => new(scope.Resources);

    public ValueTask SetDescriptionAsync(OAuthScopeModel scope, string? description, CancellationToken cancellationToken) => Set(() => scope.Description = description);
    public ValueTask SetDescriptionsAsync(OAuthScopeModel scope, ImmutableDictionary<CultureInfo, string> descriptions, CancellationToken cancellationToken) => default;
    public ValueTask SetDisplayNameAsync(OAuthScopeModel scope, string? name, CancellationToken cancellationToken) => Set(() => scope.DisplayName = name);
    public ValueTask SetDisplayNamesAsync(OAuthScopeModel scope, ImmutableDictionary<CultureInfo, string> names, CancellationToken cancellationToken) => default;
    public ValueTask SetNameAsync(OAuthScopeModel scope, string? name, CancellationToken cancellationToken) => Set(() => scope.Name = name);
    public ValueTask SetPropertiesAsync(OAuthScopeModel scope, ImmutableDictionary<string, JsonElement> properties, CancellationToken cancellationToken) => default;
    public ValueTask SetResourcesAsync(OAuthScopeModel scope, ImmutableArray<string> resources, CancellationToken cancellationToken) => Set(() => scope.Resources = resources);

    private static ValueTask Set(Action set)
    {
        set();
        return default;
    }

    private static async IAsyncEnumerable<OAuthScopeModel> Empty([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        yield break;
    }
}
