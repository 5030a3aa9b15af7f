using Scalar.AspNetCore;
using Tempo.Api.Accounts;
using Tempo.Api.Teams;
using Tempo.Api.Auth;
using Tempo.Api.Errors;
using Tempo.Api.Gate;
using Tempo.Api.Management;
using Tempo.Api.Projects;
using Tempo.Api.Schemes;
using Tempo.Api.Worklogs;

namespace Tempo.Api.Hosting;

public static class TempoApiPipeline
{
    /// <summary>Error shaping, routing, sign-in for the management API, and the token gate for <c>/4</c>.</summary>
    public static WebApplication UseTempoApi(this WebApplication app)
    {
        app.UseTempoErrorHandling();
        app.UseMiddleware<RejectedRequestRetry>();
        if (app.Configuration.GetValue("ForwardedHeaders:Enabled", false))
        {
            // Behind a proxy that sets X-Forwarded-Proto and -Host, self links use the address clients called.
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.All };
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            app.UseForwardedHeaders(forwarded);
        }

        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseTokenGate();
        return app;
    }

    /// <summary>The endpoints every API process serves. Namespaces add their <c>Map...Endpoints</c> here.</summary>
    public static WebApplication MapTempoEndpoints(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference("/scalar");
        app.MapDevSignIn();
        app.MapApiIntegrationEndpoints();
        app.MapApiIntegrationPage();
        app.MapAccountsEndpoints();
        app.MapAccountCategoriesEndpoints();
        app.MapAccountLinksEndpoints();
        app.MapCustomersEndpoints();
        app.MapRolesEndpoints();
        app.MapTeamsEndpoints();
        app.MapTeamLinksEndpoints();
        app.MapTeamMembershipsEndpoints();
        app.MapProgramsEndpoints();
        app.MapWorklogsEndpoints();
        app.MapWorkAttributesEndpoints();
        app.MapProjectsEndpoints();
        app.MapProjectAttributesEndpoints();
        app.MapWorkloadSchemesEndpoints();
        app.MapHolidaySchemesEndpoints();
        app.MapUserScheduleEndpoints();
        foreach (var module in app.Services.GetServices<IEndpointModule>())
        {
            module.Map(app);
        }

        return app;
    }
}
