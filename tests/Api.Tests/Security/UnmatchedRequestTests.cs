using System.Net.Http.Headers;
using Tempo.Api.Tests.Infrastructure;

namespace Tempo.Api.Tests.Security;

/// <summary>
/// Finding 2: on <c>/4</c>, no token means 401 before anything about routes is revealed; a valid token gets the
/// honest 404, 405 with Allow, or 415, all in Tempo's body; the "declares no scope" alarm is for real routes only.
/// </summary>
public sealed class UnmatchedRequestTests(GateTestFactory factory) : IClassFixture<GateTestFactory>
{
    public static TheoryData<string, string, string?> Unmatched => new()
    {
        { "FOO", "/4/accounts", null },
        { "OPTIONS", "/4/accounts", null },
        { "TRACE", "/4/accounts", null },
        { "PATCH", "/4/accounts", null },
        { "POST", "/4/accounts", "text/plain" },
        { "GET", "/4/no-such-namespace", null },
        { "DELETE", "/4/accounts/x/y/z", null },
    };

    private static HttpRequestMessage Request(string method, string path, string? contentType)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (contentType is not null)
        {
            request.Content = new StringContent("{}");
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        return request;
    }

    [Theory]
    [MemberData(nameof(Unmatched))]
    public async Task Without_a_valid_token_every_unmatched_request_is_401_and_logs_no_error(string method, string path, string? contentType)
    {
        var errorsBefore = factory.Logs.Lines.Count(l => l.StartsWith("Error", StringComparison.Ordinal));

        var anonymous = await factory.CreateClient().SendAsync(Request(method, path, contentType));
        var invented = await factory.WithApiToken("tempo_not-a-token").SendAsync(Request(method, path, contentType));

        await SecurityAsserts.AssertTempoErrorAsync(anonymous, HttpStatusCode.Unauthorized);
        await SecurityAsserts.AssertTempoErrorAsync(invented, HttpStatusCode.Unauthorized);
        Assert.Equal(errorsBefore, factory.Logs.Lines.Count(l => l.StartsWith("Error", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task With_a_valid_token_an_unmapped_verb_is_405_with_allow()
    {
        var api = await factory.ApiClientAsync("teams", "VIEW");

        foreach (var method in new[] { "FOO", "OPTIONS", "TRACE", "PATCH" })
        {
            var response = await api.SendAsync(Request(method, "/4/accounts", null));

            var message = await SecurityAsserts.AssertTempoErrorAsync(response, HttpStatusCode.MethodNotAllowed);
            Assert.Equal(["GET", "POST"], response.Content.Headers.Allow.Order(StringComparer.Ordinal));
            Assert.Equal($"This path does not accept {method}; it accepts GET, POST.", message);
        }
    }

    [Fact]
    public async Task With_a_valid_token_a_wrong_media_type_is_415_and_an_unknown_path_is_404()
    {
        var api = await factory.FullAccessClientAsync();

        var plain = await api.SendAsync(Request("POST", "/4/accounts", "text/plain"));
        var unknown = await api.GetAsync("/4/no-such-namespace");

        Assert.Equal("The request body must be application/json.", await SecurityAsserts.AssertTempoErrorAsync(plain, HttpStatusCode.UnsupportedMediaType));
        Assert.Equal("No Tempo API operation has this path.", await SecurityAsserts.AssertTempoErrorAsync(unknown, HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Fifty_unmatched_requests_write_no_error_line_but_a_real_undeclared_route_still_raises_the_alarm()
    {
        var errorsBefore = factory.Logs.Lines.Count(l => l.StartsWith("Error", StringComparison.Ordinal));
        var anonymous = factory.CreateClient();
        for (var i = 0; i < 50; i++)
        {
            await anonymous.SendAsync(Request("FOO", "/4/accounts", null));
        }

        Assert.Equal(errorsBefore, factory.Logs.Lines.Count(l => l.StartsWith("Error", StringComparison.Ordinal)));

        var undeclared = await anonymous.GetAsync("/4/_undeclared");
        Assert.Equal(HttpStatusCode.Forbidden, undeclared.StatusCode);
        Assert.Contains(factory.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("/4/_undeclared declares no token scope"));
    }
}
