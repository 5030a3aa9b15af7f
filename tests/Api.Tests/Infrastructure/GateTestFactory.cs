using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tempo.Api.Gate;
using Tempo.Api.Hosting;

namespace Tempo.Api.Tests.Infrastructure;

/// <summary>
/// The service plus test-only <c>/4</c> routes: <c>/4/_gate-test/{scope}</c> behind the gate for each listed
/// scope, answering every verb, and one route that declares no scope.
/// </summary>
public class GateTestFactory : TempoApiFactory
{
    public static readonly string[] Scopes = ["worklogs", "teams", "schemes", "plans", "periods", "approvals", "accounts", "projects", "reports"];

    protected override void ConfigureTestServices(IServiceCollection services) =>
        services.AddSingleton<IEndpointModule, GateTestEndpoints>();

    private sealed class GateTestEndpoints : IEndpointModule
    {
        public void Map(IEndpointRouteBuilder app)
        {
            string[] verbs = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];
            foreach (var scope in Scopes)
            {
                app.MapGroup($"/4/_gate-test/{scope}")
                    .RequireTokenScope(scope)
                    .MapMethods(string.Empty, verbs, (HttpContext context) =>
                        TypedResults.Ok(new { scope, token = context.Features.Get<AuthenticatedToken>()?.Id.Value }))
                    .WithName($"gateTest_{scope}");
            }

            app.MapGet("/4/_undeclared", () => TypedResults.Ok("should never answer")).WithName("undeclared");
        }
    }
}
