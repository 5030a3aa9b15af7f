using Tempo.Grains.Interfaces.OAuth;

namespace Tempo.Grains.OAuth;

[GenerateSerializer, Immutable, Alias("tempo.OAuthApplicationState")]
public sealed record OAuthApplicationState
{
    [Id(0)] public OAuthApplication? Application { get; init; }
    [Id(1)] public bool Deleted { get; init; }
    [Id(2)] public ImmutableArray<string> Authorizations { get; init; } = [];
}

[GrainType("oauthapp")]
public sealed class OAuthApplicationGrain(
    [PersistentState("oauthApplication", StorageNames.Default)] IPersistentState<OAuthApplicationState> state) : Grain, IOAuthApplicationGrain
{
    private const string NoSuchApplication = "No such OAuth application.";

    private OAuthApplication? Live => state.State.Deleted ? null : state.State.Application;

    public async Task<GrainResult<OAuthApplication>> CreateAsync(OAuthApplication application)
    {
        if (state.State.Application is not null)
        {
            return GrainResult<OAuthApplication>.Conflict("The application id is taken.");
        }

        await state.CommitAsync(state.State with { Application = application }, DeactivateOnIdle);
        return GrainResult<OAuthApplication>.Ok(application);
    }

    public Task<OAuthApplication?> GetAsync() => Task.FromResult(Live);

    public async Task<GrainResult<OAuthApplication>> UpdateAsync(OAuthApplicationChange change)
    {
        if (Live is not { } current)
        {
            return GrainResult<OAuthApplication>.NotFound(NoSuchApplication);
        }

        var next = current with
        {
            Name = change.Name ?? current.Name,
            RedirectUris = change.RedirectUris ?? current.RedirectUris,
            Scopes = change.Scopes ?? current.Scopes,
        };
        await state.CommitAsync(state.State with { Application = next }, DeactivateOnIdle);
        return GrainResult<OAuthApplication>.Ok(next);
    }

    public async Task<GrainResult<OAuthApplication>> SetSecretAsync(string secretHash)
    {
        if (Live is not { } current)
        {
            return GrainResult<OAuthApplication>.NotFound(NoSuchApplication);
        }

        if (current.ClientType != OAuthClientTypes.Confidential)
        {
            return GrainResult<OAuthApplication>.Conflict("A public client has no client secret.");
        }

        var next = current with { SecretHash = secretHash };
        await state.CommitAsync(state.State with { Application = next }, DeactivateOnIdle);
        return GrainResult<OAuthApplication>.Ok(next);
    }

    public async Task<bool> AddAuthorizationAsync(string authorizationId)
    {
        if (Live is null)
        {
            return false;
        }

        if (!state.State.Authorizations.Contains(authorizationId))
        {
            await state.CommitAsync(state.State with { Authorizations = state.State.Authorizations.Add(authorizationId) }, DeactivateOnIdle);
        }

        return true;
    }

    public Task<ImmutableArray<string>> AuthorizationsAsync() => Task.FromResult(state.State.Authorizations);

    public async Task<GrainResult<bool>> DeleteAsync()
    {
        if (Live is not { } application)
        {
            return GrainResult<bool>.NotFound(NoSuchApplication);
        }

        // Deleted first: from here no new authorization is accepted, and the client id is unknown to OpenIddict.
        await state.CommitAsync(state.State with { Deleted = true }, DeactivateOnIdle);
        await Task.WhenAll(state.State.Authorizations.Select(id => RevokeAsync(application.Tenant, id)));
        return GrainResult.Done;
    }

    private Task<bool> RevokeAsync(TenantId tenant, string authorizationId) =>
        OAuthIds.TryParse(authorizationId, out var owner, out var id) && owner == tenant
            ? GrainFactory.Reference<IOAuthAuthorizationGrain>(OAuthGrainKeys.Authorization(tenant, id)).RevokeAsync()
            : Task.FromResult(false);
}

[GenerateSerializer, Immutable, Alias("tempo.OAuthIdListState")]
public sealed record OAuthIdListState
{
    [Id(0)] public ImmutableArray<string> Ids { get; init; } = [];
}

/// <summary>A set of ids kept in one grain's state: the tenant's applications, a user's authorizations.</summary>
public abstract class OAuthIdListGrain(IPersistentState<OAuthIdListState> state) : Grain
{
    public async Task AddAsync(string id)
    {
        if (!state.State.Ids.Contains(id))
        {
            await state.CommitAsync(state.State with { Ids = state.State.Ids.Add(id) }, DeactivateOnIdle);
        }
    }

    public async Task RemoveAsync(string id)
    {
        if (state.State.Ids.Contains(id))
        {
            await state.CommitAsync(state.State with { Ids = state.State.Ids.Remove(id) }, DeactivateOnIdle);
        }
    }

    public Task<ImmutableArray<string>> ListAsync() => Task.FromResult(state.State.Ids);
}

[GrainType("oauthapps")]
public sealed class OAuthApplicationsGrain(
    [PersistentState("oauthApplicationIndex", StorageNames.Default)] IPersistentState<OAuthIdListState> state) : OAuthIdListGrain(state), IOAuthApplicationsGrain;

[GrainType("oauthuser")]
public sealed class OAuthUserAuthorizationsGrain(
    [PersistentState("oauthUserAuthorizations", StorageNames.Default)] IPersistentState<OAuthIdListState> state) : OAuthIdListGrain(state), IOAuthUserAuthorizationsGrain;

[GenerateSerializer, Immutable, Alias("tempo.OAuthReferenceState")]
public sealed record OAuthReferenceState
{
    [Id(0)] public string? TokenEntryId { get; init; }
}

[GrainType("oauthref")]
public sealed class OAuthReferenceGrain(
    [PersistentState("oauthReference", StorageNames.Default)] IPersistentState<OAuthReferenceState> state) : Grain, IOAuthReferenceGrain
{
    public async Task SetAsync(string tokenEntryId)
    {
        if (state.State.TokenEntryId != tokenEntryId)
        {
            await state.CommitAsync(state.State with { TokenEntryId = tokenEntryId }, DeactivateOnIdle);
        }
    }

    public async Task ClearAsync()
    {
        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }

        DeactivateOnIdle();
    }

    public Task<string?> GetAsync()
    {
        if (state.State.TokenEntryId is null)
        {
            DeactivateOnIdle();
        }

        return Task.FromResult(state.State.TokenEntryId);
    }
}

/// <summary>
/// In memory only: a ticket lives two minutes, far less than the idle collection age, and a ticket lost with its silo
/// only means the user presses Approve again.
/// </summary>
[GrainType("oauthconsent")]
public sealed class OAuthConsentTicketGrain(TimeProvider time) : Grain, IOAuthConsentTicketGrain
{
    private OAuthConsentTicket? _ticket;
    private bool _used;

    public Task<bool> IssueAsync(OAuthConsentTicket ticket)
    {
        if (_ticket is not null || _used)
        {
            return Task.FromResult(false);
        }

        _ticket = ticket;
        return Task.FromResult(true);
    }

    public Task<OAuthConsentTicket?> RedeemAsync()
    {
        var ticket = _ticket;
        _ticket = null;
        _used = true;
        if (ticket is null || time.GetUtcNow() >= ticket.ExpiresAt)
        {
            DeactivateOnIdle();
            return Task.FromResult<OAuthConsentTicket?>(null);
        }

        return Task.FromResult<OAuthConsentTicket?>(ticket);
    }
}
