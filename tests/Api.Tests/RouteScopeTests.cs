using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tempo.Api.Gate;
using Tempo.Api.Tests.Infrastructure;

namespace Tempo.Api.Tests;

/// <summary>
/// Every /4 route the app maps declares a scope, and the one the Tempo v4 contract gives for that method and path.
/// </summary>
public sealed class RouteScopeTests
{
    public static IReadOnlyList<string> Violations(IServiceProvider services)
    {
        var violations = new List<string>();
        var endpoints = services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        foreach (var endpoint in endpoints)
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.Trim('/');
            if (!pattern.StartsWith("/4/", StringComparison.Ordinal) && pattern != "/4")
            {
                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"];
            var declared = endpoint.Metadata.GetMetadata<TokenScopeMetadata>()?.Scope;
            foreach (var method in methods.Where(m => m != "HEAD"))
            {
                var operation = Contract.AllOperations.FirstOrDefault(o => o.Method == method && o.Shape == Contract.ShapeOf(pattern));
                if (declared is null)
                {
                    violations.Add($"{method} {pattern} declares no scope");
                }
                else if (operation is null)
                {
                    violations.Add($"{method} {pattern} is not an operation of the Tempo v4 contract");
                }
                else if (operation.Scope != declared)
                {
                    violations.Add($"{method} {pattern} declares scope '{declared}' but the contract says '{operation.Scope}'");
                }
            }
        }

        return violations;
    }

    [Fact]
    public void Every_4_route_of_the_service_declares_the_contracts_scope()
    {
        using var factory = new TempoApiFactory();
        _ = factory.Server;

        var violations = Violations(factory.Services);

        Assert.True(violations.Count == 0, "routes in breach:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void No_4_handler_can_reach_a_grain_without_the_requests_tenant()
    {
        using var factory = new TempoApiFactory();
        _ = factory.Server;

        var offenders = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("4/", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.OfType<System.Reflection.MethodInfo>().Take(1)
                .SelectMany(m => m.GetParameters())
                .Where(p => typeof(IGrainFactory).IsAssignableFrom(p.ParameterType) || p.ParameterType == typeof(IServiceProvider))
                .Select(p => $"{e.RoutePattern.RawText} takes {p.ParameterType.Name} {p.Name}"))
            .ToList();

        Assert.True(offenders.Count == 0, "handlers that could reach a grain of any tenant (take TenantGrains instead):\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void The_walk_catches_undeclared_and_off_contract_routes()
    {
        using var factory = new GateTestFactory();
        _ = factory.Server;

        var violations = Violations(factory.Services);

        Assert.Contains("GET /4/_undeclared declares no scope", violations);
        Assert.Contains("POST /4/_gate-test/accounts is not an operation of the Tempo v4 contract", violations);
    }

    [Fact]
    public void The_fixture_holds_the_operations_of_our_namespaces()
    {
        Assert.Equal(139, Contract.Operations.Count);
        Assert.Equal(25, Contract.Operations.Count(o => o.Scope == "accounts"));
        Assert.Equal(13, Contract.AdjacentOperations.Count);
        Assert.Equal(4, Contract.AdjacentOperations.Count(o => o.Namespace == "Project Attributes"));
        Assert.Empty(Contract.AdjacentOperations.Select(o => o.OperationId).Intersect(Contract.Operations.Select(o => o.OperationId)));
        Assert.All(
            Contract.Adjacent["schemas"]!.AsObject().Where(s => Contract.Root["schemas"]![s.Key] is not null),
            s => Assert.True(JsonNode.DeepEquals(s.Value, Contract.Root["schemas"]![s.Key]), $"schema '{s.Key}' differs between the two fixtures"));
        Assert.All(Contract.AllOperations, o => Assert.Equal(o.Method == "GET" ? "view" : "manage", o.Raw["requiredAccess"]!.GetValue<string>()));
    }
}
