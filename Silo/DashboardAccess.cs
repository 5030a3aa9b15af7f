using System.Security.Cryptography;
using System.Text;
using Orleans.Dashboard;
using Tempo.Grains.Hosting;

namespace Tempo.Silo;

/// <summary>
/// The Orleans dashboard: off unless <c>Dashboard:Enabled</c>, and then only behind HTTP Basic credentials from
/// <c>Dashboard:Username</c> and <c>Dashboard:Password</c> (the silo refuses to start without them).
/// </summary>
public static class DashboardAccess
{
    public const string Path = "/dashboard";

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue("Dashboard:Enabled", false);

    public static void AddIfEnabled(ISiloBuilder silo, IConfiguration configuration)
    {
        if (!IsEnabled(configuration))
        {
            return;
        }

        if (string.IsNullOrEmpty(configuration["Dashboard:Username"]) || (configuration["Dashboard:Password"]?.Length ?? 0) < 12)
        {
            throw new StartupConfigurationException("Dashboard:Enabled is true: set Dashboard:Username and a Dashboard:Password of at least 12 characters.");
        }

        silo.AddDashboard();
    }

    public static void MapIfEnabled(WebApplication app)
    {
        if (!IsEnabled(app.Configuration))
        {
            return;
        }

        var expected = Encoding.UTF8.GetBytes($"{app.Configuration["Dashboard:Username"]}:{app.Configuration["Dashboard:Password"]}");
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Path), branch => branch.Use(async (context, next) =>
        {
            if (HasCredentials(context.Request, expected))
            {
                await next(context);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"Orleans dashboard\", charset=\"UTF-8\"";
        }));
        app.MapOrleansDashboard(Path);
    }

    private static bool HasCredentials(HttpRequest request, byte[] expected)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            return CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(header["Basic ".Length..].Trim()), expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
