using System.Net.Http.Headers;

namespace Tempo.Api.Tests.Infrastructure;

/// <summary>HTTP helpers: sign in through the development endpoint, manage tokens, call /4 with a token.</summary>
public static class TempoClient
{
    public static async Task<HttpClient> SignedInAsync(this TempoApiFactory factory, string accountId, string? tenant = null, bool admin = false)
    {
        var client = factory.CreateClient();
        var response = await client.PostAsJsonAsync("/dev/sign-in", new { accountId, tenant, admin });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body!["accessToken"]!.GetValue<string>());
        return client;
    }

    public static string NewAccountId() => "557058:" + Guid.NewGuid();

    /// <summary>A tenant no other test uses, so its ids start from the beginning.</summary>
    public static string NewTenant() => "t-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Creates a token and returns its JSON (with the secret in <c>token</c>).</summary>
    public static async Task<JsonObject> CreateTokenAsync(this HttpClient user, object access, string name = "integration", int? expiresInDays = null)
    {
        var response = await user.PostAsJsonAsync("/api-integration/tokens", new { name, expiresInDays, access });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"create: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static Task<JsonObject> CreateFullTokenAsync(this HttpClient user, string name = "full") =>
        user.CreateTokenAsync(new { type = "FULL" }, name);

    public static Task<JsonObject> CreateCustomTokenAsync(this HttpClient user, object scopes, string name = "custom") =>
        user.CreateTokenAsync(new { type = "CUSTOM", scopes }, name);

    public static HttpClient WithApiToken(this TempoApiFactory factory, string token)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static string Secret(this JsonObject token) => token["token"]!.GetValue<string>();

    public static string Id(this JsonObject token) => token["id"]!.GetValue<string>();

    public static async Task<string> ErrorMessageAsync(this HttpResponseMessage response)
    {
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return body["errors"]![0]!["message"]!.GetValue<string>();
    }
}
