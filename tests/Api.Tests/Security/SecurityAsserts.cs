using Tempo.Api.Tests.Infrastructure;

namespace Tempo.Api.Tests.Security;

/// <summary>What every refusal of the service must look like: Tempo's body with one human message at least.</summary>
public static class SecurityAsserts
{
    private static readonly string[] FrameworkWording = ["Implicit body", "Failed to bind", "Failed to read parameter", "Nullable`", "System.", "Microsoft.", "Did you mean", "The request failed."];

    public static async Task<string> AssertTempoErrorAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode} {text}");
        return AssertTempoErrorBody(text, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}");
    }

    public static string AssertTempoErrorBody(string text, string what)
    {
        JsonNode? body = null;
        try
        {
            body = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
        }

        var message = body?["errors"]?[0]?["message"]?.GetValue<string>();
        Assert.True(!string.IsNullOrWhiteSpace(message), $"{what}: expected Tempo's error body, got '{text}'");
        foreach (var wording in FrameworkWording)
        {
            Assert.False(message!.Contains(wording, StringComparison.Ordinal), $"{what}: framework wording '{wording}' in '{message}'");
        }

        return message!;
    }

    public static async Task<HttpClient> FullAccessClientAsync(this TempoApiFactory factory)
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId());
        return factory.WithApiToken((await user.CreateFullTokenAsync()).Secret());
    }
}
