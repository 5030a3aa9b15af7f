using System.Net.Http.Headers;

namespace Tempo.Cluster.Tests.Infrastructure;

/// <summary>Management and /4 calls against one API process.</summary>
public static class Api
{
    public static async Task<HttpClient> SignInAsync(this TempoNode api, string accountId, string? tenant = null)
    {
        var response = await api.Http.PostAsJsonAsync("/dev/sign-in", new { accountId, tenant });
        response.EnsureSuccessStatusCode();
        var jwt = (await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
        var client = new HttpClient { BaseAddress = api.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", jwt);
        return client;
    }

    public static async Task<(string Id, string Secret)> CreateTokenAsync(this HttpClient user, object access)
    {
        var response = await user.PostAsJsonAsync("/api-integration/tokens", new { name = "cluster", access });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        var token = JsonNode.Parse(body)!;
        return (token["id"]!.GetValue<string>(), token["token"]!.GetValue<string>());
    }

    public static HttpClient WithToken(this TempoNode api, string secret)
    {
        var client = new HttpClient { BaseAddress = api.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }
}
