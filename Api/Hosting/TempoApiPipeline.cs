using Scalar.AspNetCore;
using Tempo.Api.Auth;
using Tempo.Api.Errors;
using Tempo.Api.Gate;
using Tempo.Api.Management;

namespace Tempo.Api.Hosting;

public static class TempoApiPipeline
{
    /// <summary>Error shaping, routing, sign-in for the management API, and the token gate for <c>/4</c>.</summary>
    public static WebApplication UseTempoApi(this WebApplication app)
    {
        app.UseTempoErrorHandling();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<TokenGateMiddleware>();
        return app;
    }

    /// <summary>The endpoints every API process serves. Namespaces add their <c>Map...Endpoints</c> here.</summary>
    public static WebApplication MapTempoEndpoints(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference("/scalar");
        app.MapDevSignIn();
        app.MapApiIntegrationEndpoints();
        foreach (var module in app.Services.GetServices<IEndpointModule>())
        {
            module.Map(app);
        }

        return app;
    }
}
