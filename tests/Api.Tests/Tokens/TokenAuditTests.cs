using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Headers;
using Tempo.Api.Tests.Infrastructure;

namespace Tempo.Api.Tests.Tokens;

public sealed class TokenAuditTests(TokenPolicyFactory factory) : IClassFixture<TokenPolicyFactory>
{
    [Fact]
    public async Task Every_lifecycle_change_has_its_event_newest_first_with_actor_address_and_agent_and_never_the_secret()
    {
        var account = TempoClient.NewAccountId();
        var user = await factory.SignedInAsync(account, TempoClient.NewTenant());
        user.DefaultRequestHeaders.Add(TokenPolicyFactory.RemoteIpHeader, "198.51.100.23");
        user.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("audit-test", "1.0"));
        var token = await user.CreateFullTokenAsync("first");
        await user.PatchAsJsonAsync($"/api-integration/tokens/{token.Id()}", new { name = "second" });
        var regenerated = await (await user.PostAsync($"/api-integration/tokens/{token.Id()}/regenerate", null)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await user.DeleteAsync($"/api-integration/tokens/{token.Id()}")).StatusCode);

        var text = await user.GetStringAsync($"/api-integration/audit?tokenId={token.Id()}");
        var events = JsonNode.Parse(text)!["results"]!.AsArray();

        Assert.Equal(["token.deleted", "token.regenerated", "token.renamed", "token.created"], events.Select(e => e!["type"]!.GetValue<string>()));
        Assert.All(events, e =>
        {
            Assert.Equal(account, e!["actor"]!.GetValue<string>());
            Assert.Equal(token.Id(), e["tokenId"]!.GetValue<string>());
            Assert.Equal("198.51.100.23", e["sourceIp"]!.GetValue<string>());
            Assert.Equal("audit-test/1.0", e["userAgent"]!.GetValue<string>());
        });
        Assert.Equal("first", events[2]!["details"]!["previousName"]!.GetValue<string>());
        Assert.DoesNotContain(token.Secret(), text);
        Assert.DoesNotContain(regenerated["token"]!.GetValue<string>(), text);
        Assert.DoesNotContain(token.Secret()[..30], text);
    }

    [Fact]
    public async Task The_trail_is_paged_by_cursor_newest_first()
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId(), TempoClient.NewTenant());
        var token = await user.CreateFullTokenAsync("n0");
        for (var i = 1; i <= 4; i++)
        {
            await user.PatchAsJsonAsync($"/api-integration/tokens/{token.Id()}", new { name = $"n{i}" });
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await user.GetJsonAsync($"/api-integration/audit?limit=2{(cursor is null ? "" : "&cursor=" + cursor)}");
            seen.AddRange(page["results"]!.AsArray().Select(e => e!["tokenName"]!.GetValue<string>()));
            cursor = page["metadata"]!["next"]?.GetValue<string>();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(["n4", "n3", "n2", "n1", "n0"], seen);
        Assert.Equal(3, pages);
        Assert.Equal(HttpStatusCode.BadRequest, (await user.GetAsync("/api-integration/audit?cursor=nonsense")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await user.GetAsync("/api-integration/audit?from=2026-13-01")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await user.GetAsync("/api-integration/audit?tokenId=x")).StatusCode);
    }

    [Fact]
    public async Task Users_see_their_own_tokens_admins_every_token_of_the_tenant_and_no_other_tenant()
    {
        var tenant = TempoClient.NewTenant();
        var alice = await factory.SignedInAsync(TempoClient.NewAccountId(), tenant);
        var bob = await factory.SignedInAsync(TempoClient.NewAccountId(), tenant);
        var admin = await factory.SignedInAsync(TempoClient.NewAccountId(), tenant, admin: true);
        var stranger = await factory.SignedInAsync(TempoClient.NewAccountId(), TempoClient.NewTenant(), admin: true);
        var aliceToken = await alice.CreateFullTokenAsync("alice's");
        var bobToken = await bob.CreateFullTokenAsync("bob's");

        static async Task<string[]> TokenIds(HttpClient client) =>
            [.. (await client.GetJsonAsync("/api-integration/audit"))["results"]!.AsArray().Select(e => e!["tokenId"]!.GetValue<string>())];

        Assert.Equal([aliceToken.Id()], await TokenIds(alice));
        Assert.Equal([bobToken.Id()], await TokenIds(bob));
        Assert.Equal([bobToken.Id(), aliceToken.Id()], await TokenIds(admin));
        Assert.Empty(await TokenIds(stranger));
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync("/api-integration/audit")).StatusCode);
    }

    [Fact]
    public async Task A_change_acknowledged_while_the_audit_log_is_down_gets_its_event_once_the_token_is_reactivated()
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId(), TempoClient.NewTenant());
        factory.Fault.Failing = true;
        JsonObject token;
        try
        {
            token = await user.CreateFullTokenAsync("crashy");
            await user.PatchAsJsonAsync($"/api-integration/tokens/{token.Id()}", new { name = "crashy2" });
            Assert.Empty((await user.GetJsonAsync("/api-integration/audit"))["results"]!.AsArray());
        }
        finally
        {
            factory.Fault.Failing = false;
        }

        // The activation that held the outbox is gone (as after a crash); the next activation forwards it.
        await factory.DeactivateAllAsync();
        await user.GetJsonAsync($"/api-integration/tokens/{token.Id()}");

        var types = (await user.GetJsonAsync("/api-integration/audit"))["results"]!.AsArray().Select(e => e!["type"]!.GetValue<string>());
        Assert.Equal(["token.renamed", "token.created"], types);

        // Forwarding twice (another activation, the timer) never duplicates: appends are idempotent by event id.
        await factory.Token(token.Id()).FlushPendingAsync();
        Assert.Equal(2, (await user.GetJsonAsync("/api-integration/audit"))["results"]!.AsArray().Count);
    }

    [Fact]
    public async Task Refusals_are_aggregated_into_one_denied_event_per_reason()
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId(), TempoClient.NewTenant());
        var token = await user.CreateCustomTokenAsync(new Dictionary<string, string> { ["accounts"] = "VIEW" });
        var api = factory.WithApiToken(token.Secret());
        for (var i = 0; i < 7; i++)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/4/teams")).StatusCode);
        }

        // The gate counts refusals in this process and reports them in a batch; the grain writes one event.
        await factory.Services.GetRequiredService<Tempo.Api.Gate.TokenUseReporter>().FlushAsync();
        await factory.Token(token.Id()).FlushPendingAsync();

        var denied = (await user.GetJsonAsync($"/api-integration/audit?tokenId={token.Id()}"))["results"]!.AsArray()
            .Where(e => e!["type"]!.GetValue<string>() == "token.denied").ToArray();
        var only = Assert.Single(denied);
        Assert.Equal("insufficient_scope", only!["details"]!["reason"]!.GetValue<string>());
        Assert.Equal("7", only["details"]!["count"]!.GetValue<string>());
        Assert.Equal("system", only["actor"]!.GetValue<string>());
    }
}
