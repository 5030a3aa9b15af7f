using System.Diagnostics;
using System.Reflection;

namespace Tempo.Api.Tests.Infrastructure;

/// <summary>The built API (<c>Tempo.Api.dll</c> of this build configuration) run as its own process, as an operator would.</summary>
public static class ApiProcess
{
    /// <summary>
    /// Starts the API with <paramref name="environment"/> and waits for it to exit. One still running after 60 s is
    /// killed and reported with exit code -1, so a start that should have been refused fails the test instead of
    /// hanging it.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(Dictionary<string, string> environment)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Tempo.Orleans.sln")))
        {
            root = root.Parent!;
        }

        var configuration = typeof(ApiProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var dll = Path.Combine(root.FullName, "Api", "bin", configuration, "net10.0", "Tempo.Api.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return (-1, "still running after 60 s: " + await output + await error);
        }

        return (process.ExitCode, await output + await error);
    }
}
