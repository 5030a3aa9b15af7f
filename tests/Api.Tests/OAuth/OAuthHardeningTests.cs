using Tempo.Api.Tests.Infrastructure;

namespace Tempo.Api.Tests.OAuth;

/// <summary>The OAuth endpoints with bad input: a 4xx, never a 5xx (the contract fuzz suite does not reach them).</summary>
public sealed class OAuthHardeningTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    public static TheoryData<string> BadJson => new()
    {
        "", "null", "[]", "42", "{", "{\"name\":1}", "{\"name\":\"x\",\"name\":\"y\"}", "{\"unknown\":true}",
        "{\"name\":\"x\",\"redirectUris\":\"https://a.example\",\"clientType\":\"PUBLIC\",\"scopes\":[\"worklogs:view\"]}",
        "{\"name\":\"x\",\"redirectUris\":[null],\"clientType\":\"PUBLIC\",\"scopes\":[null]}",
        "{\"query\":5,\"approve\":\"yes\"}", "{\"query\":\"client_id=..&redirect_uri=\",\"approve\":true}",
        "{\"query\":\"client_id=a.b&client_id=c.d\",\"approve\":true}",
    };

    [Theory]
    [MemberData(nameof(BadJson))]
    public async Task Bad_json_is_a_4xx_everywhere(string body)
    {
        var tenant = TempoClient.NewTenant();
        var admin = await factory.SignedInAsync(TempoClient.NewAccountId(), tenant, admin: true);
        var app = await factory.CreateAppAsync(tenant);
        foreach (var (method, path) in new[]
        {
            ("POST", "/settings/oauth-applications"),
            ("PATCH", $"/settings/oauth-applications/{app.Id}"),
            ("PATCH", "/settings/oauth-applications/..%2Fx"),
            ("POST", "/oauth/consent"),
        })
        {
            var response = await admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
            {
                Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
            });
            // A PATCH naming no known field changes nothing (unknown members are ignored, as everywhere): 200.
            var expected = method == "POST" ? (int)response.StatusCode is >= 400 and < 500 : (int)response.StatusCode < 500;
            Assert.True(expected, $"{method} {path} {body}: {(int)response.StatusCode}");
        }
    }

    [Theory]
    [InlineData("/oauth/token/", "grant_type=authorization_code&code=nonsense&client_id=acme.AAAAAAAAAAAAAAAA&redirect_uri=https://a.example")]
    [InlineData("/oauth/token/", "grant_type=refresh_token&refresh_token=%00%01&client_id=x")]
    [InlineData("/oauth/token", "grant_type=password&username=a&password=b")]
    [InlineData("/oauth/revoke_token/", "token=tempo_AAAAAAAAAAAA_x&client_id=acme.AAAAAAAAAAAAAAAA")]
    [InlineData("/oauth/revoke_token/", "")]
    [InlineData("/oauth/authorize", "client_id=..&response_type=code")]
    [InlineData("/oauth/authorize", "client_id=acme.AAAAAAAAAAAAAAAA&response_type=code&redirect_uri=https://a.example&consent_ticket=%00")]
    public async Task Protocol_endpoints_answer_bad_requests_without_a_5xx(string path, string form)
    {
        var response = await factory.Browser().PostAsync(path, new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.True((int)response.StatusCode < 500, $"{path} {form}: {(int)response.StatusCode}\n{string.Join("\n", factory.Logs.Lines.Where(l => l.Contains("xception")).Take(2))}");
        var get = await factory.Browser().GetAsync(path + "?" + form);
        Assert.True((int)get.StatusCode < 500, $"GET {path}?{form}: {(int)get.StatusCode}\n{string.Join("\n", factory.Logs.Lines.Where(l => l.Contains("xception")).Take(2))}");
    }

    [Fact]
    public async Task A_forged_consent_ticket_for_a_real_request_is_only_the_consent_page()
    {
        var tenant = TempoClient.NewTenant();
        var app = await factory.CreateAppAsync(tenant);
        var response = await factory.Browser().GetAsync("/oauth/authorize" + OAuthFlow.Query(app) + "&consent_ticket=" + new string('A', 32));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }
}
