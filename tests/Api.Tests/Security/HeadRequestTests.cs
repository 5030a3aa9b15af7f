using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tempo.Api.Tests.Infrastructure;

namespace Tempo.Api.Tests.Security;

/// <summary>Finding 1: HEAD answers as GET does, without a body, on every GET route, with VIEW.</summary>
public sealed class HeadRequestTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    [Fact]
    public async Task Head_answers_every_parameterless_get_route_like_get_without_a_body()
    {
        var api = await factory.FullAccessClientAsync();
        var routes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/4/", StringComparison.Ordinal) && e.RoutePattern.Parameters.Count == 0)
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Select(e => e.RoutePattern.RawText!)
            .Distinct()
            .ToList();
        Assert.NotEmpty(routes);

        foreach (var route in routes)
        {
            var get = await api.GetAsync(route);
            var head = await api.SendAsync(new HttpRequestMessage(HttpMethod.Head, route));

            Assert.True(get.StatusCode == head.StatusCode, $"HEAD {route}: {(int)head.StatusCode}, GET: {(int)get.StatusCode}");
            Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task Head_needs_only_view()
    {
        var viewer = await factory.ApiClientAsync("accounts", "VIEW");

        var head = await viewer.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/4/accounts"));
        var headOtherScope = await viewer.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/4/teams"));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, headOtherScope.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().SendAsync(new HttpRequestMessage(HttpMethod.Head, "/4/accounts"))).StatusCode);
    }

    [Fact]
    public async Task Head_on_a_path_without_get_is_405_naming_head()
    {
        var api = await factory.FullAccessClientAsync();

        var response = await api.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/4/account-links"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
    }
}
