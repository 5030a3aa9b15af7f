using Scalar.AspNetCore;
using Tempo.Api.Accounts;
using Tempo.Api.Approvals;
using Tempo.Api.Periods;
using Tempo.Api.Settings;
using Tempo.Api.Teams;
using Tempo.Api.Auth;
using Tempo.Api.Errors;
using Tempo.Api.Gate;
using Tempo.Api.Management;
using Tempo.Api.Plans;
using Tempo.Api.Projects;
using Tempo.Api.Schemes;
using Tempo.Api.Security;
using Tempo.Api.Worklogs;

namespace Tempo.Api.Hosting;

public static class TempoApiPipeline
{
    /// <summary>Whether <c>/openapi/v1.json</c> and <c>/scalar</c> are served (on by default: the API's shape is public anyway).</summary>
    public const string OpenApiEnabledKey = "OpenApi:Enabled";

    /// <summary>Error shaping, routing, sign-in for the management API, and the token gate for <c>/4</c>.</summary>
    public static WebApplication UseTempoApi(this WebApplication app)
    {
        app.UseMiddleware<HeadAsGet>();
        app.UseTempoErrorHandling();
        app.UseHostFiltering();
        app.UseMiddleware<SecretResponses>();
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
        app.UseMiddleware<RequestBodyLimits>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseTokenGate();
        StartupChecks.Verify(app.Configuration, app.Environment);
        return app;
    }

    /// <summary>The endpoints every API process serves. Namespaces add their <c>Map...Endpoints</c> here.</summary>
    public static WebApplication MapTempoEndpoints(this WebApplication app)
    {
        if (app.Configuration.GetValue(OpenApiEnabledKey, true))
        {
            app.MapOpenApi();
            app.MapScalarApiReference("/scalar");
        }

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
        app.MapPlansEndpoints();
        app.MapGenericResourcesEndpoints();
        app.MapGenericResourceTeamMembersEndpoints();
        app.MapPeriodsEndpoints();
        app.MapPeriodSettingsEndpoints();
        app.MapApprovalsEndpoints();
        foreach (var module in app.Services.GetServices<IEndpointModule>())
        {
            module.Map(app);
        }

        return app;
    }
}
