using Tempo.Api.Tests.Infrastructure;

namespace Tempo.Api.Tests;

public sealed class ManagementApiTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    [Fact]
    public async Task Scopes_are_the_catalogue_in_its_display_order()
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId());

        var scopes = JsonNode.Parse(await user.GetStringAsync("/api-integration/scopes"))!.AsArray();

        Assert.Equal(["worklogs", "teams", "schemes", "plans", "periods", "approvals", "accounts", "projects"], scopes.Select(s => s!["key"]!.GetValue<string>()));
        Assert.Equal(
            """{"key":"worklogs","name":"Worklogs","namespaces":["Worklogs","Work Attributes"],"levels":["VIEW","MANAGE"]}""",
            scopes[0]!.ToJsonString());
        Assert.Equal("""["VIEW"]""", scopes[4]!["levels"]!.ToJsonString());
        Assert.Equal("Cost Tracker", scopes[7]!["name"]!.GetValue<string>());
        Assert.Equal("""["Accounts","Categories","Category Types","Links","Customers"]""", scopes[6]!["namespaces"]!.ToJsonString());
    }

    [Fact]
    public async Task Create_answers_201_with_the_token_and_its_secret()
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId());
        var now = factory.Time.GetUtcNow();

        var response = await user.PostAsJsonAsync("/api-integration/tokens", new { name = "  Jira sync ", access = new { type = "CUSTOM", scopes = new { accounts = "VIEW", worklogs = "MANAGE" } } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal($"/api-integration/tokens/{token.Id()}", response.Headers.Location!.OriginalString);
        Assert.Equal("Jira sync", token["name"]!.GetValue<string>());
        Assert.Equal("ACTIVE", token["status"]!.GetValue<string>());
        Assert.Equal(now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"), token["createdAt"]!.GetValue<string>());
        Assert.Equal(now.AddDays(30).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"), token["expiresAt"]!.GetValue<string>());
        Assert.Null(token["lastUsedAt"]);
        Assert.True(token.ContainsKey("lastUsedAt"), "lastUsedAt is present as null until first use");
        Assert.Equal("""{"type":"CUSTOM","scopes":{"worklogs":"MANAGE","accounts":"VIEW"}}""", token["access"]!.ToJsonString());
        Assert.StartsWith("tempo_" + token.Id() + "_", token.Secret());
    }

    [Fact]
    public async Task Full_access_is_shown_as_the_explicit_scope_list()
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId());

        var token = await user.CreateFullTokenAsync();

        Assert.Equal(
            """{"type":"FULL","scopes":{"worklogs":"MANAGE","teams":"MANAGE","schemes":"MANAGE","plans":"MANAGE","periods":"VIEW","approvals":"MANAGE","accounts":"MANAGE","projects":"MANAGE"}}""",
            token["access"]!.ToJsonString());
    }

    [Fact]
    public async Task The_secret_is_shown_once_and_never_in_a_list_or_a_get()
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId());
        var token = await user.CreateFullTokenAsync();

        var list = await user.GetStringAsync("/api-integration/tokens");
        var one = await user.GetStringAsync($"/api-integration/tokens/{token.Id()}");

        Assert.DoesNotContain(token.Secret(), list);
        Assert.DoesNotContain(token.Secret(), one);
        Assert.False(JsonNode.Parse(one)!.AsObject().ContainsKey("token"));
        Assert.False(JsonNode.Parse(list)!["results"]![0]!.AsObject().ContainsKey("token"));
    }

    [Fact]
    public async Task Create_takes_expiry_in_days_or_as_an_instant()
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId());
        var now = factory.Time.GetUtcNow();

        var inDays = await user.CreateTokenAsync(new { type = "FULL" }, expiresInDays: 365);
        var at = now.AddDays(45).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        var response = await user.PostAsJsonAsync("/api-integration/tokens", new { name = "at", expiresAt = at, access = new { type = "FULL" } });

        Assert.Equal(now.AddDays(365).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"), inDays["expiresAt"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(now.AddDays(45).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"), (await response.Content.ReadFromJsonAsync<JsonObject>())!["expiresAt"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"access":{"type":"FULL"}}""", "'name' is required.")]
    [InlineData("""{"name":"  ","access":{"type":"FULL"}}""", "'name' must not be empty.")]
    [InlineData("""{"name":"x","expiresInDays":0,"access":{"type":"FULL"}}""", "'expiresInDays' must be between 1 and 365.")]
    [InlineData("""{"name":"x","expiresInDays":366,"access":{"type":"FULL"}}""", "'expiresInDays' must be between 1 and 365.")]
    [InlineData("""{"name":"x","expiresAt":"2030-01-01T00:00:00Z","access":{"type":"FULL"}}""", "'expiresAt' must be between 1 and 365 days from now.")]
    [InlineData("""{"name":"x"}""", "'access.type' is required: FULL or CUSTOM.")]
    [InlineData("""{"name":"x","access":{"type":"CUSTOM"}}""", "CUSTOM access needs at least one scope in 'access.scopes'.")]
    [InlineData("""{"name":"x","access":{"type":"CUSTOM","scopes":{}}}""", "CUSTOM access needs at least one scope in 'access.scopes'.")]
    [InlineData("""{"name":"x","access":{"type":"CUSTOM","scopes":{"billing":"VIEW"}}}""", "Unknown scope 'billing' in 'access.scopes'.")]
    [InlineData("""{"name":"x","access":{"type":"CUSTOM","scopes":{"accounts":"ADMIN"}}}""", "'access.scopes.accounts' must be VIEW or MANAGE, not 'ADMIN'.")]
    [InlineData("""{"name":"x","access":{"type":"CUSTOM","scopes":{"periods":"MANAGE"}}}""", "Scope 'periods' offers only VIEW; 'MANAGE' is not allowed.")]
    [InlineData("""{"name":"x","expiresInDays":"soon","access":{"type":"FULL"}}""", "The request body is not valid: 'expiresInDays' has the wrong type or format.")]
    [InlineData("""{"name":"x",""", "The request body is not valid JSON.")]
    public async Task Bad_create_requests_get_400_with_a_message_that_says_why(string body, string message)
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId());

        var response = await user.PostAsync("/api-integration/tokens", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(message, await response.ErrorMessageAsync());
        Assert.Empty(JsonNode.Parse(await user.GetStringAsync("/api-integration/tokens"))!["results"]!.AsArray());
    }

    [Fact]
    public async Task List_shows_the_callers_tokens_newest_first_with_status()
    {
        var account = TempoClient.NewAccountId();
        var user = await factory.SignedInAsync(account);
        var older = await user.CreateTokenAsync(new { type = "FULL" }, "short", expiresInDays: 1);
        factory.Time.Advance(TimeSpan.FromMinutes(1));
        var newer = await user.CreateFullTokenAsync("long");
        factory.Time.Advance(TimeSpan.FromDays(1));
        user = await factory.SignedInAsync(account); // the sign-in has a lifetime on the same clock

        var results = JsonNode.Parse(await user.GetStringAsync("/api-integration/tokens"))!["results"]!.AsArray();

        Assert.Equal([newer.Id(), older.Id()], results.Select(r => r!["id"]!.GetValue<string>()));
        Assert.Equal(["ACTIVE", "EXPIRED"], results.Select(r => r!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Rename_changes_the_name_only()
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId());
        var token = await user.CreateCustomTokenAsync(new { teams = "VIEW" });

        var response = await user.PatchAsJsonAsync($"/api-integration/tokens/{token.Id()}", new { name = "renamed" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var renamed = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("renamed", renamed["name"]!.GetValue<string>());
        token.Remove("token");
        token["name"] = "renamed";
        Assert.Equal(token.ToJsonString(), renamed.ToJsonString());
    }

    [Theory]
    [InlineData("""{"name":"x","access":{"type":"FULL"}}""")]
    [InlineData("""{"expiresInDays":90}""")]
    [InlineData("""{"scopes":{"accounts":"MANAGE"}}""")]
    public async Task Rename_refuses_to_touch_access_or_expiry(string body)
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId());
        var token = await user.CreateCustomTokenAsync(new { teams = "VIEW" });

        var response = await user.PatchAsync($"/api-integration/tokens/{token.Id()}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Only a token's name can be changed; its access and expiry are fixed. Create a new token for other access.", await response.ErrorMessageAsync());
        var after = JsonNode.Parse(await user.GetStringAsync($"/api-integration/tokens/{token.Id()}"))!;
        Assert.Equal("""{"type":"CUSTOM","scopes":{"teams":"VIEW"}}""", after["access"]!.ToJsonString());
        Assert.Equal("custom", after["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Regenerate_returns_a_new_secret_with_the_same_access_and_expiry()
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId());
        var token = await user.CreateCustomTokenAsync(new { accounts = "MANAGE" });

        var response = await user.PostAsync($"/api-integration/tokens/{token.Id()}/regenerate", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var regenerated = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.NotEqual(token.Secret(), regenerated.Secret());
        Assert.Equal(token.Id(), regenerated.Id());
        Assert.Equal(token["expiresAt"]!.ToJsonString(), regenerated["expiresAt"]!.ToJsonString());
        Assert.Equal(token["access"]!.ToJsonString(), regenerated["access"]!.ToJsonString());
    }

    [Fact]
    public async Task Regenerate_after_expiry_is_refused_with_409()
    {
        var account = TempoClient.NewAccountId();
        var user = await factory.SignedInAsync(account);
        var token = await user.CreateTokenAsync(new { type = "FULL" }, expiresInDays: 1);
        factory.Time.Advance(TimeSpan.FromDays(1));
        user = await factory.SignedInAsync(account);

        var response = await user.PostAsync($"/api-integration/tokens/{token.Id()}/regenerate", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("The token has expired and can't be regenerated; create a new token.", await response.ErrorMessageAsync());
    }

    [Fact]
    public async Task Delete_answers_204_and_the_token_leaves_the_list()
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId());
        var token = await user.CreateFullTokenAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await user.DeleteAsync($"/api-integration/tokens/{token.Id()}")).StatusCode);

        Assert.Empty(JsonNode.Parse(await user.GetStringAsync("/api-integration/tokens"))!["results"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await user.GetAsync($"/api-integration/tokens/{token.Id()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await user.DeleteAsync($"/api-integration/tokens/{token.Id()}")).StatusCode);
    }

    [Fact]
    public async Task Another_users_token_is_404_exactly_like_an_unknown_one()
    {
        var owner = await factory.SignedInAsync(TempoClient.NewAccountId());
        var stranger = await factory.SignedInAsync(TempoClient.NewAccountId());
        var token = await owner.CreateFullTokenAsync();
        const string unknown = "AAAAAAAAAAAA";

        foreach (var id in new[] { token.Id(), unknown })
        {
            var responses = new[]
            {
                await stranger.GetAsync($"/api-integration/tokens/{id}"),
                await stranger.PatchAsJsonAsync($"/api-integration/tokens/{id}", new { name = "mine" }),
                await stranger.PostAsync($"/api-integration/tokens/{id}/regenerate", null),
                await stranger.DeleteAsync($"/api-integration/tokens/{id}"),
            };
            foreach (var response in responses)
            {
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                Assert.Equal($"Token '{id}' not found", await response.ErrorMessageAsync());
            }
        }

        Assert.Empty(JsonNode.Parse(await stranger.GetStringAsync("/api-integration/tokens"))!["results"]!.AsArray());
        Assert.Equal("full", JsonNode.Parse(await owner.GetStringAsync($"/api-integration/tokens/{token.Id()}"))!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Management_refuses_anonymous_callers_and_api_tokens()
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId());
        var token = await user.CreateFullTokenAsync();

        foreach (var client in new[] { factory.CreateClient(), factory.WithApiToken(token.Secret()) })
        {
            var response = await client.GetAsync("/api-integration/tokens");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Authentication is required.", await response.ErrorMessageAsync());
        }
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"accountId":"has space"}""")]
    [InlineData("""{"accountId":"a+b"}""")]
    public async Task Dev_sign_in_refuses_a_bad_account_id(string body)
    {
        var response = await factory.CreateClient().PostAsync("/dev/sign-in", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("'accountId' is required", await response.ErrorMessageAsync());
    }
}
