using System.Net.Http.Headers;
using Tempo.Api.Tests.Infrastructure;

namespace Tempo.Api.Tests.Tokens;

public sealed class TokenPolicyTests(TokenPolicyFactory factory) : IClassFixture<TokenPolicyFactory>
{
    private static readonly object AccountsView = new { type = "CUSTOM", scopes = new { accounts = "VIEW" } };

    private async Task<(HttpClient User, JsonObject Token)> CreateAsync(object body)
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId(), TempoClient.NewTenant());
        var created = await (await user.PostAsJsonAsync("/api-integration/tokens", body)).ReadJsonAsync(HttpStatusCode.Created);
        return (user, created.AsObject());
    }

    private HttpClient From(string secret, string ip, string? forwardedFor = null)
    {
        var api = factory.WithApiToken(secret);
        api.DefaultRequestHeaders.Add(TokenPolicyFactory.RemoteIpHeader, ip);
        if (forwardedFor is not null)
        {
            api.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }

        return api;
    }

    [Fact]
    public async Task A_token_with_an_allowlist_works_only_from_its_networks_and_keeps_the_list_on_regenerate()
    {
        var (user, token) = await CreateAsync(new { name = "office", access = AccountsView, allowedIps = new[] { "203.0.113.0/24", "2001:db8::/32" } });
        Assert.Equal("""["203.0.113.0/24","2001:db8::/32"]""", token["allowedIps"]!.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, (await From(token.Secret(), "203.0.113.77").GetAsync("/4/accounts")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await From(token.Secret(), "2001:db8::5").GetAsync("/4/accounts")).StatusCode);
        var refused = await From(token.Secret(), "198.51.100.9").GetAsync("/4/accounts");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("198.51.100.9", await refused.ErrorMessageAsync());

        var regenerated = await (await user.PostAsync($"/api-integration/tokens/{token.Id()}/regenerate", null)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("""["203.0.113.0/24","2001:db8::/32"]""", regenerated["allowedIps"]!.ToJsonString());
        Assert.Equal(HttpStatusCode.Forbidden, (await From(regenerated["token"]!.GetValue<string>(), "198.51.100.9").GetAsync("/4/accounts")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await user.PatchAsJsonAsync($"/api-integration/tokens/{token.Id()}", new { allowedIps = Array.Empty<string>() })).StatusCode);

        await factory.Reporter.FlushAsync();
        await factory.Token(token.Id()).FlushPendingAsync();
        var denied = (await user.GetJsonAsync($"/api-integration/audit?tokenId={token.Id()}"))["results"]!.AsArray()
            .Single(e => e!["type"]!.GetValue<string>() == "token.denied");
        Assert.Equal("ip", denied!["details"]!["reason"]!.GetValue<string>());
        Assert.Equal("198.51.100.9", denied["sourceIp"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("203.0.113.0/33")]
    [InlineData("not-an-ip")]
    [InlineData("")]
    public async Task A_bad_allowlist_entry_is_a_400_naming_the_field(string entry)
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId(), TempoClient.NewTenant());
        var response = await user.PostAsJsonAsync("/api-integration/tokens", new { name = "x", access = AccountsView, allowedIps = new[] { entry } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("allowedIps", await response.ErrorMessageAsync());
    }

    [Fact]
    public async Task An_allowlist_holds_at_most_50_networks()
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId(), TempoClient.NewTenant());
        var many = Enumerable.Range(0, 51).Select(i => $"10.{i}.0.0/16").ToArray();
        var response = await user.PostAsJsonAsync("/api-integration/tokens", new { name = "x", access = AccountsView, allowedIps = many });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("50", await response.ErrorMessageAsync());
    }

    [Fact]
    public async Task Over_its_rate_limit_a_token_gets_429_with_retry_after_and_ratelimit_headers_and_an_aggregated_denied_event()
    {
        var (user, token) = await CreateAsync(new { name = "limited", access = AccountsView, rateLimit = new { perSecond = 1, burst = 3 } });
        Assert.Equal("""{"perSecond":1,"burst":3}""", token["rateLimit"]!.ToJsonString());
        var api = From(token.Secret(), "192.0.2.50");

        var statuses = new List<HttpResponseMessage>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add(await api.GetAsync("/4/accounts"));
        }

        var ok = statuses.First(r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal("\"token\";q=3;w=3", ok.Headers.GetValues("RateLimit-Policy").Single());
        var limited = statuses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToArray();
        Assert.True(limited.Length >= 4, $"{limited.Length} of 8 refused");
        Assert.True(int.Parse(limited[0].Headers.GetValues("Retry-After").Single()) >= 1);
        Assert.StartsWith("\"token\";r=0;t=", limited[0].Headers.GetValues("RateLimit").Single());
        Assert.Contains("rate limit", await limited[0].ErrorMessageAsync());

        await factory.Reporter.FlushAsync();
        await factory.Token(token.Id()).FlushPendingAsync();
        var denied = (await user.GetJsonAsync($"/api-integration/audit?tokenId={token.Id()}"))["results"]!.AsArray()
            .Where(e => e!["type"]!.GetValue<string>() == "token.denied").ToArray();
        var only = Assert.Single(denied);
        Assert.Equal("rate-limited", only!["details"]!["reason"]!.GetValue<string>());
        Assert.Equal(limited.Length.ToString(), only["details"]!["count"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_rate_limit_above_the_tenant_maximum_is_refused()
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId(), TempoClient.NewTenant());
        var response = await user.PostAsJsonAsync("/api-integration/tokens", new { name = "x", access = AccountsView, rateLimit = new { perSecond = 2_000_000, burst = 5 } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("rateLimit.perSecond", await response.ErrorMessageAsync());
        var zero = await user.PostAsJsonAsync("/api-integration/tokens", new { name = "x", access = AccountsView, rateLimit = new { perSecond = 0, burst = 5 } });
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
    }

    [Fact]
    public async Task A_token_expiring_within_7_days_carries_the_expiry_header_on_every_response()
    {
        var (_, soon) = await CreateAsync(new { name = "soon", access = AccountsView, expiresInDays = 5 });
        var (_, later) = await CreateAsync(new { name = "later", access = AccountsView, expiresInDays = 30 });

        var soonResponse = await factory.WithApiToken(soon.Secret()).GetAsync("/4/accounts");
        var soonOtherScope = await factory.WithApiToken(soon.Secret()).GetAsync("/4/accounts/NOPE-NOT-THERE");
        var laterResponse = await factory.WithApiToken(later.Secret()).GetAsync("/4/accounts");

        var expected = DateTimeOffset.Parse(soon["expiresAt"]!.GetValue<string>()).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        Assert.Equal(expected, soonResponse.Headers.GetValues("Tempo-Token-Expires-At").Single());
        Assert.Equal(expected, soonOtherScope.Headers.GetValues("Tempo-Token-Expires-At").Single());
        Assert.False(laterResponse.Headers.Contains("Tempo-Token-Expires-At"));
        Assert.True(soon["expiresSoon"]!.GetValue<bool>());
        Assert.False(later["expiresSoon"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Usage_shows_the_distinct_source_addresses_and_the_last_user_agent()
    {
        var (user, token) = await CreateAsync(new { name = "used", access = AccountsView });
        var first = From(token.Secret(), "198.51.100.1");
        var second = From(token.Secret(), "198.51.100.2");
        second.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("sync-bot", "2.1"));
        await first.GetAsync("/4/accounts");
        await first.GetAsync("/4/accounts");
        await second.GetAsync("/4/accounts");

        await factory.Reporter.FlushAsync();
        var shown = await user.GetJsonAsync($"/api-integration/tokens/{token.Id()}");

        var ips = shown["usage"]!["recentIps"]!.AsArray().Select(u => u!["ip"]!.GetValue<string>()).Order().ToArray();
        Assert.Equal(["198.51.100.1", "198.51.100.2"], ips);
        Assert.Equal("sync-bot/2.1", shown["usage"]!["lastUserAgent"]!.GetValue<string>());
        Assert.NotNull(shown["lastUsedAt"]);

        // Flushed like lastUsedAt: written by the token's flush, so it survives the activation.
        await factory.Token(token.Id()).FlushPendingAsync();
        await factory.DeactivateAllAsync();
        Assert.Equal(2, (await user.GetJsonAsync($"/api-integration/tokens/{token.Id()}"))["usage"]!["recentIps"]!.AsArray().Count);
    }

    [Fact]
    public async Task The_forwarded_address_is_honoured_only_from_a_configured_proxy()
    {
        var (user, token) = await CreateAsync(new { name = "proxied", access = AccountsView, allowedIps = new[] { "203.0.113.0/24" } });

        Assert.Equal(HttpStatusCode.OK, (await From(token.Secret(), "10.0.0.1", forwardedFor: "203.0.113.8").GetAsync("/4/accounts")).StatusCode);
        var spoofed = await From(token.Secret(), "10.0.0.2", forwardedFor: "203.0.113.8").GetAsync("/4/accounts");
        Assert.Equal(HttpStatusCode.Forbidden, spoofed.StatusCode);
        Assert.Contains("10.0.0.2", await spoofed.ErrorMessageAsync());

        await factory.Reporter.FlushAsync();
        var shown = await user.GetJsonAsync($"/api-integration/tokens/{token.Id()}");
        Assert.Equal("203.0.113.8", shown["usage"]!["recentIps"]![0]!["ip"]!.GetValue<string>());
    }
}
