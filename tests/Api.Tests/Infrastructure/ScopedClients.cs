namespace Tempo.Api.Tests.Infrastructure;

public static class ScopedClients
{
    /// <summary>An HTTP client whose API token holds <paramref name="level"/> on <paramref name="scope"/> only.</summary>
    public static async Task<HttpClient> ApiClientAsync(this TempoApiFactory factory, string scope, string level, string? tenant = null)
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId(), tenant);
        var token = await user.CreateCustomTokenAsync(new Dictionary<string, string> { [scope] = level });
        return factory.WithApiToken(token.Secret());
    }

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    public static async Task<JsonNode> PostJsonAsync(this HttpClient client, string path, object body, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await client.PostAsJsonAsync(path, body)).ReadJsonAsync(expected);

    public static async Task<JsonNode> PutJsonAsync(this HttpClient client, string path, object body, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await client.PutAsJsonAsync(path, body)).ReadJsonAsync(expected);

    public static async Task<JsonNode> GetJsonAsync(this HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await client.GetAsync(path)).ReadJsonAsync(expected);

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}
