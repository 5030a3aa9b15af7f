using System.Security.Cryptography;
using Orleans.Runtime;
using Tempo.Grains.Interfaces.Scopes;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class TokenGrainTests(ClusterFixture fixture)
{
    private static readonly TenantId Tenant = new("grain-tests");

    private readonly string _owner = "acc-" + Guid.NewGuid().ToString("N");

    private TokenOwner Caller => new(Tenant, _owner);

    private static byte[] NewHash() => RandomNumberGenerator.GetBytes(32);

    private static TokenId NewId() => new(RandomNumberGenerator.GetString("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", TokenId.Length));

    private CreateTokenCommand Command(byte[] hash, string? type = "FULL", ImmutableDictionary<string, string>? scopes = null, string? name = "ci", int? days = null, DateTimeOffset? at = null) =>
        new(name, days, at, type, scopes, hash, CreatedByAdmin: false);

    private IUserTokensGrain Index => fixture.Grains.GetGrain<IUserTokensGrain>(AccountId.UserTokensKey(Tenant, _owner));

    private ITokenGrain Token(TokenId id) => fixture.Grains.GetGrain<ITokenGrain>(id.GrainKey);

    private async Task<(TokenId Id, byte[] Hash, TokenInfo Info)> CreateAsync(string type = "FULL", ImmutableDictionary<string, string>? scopes = null, int? days = null)
    {
        var id = NewId();
        var hash = NewHash();
        var result = await Index.CreateAsync(id, Command(hash, type, scopes, days: days));
        Assert.True(result.Status == ResultStatus.Ok, $"create failed: {result.Status} {result.Error}");
        return (id, hash, result.Value!);
    }

    [Fact]
    public async Task Create_defaults_to_30_days_and_trims_the_name()
    {
        var id = NewId();
        var now = fixture.Time.GetUtcNow();
        var result = await Index.CreateAsync(id, Command(NewHash(), name: "  nightly export  "));

        Assert.Equal(ResultStatus.Ok, result.Status);
        Assert.Equal("nightly export", result.Value!.Name);
        Assert.Equal(now, result.Value.CreatedAt);
        Assert.Equal(now.AddDays(30), result.Value.ExpiresAt);
        Assert.Null(result.Value.LastUsedAt);
    }

    [Theory]
    [InlineData(null, "'name' is required.")]
    [InlineData("   ", "'name' must not be empty.")]
    public async Task Create_refuses_a_missing_or_blank_name(string? name, string message)
    {
        var result = await Index.CreateAsync(NewId(), Command(NewHash(), name: name));
        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal(message, result.Error);
    }

    [Fact]
    public async Task Create_accepts_255_characters_of_name_and_refuses_256()
    {
        Assert.Equal(ResultStatus.Ok, (await Index.CreateAsync(NewId(), Command(NewHash(), name: new string('n', 255)))).Status);
        var refused = await Index.CreateAsync(NewId(), Command(NewHash(), name: new string('n', 256)));
        Assert.Equal(ResultStatus.Invalid, refused.Status);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(366)]
    [InlineData(-5)]
    public async Task Create_refuses_expiry_days_outside_1_to_365(int days)
    {
        var result = await Index.CreateAsync(NewId(), Command(NewHash(), days: days));
        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal("'expiresInDays' must be between 1 and 365.", result.Error);
    }

    [Fact]
    public async Task Create_takes_an_explicit_instant_inside_the_window_only()
    {
        var now = fixture.Time.GetUtcNow();
        var inside = await Index.CreateAsync(NewId(), Command(NewHash(), at: now.AddDays(90)));
        Assert.Equal(now.AddDays(90), inside.Value!.ExpiresAt);

        foreach (var outside in new[] { now.AddHours(23), now.AddDays(365).AddSeconds(1), now.AddDays(-1) })
        {
            var refused = await Index.CreateAsync(NewId(), Command(NewHash(), at: outside));
            Assert.True(refused.Status == ResultStatus.Invalid, $"expiresAt {outside:O} should be refused");
        }

        var both = await Index.CreateAsync(NewId(), Command(NewHash(), days: 10, at: now.AddDays(10)));
        Assert.Equal("Give either 'expiresInDays' or 'expiresAt', not both.", both.Error);
    }

    [Fact]
    public async Task Full_access_is_every_scope_of_the_catalogue_at_its_highest_level()
    {
        var (_, _, info) = await CreateAsync();

        Assert.Equal(AccessType.Full, info.Access.Type);
        Assert.Equal(ScopeCatalogue.Seed.Scopes.Length, info.Access.Scopes.Count);
        Assert.Equal(AccessLevel.View, info.Access.Scopes["periods"]);
        Assert.All(info.Access.Scopes.Where(s => s.Key != "periods"), s => Assert.Equal(AccessLevel.Manage, s.Value));
    }

    [Theory]
    [InlineData("CUSTOM", null, "CUSTOM access needs at least one scope in 'access.scopes'.")]
    [InlineData("CUSTOM", "nope=VIEW", "Unknown scope 'nope' in 'access.scopes'.")]
    [InlineData("CUSTOM", "accounts=EDIT", "'access.scopes.accounts' must be VIEW or MANAGE, not 'EDIT'.")]
    [InlineData("CUSTOM", "periods=MANAGE", "Scope 'periods' offers only VIEW; 'MANAGE' is not allowed.")]
    [InlineData("SOME", null, "'access.type' must be FULL or CUSTOM, not 'SOME'.")]
    [InlineData(null, null, "'access.type' is required: FULL or CUSTOM.")]
    public async Task Create_refuses_bad_access(string? type, string? scope, string message)
    {
        var scopes = scope is null ? null : ImmutableDictionary<string, string>.Empty.Add(scope.Split('=')[0], scope.Split('=')[1]);
        var result = await Index.CreateAsync(NewId(), Command(NewHash(), type, scopes));
        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal(message, result.Error);
    }

    [Fact]
    public async Task View_allows_reads_only_manage_allows_everything_and_other_scopes_nothing()
    {
        var scopes = ImmutableDictionary<string, string>.Empty.Add("accounts", "VIEW").Add("worklogs", "MANAGE");
        var (id, hash, _) = await CreateAsync("CUSTOM", scopes);
        var token = Token(id);

        Assert.Equal(AuthorizeOutcome.Allowed, (await token.AuthorizeAsync(hash, "accounts", AccessLevel.View)).Outcome);
        Assert.Equal(AuthorizeOutcome.InsufficientScope, (await token.AuthorizeAsync(hash, "accounts", AccessLevel.Manage)).Outcome);
        Assert.Equal(AuthorizeOutcome.Allowed, (await token.AuthorizeAsync(hash, "worklogs", AccessLevel.Manage)).Outcome);
        Assert.Equal(AuthorizeOutcome.Allowed, (await token.AuthorizeAsync(hash, "worklogs", AccessLevel.View)).Outcome);
        Assert.Equal(AuthorizeOutcome.InsufficientScope, (await token.AuthorizeAsync(hash, "teams", AccessLevel.View)).Outcome);
    }

    [Fact]
    public async Task A_wrong_secret_or_an_unknown_id_is_unknown()
    {
        var (id, _, _) = await CreateAsync();
        Assert.Equal(AuthorizeOutcome.Unknown, (await Token(id).AuthorizeAsync(NewHash(), "accounts", AccessLevel.View)).Outcome);
        Assert.Equal(AuthorizeOutcome.Unknown, (await Token(NewId()).AuthorizeAsync(NewHash(), "accounts", AccessLevel.View)).Outcome);
    }

    [Fact]
    public async Task An_unknown_id_leaves_no_activation_behind_while_a_real_token_stays_in_memory()
    {
        var (real, hash, _) = await CreateAsync();
        var unknown = NewId();
        Assert.Equal(AuthorizeOutcome.Allowed, (await Token(real).AuthorizeAsync(hash, "accounts", AccessLevel.View)).Outcome);
        Assert.Equal(AuthorizeOutcome.Unknown, (await Token(unknown).AuthorizeAsync(NewHash(), "accounts", AccessLevel.View)).Outcome);

        var tokenType = ((GrainReference)Token(real)).GrainId.Type;
        var unknownId = ((GrainReference)Token(unknown)).GrainId;
        var realId = ((GrainReference)Token(real)).GrainId;

        // Deactivation runs after the call has answered: await it.
        await fixture.Deactivations.WhenDeactivatedAsync(unknownId).WaitAsync(TimeSpan.FromSeconds(30));
        var active = await fixture.Grains.GetGrain<IManagementGrain>(0).GetActiveGrains(tokenType);

        Assert.DoesNotContain(unknownId, active);
        Assert.Contains(realId, active);
    }

    [Fact]
    public async Task A_token_expires_at_its_instant_and_stays_listed_as_such()
    {
        var (id, hash, info) = await CreateAsync(days: 1);
        fixture.Time.SetUtcNow(info.ExpiresAt.AddMilliseconds(-1));
        Assert.Equal(AuthorizeOutcome.Allowed, (await Token(id).AuthorizeAsync(hash, "accounts", AccessLevel.View)).Outcome);

        fixture.Time.SetUtcNow(info.ExpiresAt);
        Assert.Equal(AuthorizeOutcome.Expired, (await Token(id).AuthorizeAsync(hash, "accounts", AccessLevel.View)).Outcome);
        var listed = Assert.Single(await Index.ListAsync(), t => t.Id == id);
        Assert.True(listed.IsExpiredAt(fixture.Time.GetUtcNow()));
    }

    [Fact]
    public async Task Regenerate_swaps_the_secret_and_keeps_access_and_expiry()
    {
        var (id, oldHash, before) = await CreateAsync("CUSTOM", ImmutableDictionary<string, string>.Empty.Add("teams", "MANAGE"));
        var newHash = NewHash();

        var result = await Token(id).RegenerateAsync(Caller, newHash);

        Assert.Equal(ResultStatus.Ok, result.Status);
        Assert.Equal(before.ExpiresAt, result.Value!.ExpiresAt);
        Assert.Equal(before.Access, result.Value.Access);
        Assert.Equal(AuthorizeOutcome.Revoked, (await Token(id).AuthorizeAsync(oldHash, "teams", AccessLevel.View)).Outcome);
        Assert.Equal(AuthorizeOutcome.Allowed, (await Token(id).AuthorizeAsync(newHash, "teams", AccessLevel.Manage)).Outcome);
    }

    [Fact]
    public async Task Regenerate_after_expiry_is_refused()
    {
        var (id, hash, info) = await CreateAsync(days: 2);
        fixture.Time.SetUtcNow(info.ExpiresAt);

        var result = await Token(id).RegenerateAsync(Caller, NewHash());

        Assert.Equal(ResultStatus.Conflict, result.Status);
        Assert.Equal(AuthorizeOutcome.Expired, (await Token(id).AuthorizeAsync(hash, "accounts", AccessLevel.View)).Outcome);
    }

    [Fact]
    public async Task Two_regenerates_at_once_leave_exactly_one_working_secret_of_the_two()
    {
        var (id, _, _) = await CreateAsync();
        var first = NewHash();
        var second = NewHash();

        var results = await Task.WhenAll(Token(id).RegenerateAsync(Caller, first), Token(id).RegenerateAsync(Caller, second));

        Assert.All(results, r => Assert.Equal(ResultStatus.Ok, r.Status));
        var outcomes = new[]
        {
            (await Token(id).AuthorizeAsync(first, "accounts", AccessLevel.View)).Outcome,
            (await Token(id).AuthorizeAsync(second, "accounts", AccessLevel.View)).Outcome,
        };
        Assert.Equal(1, outcomes.Count(o => o == AuthorizeOutcome.Allowed));
        Assert.Equal(1, outcomes.Count(o => o == AuthorizeOutcome.Revoked));
    }

    [Fact]
    public async Task Delete_revokes_at_once_and_drops_the_token_from_the_list()
    {
        var (id, hash, _) = await CreateAsync();

        Assert.Equal(ResultStatus.Ok, (await Index.DeleteAsync(id)).Status);

        Assert.Equal(AuthorizeOutcome.Revoked, (await Token(id).AuthorizeAsync(hash, "accounts", AccessLevel.View)).Outcome);
        Assert.DoesNotContain(await Index.ListAsync(), t => t.Id == id);
        Assert.Null(await Token(id).GetAsync(Caller));
        Assert.Equal(ResultStatus.NotFound, (await Index.DeleteAsync(id)).Status);
    }

    [Fact]
    public async Task Delete_works_on_an_expired_token()
    {
        var (id, hash, info) = await CreateAsync(days: 3);
        fixture.Time.SetUtcNow(info.ExpiresAt.AddDays(1));

        Assert.Equal(ResultStatus.Ok, (await Index.DeleteAsync(id)).Status);
        Assert.Equal(AuthorizeOutcome.Revoked, (await Token(id).AuthorizeAsync(hash, "accounts", AccessLevel.View)).Outcome);
    }

    [Fact]
    public async Task Rename_changes_the_name_only()
    {
        var (id, hash, before) = await CreateAsync();

        var result = await Token(id).RenameAsync(Caller, " renamed ");

        Assert.Equal("renamed", result.Value!.Name);
        Assert.Equal(before with { Name = "renamed" }, result.Value);
        Assert.Equal(AuthorizeOutcome.Allowed, (await Token(id).AuthorizeAsync(hash, "accounts", AccessLevel.Manage)).Outcome);
        Assert.Equal(ResultStatus.Invalid, (await Token(id).RenameAsync(Caller, "")).Status);
    }

    [Fact]
    public async Task Another_user_sees_nothing_of_a_token()
    {
        var (id, hash, _) = await CreateAsync();
        var stranger = new TokenOwner(Tenant, "someone-else");

        Assert.Null(await Token(id).GetAsync(stranger));
        Assert.Equal(ResultStatus.NotFound, (await Token(id).RenameAsync(stranger, "mine")).Status);
        Assert.Equal(ResultStatus.NotFound, (await Token(id).RegenerateAsync(stranger, NewHash())).Status);
        Assert.Equal(ResultStatus.NotFound, (await Token(id).DeleteAsync(stranger)).Status);
        Assert.Equal(ResultStatus.NotFound, (await fixture.Grains.GetGrain<IUserTokensGrain>(AccountId.UserTokensKey(stranger.Tenant, stranger.AccountId)).DeleteAsync(id)).Status);
        Assert.Equal(AuthorizeOutcome.Allowed, (await Token(id).AuthorizeAsync(hash, "accounts", AccessLevel.View)).Outcome);
    }

    [Fact]
    public async Task The_same_account_id_in_another_tenant_is_another_user()
    {
        var (id, hash, _) = await CreateAsync();
        var twin = new TokenOwner(new TenantId("other-tenant"), _owner);
        var twinIndex = fixture.Grains.GetGrain<IUserTokensGrain>(AccountId.UserTokensKey(twin.Tenant, twin.AccountId));

        Assert.Empty(await twinIndex.ListAsync());
        Assert.Null(await Token(id).GetAsync(twin));
        Assert.Equal(ResultStatus.NotFound, (await Token(id).RenameAsync(twin, "mine")).Status);
        Assert.Equal(ResultStatus.NotFound, (await Token(id).DeleteAsync(twin)).Status);
        var answer = await Token(id).AuthorizeAsync(hash, "accounts", AccessLevel.View);
        Assert.Equal(new TokenOwner(Tenant, _owner), answer.Owner);
    }

    [Fact]
    public async Task A_refused_create_writes_nothing()
    {
        var id = NewId();
        var refused = await Index.CreateAsync(id, Command(NewHash(), type: "SOME"));

        Assert.Equal(ResultStatus.Invalid, refused.Status);
        Assert.Empty(await Index.ListAsync());
        Assert.False((await fixture.ReadStoredTokenAsync(id)).Exists);
    }

    [Fact]
    public async Task List_is_newest_first()
    {
        var first = await CreateAsync();
        fixture.Time.Advance(TimeSpan.FromSeconds(5));
        var second = await CreateAsync();

        var listed = await Index.ListAsync();

        Assert.Equal([second.Id, first.Id], listed.Select(t => t.Id));
    }

    [Fact]
    public async Task An_id_is_never_created_twice()
    {
        var (id, _, _) = await CreateAsync();
        var again = await fixture.Grains.GetGrain<IUserTokensGrain>(AccountId.UserTokensKey(Tenant, "other-owner"))
            .CreateAsync(id, Command(NewHash()));
        Assert.Equal(ResultStatus.Conflict, again.Status);
    }

    [Fact]
    public async Task Last_used_is_kept_in_memory_and_written_at_most_once_a_minute()
    {
        var (id, hash, _) = await CreateAsync();
        var usedAt = fixture.Time.GetUtcNow();
        Assert.Equal(AuthorizeOutcome.Allowed, (await Token(id).AuthorizeAsync(hash, "accounts", AccessLevel.View)).Outcome);
        Assert.Equal(usedAt, (await Token(id).GetAsync(Caller))!.LastUsedAt);
        Assert.Null((await fixture.ReadStoredTokenAsync(id)).LastUsedAt);

        fixture.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(AuthorizeOutcome.Allowed, (await Token(id).AuthorizeAsync(hash, "accounts", AccessLevel.View)).Outcome);
        Assert.Null((await fixture.ReadStoredTokenAsync(id)).LastUsedAt);

        fixture.Time.Advance(TimeSpan.FromSeconds(30));
        await Token(id).GetAsync(Caller); // queued behind the timer's flush
        Assert.Equal(usedAt.AddSeconds(30), (await fixture.ReadStoredTokenAsync(id)).LastUsedAt);
    }

    [Fact]
    public async Task State_survives_deactivation()
    {
        var (id, hash, info) = await CreateAsync("CUSTOM", ImmutableDictionary<string, string>.Empty.Add("plans", "VIEW"));
        await fixture.Cluster.DeactivateAsync(Token(id));

        Assert.Equal(info, await Token(id).GetAsync(Caller));
        Assert.Equal(AuthorizeOutcome.Allowed, (await Token(id).AuthorizeAsync(hash, "plans", AccessLevel.View)).Outcome);
    }
}
