using System.Text.RegularExpressions;
using Tempo.Api.Tests.Infrastructure;

namespace Tempo.Api.Tests;

/// <summary>
/// For each implemented scope, every operation the contract lists for it: a VIEW token may GET and is refused every
/// other verb with 403; a token without the scope, or with only another scope, is refused everything with 403.
/// </summary>
public sealed partial class ScopeGateTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    /// <summary>Stands for every namespace of a scope in the main contract; namespaces of the adjacent one are named.</summary>
    private const string AllNamespaces = "*";

    /// <summary>
    /// The implemented scopes, each with its implemented namespaces (comma separated, or <see cref="AllNamespaces"/>);
    /// each namespace issue adds its scope, or its namespaces, here.
    /// </summary>
    public static TheoryData<string, string> ImplementedScopes => new()
    {
        { "accounts", AllNamespaces },
        { "teams", AllNamespaces + ",Generic Resource Team Members" },
        { "plans", AllNamespaces + ",Generic Resources" },
        { "worklogs", AllNamespaces },
        { "projects", AllNamespaces + ",Project Attributes" },
        { "schemes", AllNamespaces },
        { "periods", AllNamespaces },
        { "approvals", AllNamespaces },
    };

    private static List<Contract.Operation> OperationsOf(string scope, string namespaces)
    {
        var names = namespaces.Split(',');
        var operations = Contract.AllOperations
            .Where(o => o.Scope == scope && (names.Contains(o.Namespace) || (!o.IsAdjacent && names.Contains(AllNamespaces))))
            .ToList();
        Assert.True(operations.Count > 0, $"the contract has no operation of scope '{scope}' in namespaces '{namespaces}'");
        return operations;
    }

    private static string Concrete(Contract.Operation operation) =>
        PathParameter().Replace(operation.Path, match =>
        {
            var name = match.Groups[1].Value;
            var parameter = operation.Raw["parameters"]!.AsArray().First(p => p!["name"]!.GetValue<string>() == name)!;
            return parameter["schema"]?["type"]?.GetValue<string>() == "integer" ? "1" : "KEY1";
        });

    private static HttpRequestMessage Request(Contract.Operation operation) => new(new HttpMethod(operation.Method), Concrete(operation))
    {
        Content = operation.Method is "GET" or "DELETE" ? null : JsonContent.Create(new { }),
    };

    [Theory]
    [MemberData(nameof(ImplementedScopes))]
    public async Task View_may_read_and_nothing_else(string scope, string namespaces)
    {
        var api = await factory.ApiClientAsync(scope, "VIEW");
        foreach (var operation in OperationsOf(scope, namespaces))
        {
            var response = await api.SendAsync(Request(operation));
            if (operation.Method == "GET")
            {
                Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{operation.OperationId}: VIEW must be let through, got {(int)response.StatusCode}");
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{operation.OperationId}: VIEW must be refused, got {(int)response.StatusCode}");
                Assert.Equal($"Bearer error=\"insufficient_scope\", scope=\"{scope}:manage\"", response.Headers.WwwAuthenticate.ToString());
            }
        }
    }

    [Theory]
    [MemberData(nameof(ImplementedScopes))]
    public async Task Manage_is_let_through_everywhere(string scope, string namespaces)
    {
        // A view-only scope (periods) is let through with its highest level.
        Assert.True(Grains.Interfaces.Scopes.ScopeCatalogue.Seed.TryGet(scope, out var definition), $"'{scope}' is not in the catalogue");
        var api = await factory.ApiClientAsync(scope, definition.HighestLevel.ToString().ToUpperInvariant());
        foreach (var operation in OperationsOf(scope, namespaces))
        {
            var response = await api.SendAsync(Request(operation));
            Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.MethodNotAllowed or HttpStatusCode.InternalServerError),
                $"{operation.OperationId}: MANAGE must be let through, got {(int)response.StatusCode}");
        }
    }

    [Theory]
    [MemberData(nameof(ImplementedScopes))]
    public async Task Another_scope_is_refused_everywhere(string scope, string namespaces)
    {
        var other = scope == "worklogs" ? "teams" : "worklogs";
        var api = await factory.ApiClientAsync(other, "MANAGE");
        foreach (var operation in OperationsOf(scope, namespaces))
        {
            var response = await api.SendAsync(Request(operation));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{operation.OperationId}: a {other} token must be refused, got {(int)response.StatusCode}");
        }
    }

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex PathParameter();
}
