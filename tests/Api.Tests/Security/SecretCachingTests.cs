using System.Net.Http.Headers;
using Tempo.Api.Tests.Infrastructure;

namespace Tempo.Api.Tests.Security;

/// <summary>Finding 7: every response that carries a secret says it must not be stored.</summary>
public sealed class SecretCachingTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    private static void AssertNotStored(HttpResponseMessage response, string what)
    {
        Assert.True(response.Headers.CacheControl?.NoStore == true, $"{what}: Cache-Control is '{response.Headers.CacheControl}'");
        Assert.Contains("no-cache", response.Headers.Pragma.Select(p => p.Name));
    }

    [Fact]
    public async Task Sign_in_create_and_regenerate_are_not_stored()
    {
        var anonymous = factory.CreateClient();
        var signIn = await anonymous.PostAsJsonAsync("/dev/sign-in", new { accountId = TempoClient.NewAccountId() });
        AssertNotStored(signIn, "sign-in");
        var jwt = (await signIn.ReadJsonAsync(HttpStatusCode.OK))["accessToken"]!.GetValue<string>();
        var user = factory.CreateClient();
        user.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", jwt);

        var created = await user.PostAsJsonAsync("/api-integration/tokens", new { name = "n", access = new { type = "FULL" } });
        AssertNotStored(created, "create");
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var regenerated = await user.PostAsync($"/api-integration/tokens/{id}/regenerate", null);

        AssertNotStored(regenerated, "regenerate");
        Assert.Equal(HttpStatusCode.OK, regenerated.StatusCode);
        AssertNotStored(await user.GetAsync("/api-integration/tokens"), "list");
    }
}
