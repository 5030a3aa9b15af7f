using System.Text.RegularExpressions;
using Tempo.Api.Tests.Infrastructure;
using Tempo.Grains.Interfaces.Scopes;

namespace Tempo.Api.Tests.OAuth;

/// <summary>
/// An OAuth access token on every operation of every implemented scope (ScopeGateTests' scopes): granted
/// <c>scope:view</c> it may GET and is refused every other verb with the same 403 as an API token; a token granted
/// only another scope is refused everything.
/// </summary>
public sealed partial class OAuthScopeGateTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    private static readonly string[] AllScopes = [.. ScopeCatalogue.Seed.Scopes.SelectMany(s => s.Levels.Select(l => $"{s.Key}:{(l == AccessLevel.Manage ? "manage" : "view")}"))];

    private async Task<HttpClient> OAuthClientAsync(string tenant, HttpClient user, TestApp app, string scope) =>
        factory.Bearer((await factory.GrantAsync(app, user, scope)).AccessToken!);

    [Theory]
    [MemberData(nameof(ScopeGateTests.ImplementedScopes), MemberType = typeof(ScopeGateTests))]
    public async Task View_granted_by_consent_reads_and_nothing_else(string scope, string namespaces)
    {
        var tenant = TempoClient.NewTenant();
        var app = await factory.CreateAppAsync(tenant, scopes: AllScopes);
        var user = await factory.SignedInAsync(TempoClient.NewAccountId(), tenant);
        var api = await OAuthClientAsync(tenant, user, app, $"{scope}:view");
        var other = await OAuthClientAsync(tenant, user, app, scope == "worklogs" ? "teams:manage" : "worklogs:manage");
        foreach (var operation in OperationsOf(scope, namespaces))
        {
            var response = await api.SendAsync(Request(operation));
            if (operation.Method == "GET")
            {
                Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{operation.OperationId}: view must be let through, got {(int)response.StatusCode}");
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{operation.OperationId}: view must be refused, got {(int)response.StatusCode}");
                Assert.Equal($"Bearer error=\"insufficient_scope\", scope=\"{scope}:manage\"", response.Headers.WwwAuthenticate.ToString());
            }

            var refused = await other.SendAsync(Request(operation));
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{operation.OperationId}: another scope must be refused, got {(int)refused.StatusCode}");
        }
    }

    [Theory]
    [MemberData(nameof(ScopeGateTests.ImplementedScopes), MemberType = typeof(ScopeGateTests))]
    public async Task The_highest_level_granted_by_consent_is_let_through_everywhere(string scope, string namespaces)
    {
        Assert.True(ScopeCatalogue.Seed.TryGet(scope, out var definition));
        var tenant = TempoClient.NewTenant();
        var app = await factory.CreateAppAsync(tenant, scopes: AllScopes);
        var user = await factory.SignedInAsync(TempoClient.NewAccountId(), tenant);
        var api = await OAuthClientAsync(tenant, user, app, $"{scope}:{(definition.HighestLevel == AccessLevel.Manage ? "manage" : "view")}");
        foreach (var operation in OperationsOf(scope, namespaces))
        {
            var response = await api.SendAsync(Request(operation));
            Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.InternalServerError),
                $"{operation.OperationId}: must be let through, got {(int)response.StatusCode}");
        }
    }

    private static List<Contract.Operation> OperationsOf(string scope, string namespaces)
    {
        var names = namespaces.Split(',');
        return [.. Contract.AllOperations.Where(o => o.Scope == scope && (names.Contains(o.Namespace) || (!o.IsAdjacent && names.Contains("*"))))];
    }

    private static HttpRequestMessage Request(Contract.Operation operation) => new(new HttpMethod(operation.Method), PathParameter().Replace(operation.Path, match =>
    {
        var parameter = operation.Raw["parameters"]!.AsArray().First(p => p!["name"]!.GetValue<string>() == match.Groups[1].Value)!;
        return parameter["schema"]?["type"]?.GetValue<string>() == "integer" ? "1" : "KEY1";
    }))
    {
        Content = operation.Method is "GET" or "DELETE" ? null : JsonContent.Create(new { }),
    };

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex PathParameter();
}
