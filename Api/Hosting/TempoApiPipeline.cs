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
using Tempo.Api.OAuth;
using Tempo.Api.Plans;
using Tempo.Api.Projects;
using Tempo.Api.Schemes;
using Tempo.Api.Security;
using Tempo.Api.SecretScanning;
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
            app.UseForwardedHeaders(ForwardedHeadersFrom(app.Configuration));
        }

        app.UseRouting();
        app.UseMiddleware<RequestBodyLimits>();
        UseAuthenticationOutsideTempoApi(app);
        app.UseAuthorization();
        app.UseTokenGate();
        app.UseTokenPolicies();
        StartupChecks.Verify(app.Configuration, app.Environment);
        return app;
    }

    /// <summary>
    /// Authentication (the management sign-in's JWT bearer, OpenIddict's server endpoints) for every request except
    /// <c>/4</c>: a <c>/4</c> request's bearer is an API token or an OAuth access token, which the token gate checks,
    /// and no <c>/4</c> endpoint reads the signed-in user. Run on <c>/4</c>, authentication cost a third of the gated
    /// GET's CPU and a tenth of a worklog create's (`perf`, bench/README.md "Session 6"): OpenIddict matched the
    /// path against its endpoints, the JWT handler parsed the API token as a JWT and built a
    /// SecurityTokenMalformedException, and both handlers were resolved from the request's services.
    /// </summary>
    private static void UseAuthenticationOutsideTempoApi(WebApplication app)
    {
        app.UseWhen(context => !TokenGateMiddleware.IsTempoApi(context.Request.Path), branch => branch.UseAuthentication());

        // UseAuthentication marks the builder it is called on; a branch's mark does not reach the application, which
        // would then add its own UseAuthentication in front of everything (for /4 too). The key is ASP.NET Core's.
        ((IApplicationBuilder)app).Properties[AuthenticationMiddlewareSetKey] = true;
    }

    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";

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
        app.MapTokenAuditEndpoints();
        app.MapNotificationSettingsEndpoints();
        app.MapSecretScanningEndpoints();
        app.MapApiIntegrationPage();
        app.MapOAuthEndpoints();
        app.MapOAuthApplicationsEndpoints();
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

    /// <summary>
    /// Behind a proxy that sets X-Forwarded-Proto and -Host, self links use the address clients called. The client
    /// address (X-Forwarded-For: IP allowlists, usage, audit) is taken only from the proxies listed in
    /// <c>ForwardedHeaders:KnownProxies</c> (addresses) and <c>ForwardedHeaders:KnownNetworks</c> (CIDRs); with none
    /// listed, X-Forwarded-For is ignored and the connection's address is the client's.
    /// </summary>
    public static ForwardedHeadersOptions ForwardedHeadersFrom(IConfiguration configuration)
    {
        var proxies = configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [];
        var networks = configuration.GetSection("ForwardedHeaders:KnownNetworks").Get<string[]>() ?? [];
        var forwarded = new ForwardedHeadersOptions
        {
            ForwardedHeaders = proxies.Length + networks.Length > 0
                ? Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.All
                : Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedHost,
        };
        forwarded.KnownIPNetworks.Clear();
        forwarded.KnownProxies.Clear();
        foreach (var proxy in proxies)
        {
            forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
        }

        foreach (var network in networks)
        {
            forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }

        return forwarded;
    }
}
