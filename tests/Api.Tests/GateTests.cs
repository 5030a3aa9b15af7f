using Microsoft.Extensions.DependencyInjection;
using Tempo.Api.Tests.Infrastructure;
using Tempo.Api.Tokens;
using Tempo.Grains.Interfaces.Scopes;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Api.Tests;

public sealed class GateTests(GateTestFactory factory) : IClassFixture<GateTestFactory>
{
    /// <summary>
    /// What the gate asks the token grain (a lease, or an authorization), not the usage report that the use flusher
    /// sends every 10 s on a timer, which a slow run can catch in the middle of a test.
    /// </summary>
    private int GateCalls =>
        factory.GrainCalls.CallsTo<ITokenGrain>(nameof(ITokenGrain.LeaseGateEntryAsync)) + factory.GrainCalls.CallsTo<ITokenGrain>(nameof(ITokenGrain.AuthorizeAsync));

    private static readonly HttpMethod[] Writes = [HttpMethod.Post, HttpMethod.Put, HttpMethod.Patch, HttpMethod.Delete];

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string scope, string? token)
    {
        var client = token is null ? factory.CreateClient() : factory.WithApiToken(token);
        return client.SendAsync(new HttpRequestMessage(method, $"/4/_gate-test/{scope}"));
    }

    private async Task AssertUnauthorizedAsync(HttpResponseMessage response, string message)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(message, await response.ErrorMessageAsync());
    }

    [Fact]
    public async Task A_missing_token_gets_401()
    {
        await AssertUnauthorizedAsync(await SendAsync(HttpMethod.Get, "accounts", null), "Missing bearer token: send 'Authorization: Bearer <token>'.");
        var basic = factory.CreateClient();
        basic.DefaultRequestHeaders.Authorization = new("Basic", "dXNlcjpwYXNz");
        await AssertUnauthorizedAsync(await basic.GetAsync("/4/_gate-test/accounts"), "Missing bearer token: send 'Authorization: Bearer <token>'.");
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("tempo_short")]
    [InlineData("ghp_0123456789012345678901234567890123456789")]
    public async Task A_malformed_token_gets_401(string token) =>
        await AssertUnauthorizedAsync(await SendAsync(HttpMethod.Get, "accounts", token), "The bearer token is malformed.");

    [Fact]
    public async Task A_mistyped_token_is_refused_without_any_grain_call()
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId());
        var secret = (await user.CreateFullTokenAsync()).Secret();
        var typo = secret[..20] + (secret[20] == 'a' ? 'b' : 'a') + secret[21..];
        var before = GateCalls;

        await AssertUnauthorizedAsync(await SendAsync(HttpMethod.Get, "accounts", typo), "The bearer token is malformed.");
        await AssertUnauthorizedAsync(await SendAsync(HttpMethod.Get, "accounts", secret[..^1] + (secret[^1] == 'a' ? 'b' : 'a')), "The bearer token is malformed.");

        Assert.Equal(before, GateCalls);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "accounts", secret)).StatusCode);
        Assert.Equal(before + 1, GateCalls);
    }

    private TokenSecretHasher ServerHasher => factory.Services.GetRequiredService<TokenSecretHasher>();

    /// <summary>A well-formed token made with another key: what anyone who knows the format can invent.</summary>
    private static string Invented(TokenId id) =>
        new TokenSecretHasher(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).NewToken(id, out _);

    [Fact]
    public async Task An_invented_token_is_unknown_and_costs_no_grain_call()
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId());
        var real = await user.CreateFullTokenAsync();
        var before = GateCalls;

        await AssertUnauthorizedAsync(await SendAsync(HttpMethod.Get, "accounts", Invented(ApiTokenFormat.NewId())), "Unknown token.");
        await AssertUnauthorizedAsync(await SendAsync(HttpMethod.Get, "accounts", Invented(new TokenId(real.Id()))), "Unknown token.");

        Assert.Equal(before, GateCalls);
    }

    [Fact]
    public async Task An_issued_token_whose_id_has_no_grain_state_is_unknown()
    {
        // Issued by this service (its key, so the tag holds) but never stored: only the grain can say "unknown".
        var issued = ServerHasher.NewToken(ApiTokenFormat.NewId(), out _);
        var before = GateCalls;

        await AssertUnauthorizedAsync(await SendAsync(HttpMethod.Get, "accounts", issued), "Unknown token.");
        Assert.Equal(before + 1, GateCalls);
    }

    [Fact]
    public async Task A_real_id_with_a_made_up_secret_is_unknown_not_revoked()
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId());
        var token = await user.CreateFullTokenAsync();
        var forged = ServerHasher.NewToken(new TokenId(token.Id()), out _);

        await AssertUnauthorizedAsync(await SendAsync(HttpMethod.Get, "accounts", forged), "Unknown token.");
    }

    [Fact]
    public async Task View_allows_GET_and_HEAD_only()
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId());
        var secret = (await user.CreateCustomTokenAsync(new { accounts = "VIEW" })).Secret();

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "accounts", secret)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Head, "accounts", secret)).StatusCode);
        foreach (var method in Writes)
        {
            var response = await SendAsync(method, "accounts", secret);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("Bearer error=\"insufficient_scope\", scope=\"accounts:manage\"", response.Headers.WwwAuthenticate.ToString());
            Assert.Equal($"This token lacks the 'accounts:manage' scope (MANAGE on Accounts) that {method.Method} requests here need.", await response.ErrorMessageAsync());
        }
    }

    [Fact]
    public async Task Manage_allows_every_verb()
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId());
        var secret = (await user.CreateCustomTokenAsync(new { worklogs = "MANAGE" })).Secret();

        foreach (var method in Writes.Append(HttpMethod.Get).Append(HttpMethod.Head))
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(method, "worklogs", secret)).StatusCode);
        }
    }

    [Fact]
    public async Task A_scope_left_out_gets_403_on_every_verb()
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId());
        var secret = (await user.CreateCustomTokenAsync(new { worklogs = "MANAGE" })).Secret();

        var read = await SendAsync(HttpMethod.Get, "teams", secret);
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal("Bearer error=\"insufficient_scope\", scope=\"teams:view\"", read.Headers.WwwAuthenticate.ToString());
        Assert.Equal("This token lacks the 'teams:view' scope (VIEW on Teams) that GET requests here need.", await read.ErrorMessageAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Delete, "teams", secret)).StatusCode);
    }

    [Fact]
    public async Task Full_access_covers_every_scope_and_only_view_on_periods()
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId());
        var secret = (await user.CreateFullTokenAsync()).Secret();

        foreach (var scope in ScopeCatalogue.Seed.Scopes)
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, scope.Key, secret)).StatusCode);
            var write = await SendAsync(HttpMethod.Post, scope.Key, secret);
            Assert.Equal(scope.Key == "periods" ? HttpStatusCode.Forbidden : HttpStatusCode.OK, write.StatusCode);
        }
    }

    [Fact]
    public async Task Full_access_does_not_grow_when_the_catalogue_gains_a_scope()
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId());
        var before = (await user.CreateFullTokenAsync("before")).Secret();
        factory.Catalogue.Current = ScopeCatalogue.Seed.With(new ScopeDefinition("reports", "Reports", ["Reports"], [AccessLevel.View, AccessLevel.Manage]));
        try
        {
            // A scope arrives with a new deployment, whose grains (this user's index among them) are new activations.
            var after = await (await factory.SignedInAsync(TempoClient.NewAccountId())).CreateFullTokenAsync("after");

            Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Get, "reports", before)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, "reports", after.Secret())).StatusCode);
            Assert.Equal("MANAGE", after["access"]!["scopes"]!["reports"]!.GetValue<string>());
            var scopes = JsonNode.Parse(await user.GetStringAsync("/api-integration/scopes"))!.AsArray();
            Assert.Equal("reports", scopes[^1]!["key"]!.GetValue<string>());
        }
        finally
        {
            factory.Catalogue.Current = ScopeCatalogue.Seed;
        }
    }

    [Fact]
    public async Task Regenerate_kills_the_old_secret_before_it_answers()
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId());
        var token = await user.CreateFullTokenAsync();

        var regenerated = (await (await user.PostAsync($"/api-integration/tokens/{token.Id()}/regenerate", null)).Content.ReadFromJsonAsync<JsonObject>())!;

        await AssertUnauthorizedAsync(await SendAsync(HttpMethod.Get, "accounts", token.Secret()), "The token has been revoked.");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "accounts", regenerated.Secret())).StatusCode);
    }

    [Fact]
    public async Task Two_regenerates_at_once_leave_one_working_secret_of_the_two_returned()
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId());
        var token = await user.CreateFullTokenAsync();

        var responses = await Task.WhenAll(
            user.PostAsync($"/api-integration/tokens/{token.Id()}/regenerate", null),
            user.PostAsync($"/api-integration/tokens/{token.Id()}/regenerate", null));
        var secrets = new List<string> { token.Secret() };
        foreach (var response in responses)
        {
            secrets.Add((await response.Content.ReadFromJsonAsync<JsonObject>())!.Secret());
        }

        var working = new List<string>();
        foreach (var secret in secrets)
        {
            if ((await SendAsync(HttpMethod.Get, "accounts", secret)).StatusCode == HttpStatusCode.OK)
            {
                working.Add(secret);
            }
        }

        var only = Assert.Single(working);
        Assert.Contains(only, secrets.Skip(1));
    }

    [Fact]
    public async Task Delete_revokes_at_once()
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId());
        var token = await user.CreateFullTokenAsync();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "accounts", token.Secret())).StatusCode);

        await user.DeleteAsync($"/api-integration/tokens/{token.Id()}");

        await AssertUnauthorizedAsync(await SendAsync(HttpMethod.Get, "accounts", token.Secret()), "The token has been revoked.");
    }

    [Fact]
    public async Task An_expired_token_gets_401_expired_and_use_sets_last_used()
    {
        var account = TempoClient.NewAccountId();
        var user = await factory.SignedInAsync(account);
        var token = await user.CreateTokenAsync(new { type = "FULL" }, expiresInDays: 2);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "accounts", token.Secret())).StatusCode);
        var usedAt = factory.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
        Assert.Equal(usedAt, JsonNode.Parse(await user.GetStringAsync($"/api-integration/tokens/{token.Id()}"))!["lastUsedAt"]!.GetValue<string>());

        factory.Time.Advance(TimeSpan.FromDays(2));

        await AssertUnauthorizedAsync(await SendAsync(HttpMethod.Get, "accounts", token.Secret()), "The token has expired.");
        user = await factory.SignedInAsync(account);
        Assert.Equal("EXPIRED", JsonNode.Parse(await user.GetStringAsync($"/api-integration/tokens/{token.Id()}"))!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_4_route_that_declares_no_scope_is_closed()
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId());
        var secret = (await user.CreateFullTokenAsync()).Secret();

        var response = await factory.WithApiToken(secret).GetAsync("/4/_undeclared");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("This endpoint declares no token scope and is closed.", await response.ErrorMessageAsync());
    }

    [Fact]
    public async Task The_allowed_request_knows_its_token()
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId());
        var token = await user.CreateFullTokenAsync();

        var body = JsonNode.Parse(await factory.WithApiToken(token.Secret()).GetStringAsync("/4/_gate-test/plans"))!;

        Assert.Equal(token.Id(), body["token"]!.GetValue<string>());
    }
}
