namespace Tempo.Api.Hosting;

/// <summary>
/// Which environment the API starts in. The operator's choice always wins: <c>ASPNETCORE_ENVIRONMENT</c>,
/// <c>DOTNET_ENVIRONMENT</c> or <c>--environment</c>. Only when none is given does <c>TEMPO_DEFAULT_ENVIRONMENT</c>
/// apply: the launch profile sets it to Development, so <c>dotnet run --project Api</c> is Development by default
/// while a built API run any other way with nothing set stays in Production, as ASP.NET Core defaults.
/// </summary>
public static class TempoEnvironment
{
    public const string DefaultVariable = "TEMPO_DEFAULT_ENVIRONMENT";

    public static WebApplicationOptions Options(string[] args) =>
        Options(args, Environment.GetEnvironmentVariable);

    public static WebApplicationOptions Options(string[] args, Func<string, string?> variable)
    {
        var chosen = !string.IsNullOrWhiteSpace(variable("ASPNETCORE_ENVIRONMENT"))
            || !string.IsNullOrWhiteSpace(variable("DOTNET_ENVIRONMENT"))
            || args.Any(a => a.TrimStart('-', '/').StartsWith("environment", StringComparison.OrdinalIgnoreCase));
        var fallback = variable(DefaultVariable);
        return new WebApplicationOptions
        {
            Args = args,
            EnvironmentName = chosen || string.IsNullOrWhiteSpace(fallback) ? null : fallback.Trim(),
        };
    }
}
