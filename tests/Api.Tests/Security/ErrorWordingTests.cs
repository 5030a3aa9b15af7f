using System.Text;
using Tempo.Api.Tests.Infrastructure;

namespace Tempo.Api.Tests.Security;

/// <summary>
/// Finding 6: every error the pipeline can shape leaves in Tempo's body with a message a person understands.
/// (Kestrel's own refusals of malformed HTTP, a 431 for oversized headers or a 400 for a NUL in the path, are
/// written by the server before any middleware runs, with an empty body; see README "Security".)
/// </summary>
public sealed class ErrorWordingTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    [Theory]
    [InlineData("/4/accounts?limit=99999999999", "'limit' has an invalid value: a whole number from -2147483648 to 2147483647 is expected.")]
    [InlineData("/4/accounts?offset=abc", "'offset' has an invalid value: a whole number from -2147483648 to 2147483647 is expected.")]
    public async Task Query_values_the_binder_cannot_read_name_the_parameter(string path, string expected)
    {
        var api = await factory.FullAccessClientAsync();

        Assert.Equal(expected, await SecurityAsserts.AssertTempoErrorAsync(await api.GetAsync(path), HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task A_missing_body_says_a_body_is_required()
    {
        var api = await factory.FullAccessClientAsync();
        var user = await factory.SignedInAsync(TempoClient.NewAccountId());
        var id = (await user.CreateFullTokenAsync()).Id();

        var rename = await user.PatchAsync($"/api-integration/tokens/{id}", new StringContent(string.Empty, Encoding.UTF8, "application/json"));
        var team = await api.PostAsync("/4/teams", new StringContent(string.Empty, Encoding.UTF8, "application/json"));
        var noContentType = await api.PostAsync("/4/teams", null);

        Assert.Equal("A JSON request body is required.", await SecurityAsserts.AssertTempoErrorAsync(rename, HttpStatusCode.BadRequest));
        await SecurityAsserts.AssertTempoErrorAsync(team, HttpStatusCode.BadRequest);
        await SecurityAsserts.AssertTempoErrorAsync(noContentType, noContentType.StatusCode);
        Assert.True((int)noContentType.StatusCode is 400 or 415, $"got {(int)noContentType.StatusCode}");
    }

    [Fact]
    public async Task Malformed_json_and_wrong_types_answer_in_words()
    {
        var api = await factory.FullAccessClientAsync();

        var broken = await api.PostAsync("/4/teams", new StringContent("{\"name\":", Encoding.UTF8, "application/json"));
        var array = await api.PostAsync("/4/teams", new StringContent("[1,2]", Encoding.UTF8, "application/json"));

        Assert.Equal("The request body is not valid JSON (at 'name').", await SecurityAsserts.AssertTempoErrorAsync(broken, HttpStatusCode.BadRequest));
        await SecurityAsserts.AssertTempoErrorAsync(array, HttpStatusCode.BadRequest);
    }
}
