using System.Text;
using Tempo.Api.Tests.Infrastructure;

namespace Tempo.Api.Tests.Security;

/// <summary>
/// Finding 5: one strict JSON policy. The management API: no coercion, no duplicate keys, names exactly as
/// documented, unknown fields refused by name, instants with an offset. <c>/4</c>: no duplicates, no coercion.
/// </summary>
public sealed class StrictJsonTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Theory]
    [InlineData("""{"name":"x","expiresInDays":"30","access":{"type":"FULL"}}""", "The request body is not valid: 'expiresInDays' has the wrong type or format.")]
    [InlineData("""{"name":"x","access":{"type":"CUSTOM","scopes":{"accounts":"VIEW","accounts":"MANAGE"}}}""", "'access.scopes.accounts' is given more than once in the request body.")]
    [InlineData("""{"name":"x","name":"y","access":{"type":"FULL"}}""", "'name' is given more than once in the request body.")]
    [InlineData("""{"NAME":"x","access":{"type":"FULL"}}""", "Unknown field 'NAME': this body has no such field.")]
    [InlineData("""{"name":"x","ACCESS":{"type":"FULL"}}""", "Unknown field 'ACCESS': this body has no such field.")]
    [InlineData("""{"name":"x","access":{"type":"FULL"},"ownerAccountId":"557058:someone-else"}""", "Unknown field 'ownerAccountId': this body has no such field.")]
    [InlineData("""{"name":"x","access":{"type":"FULL"},"secretHash":"AAAA"}""", "Unknown field 'secretHash': this body has no such field.")]
    [InlineData("""{"name":"x","access":{"type":"FULL","level":"ADMIN"}}""", "Unknown field 'access.level': this body has no such field.")]
    [InlineData("""{"name":"x","expiresAt":"2026-07-01T08:00:00","access":{"type":"FULL"}}""", "'expiresAt' must be an ISO-8601 instant with an offset, e.g. 2026-06-30T12:00:00Z.")]
    public async Task Token_create_refuses_what_the_documented_body_does_not_say(string json, string expected)
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId());

        var response = await user.PostAsync("/api-integration/tokens", Json(json));

        Assert.Equal(expected, await SecurityAsserts.AssertTempoErrorAsync(response, HttpStatusCode.BadRequest));
        Assert.Empty((await user.GetJsonAsync("/api-integration/tokens"))["results"]!.AsArray());
    }

    [Theory]
    [InlineData("2026-07-01T08:00:00Z")]
    [InlineData("2026-07-01T10:00:00+02:00")]
    public async Task Token_create_takes_instants_with_an_offset(string expiresAt)
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId());

        var created = await user.PostAsync("/api-integration/tokens", Json($$$"""{"name":"x","expiresAt":"{{{expiresAt}}}","access":{"type":"FULL"}}"""));

        var token = await created.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("2026-07-01T08:00:00.000Z", token["expiresAt"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rename_refuses_a_duplicate_name_key()
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId());
        var id = (await user.CreateFullTokenAsync()).Id();

        var response = await user.PatchAsync($"/api-integration/tokens/{id}", Json("""{"name":"a","name":"b"}"""));

        await SecurityAsserts.AssertTempoErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("full", (await user.GetJsonAsync($"/api-integration/tokens/{id}"))["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"name":"a","name":"b"}""", "'name' is given more than once in the request body.")]
    [InlineData("""{"name":"a","programId":"7"}""", "The request body is not valid: 'programId' has the wrong type or format.")]
    [InlineData("""{"name":"a","public":"true"}""", "The request body is not valid: 'public' has the wrong type or format.")]
    public async Task Tempo_bodies_refuse_duplicates_and_coercion(string json, string expected)
    {
        var api = await factory.FullAccessClientAsync();
        var before = (await api.GetJsonAsync("/4/teams?limit=1000"))["metadata"]!["count"]!.GetValue<int>();

        var response = await api.PostAsync("/4/teams", Json(json));

        Assert.Equal(expected, await SecurityAsserts.AssertTempoErrorAsync(response, HttpStatusCode.BadRequest));
        Assert.Equal(before, (await api.GetJsonAsync("/4/teams?limit=1000"))["metadata"]!["count"]!.GetValue<int>());
    }
}
