namespace Tempo.Browser.Tests.Infrastructure;

/// <summary>
/// Screenshots for people to look at, saved under <c>.tmp/artifacts/</c> at the repository's root, and an axe-core
/// check of the same state that fails on any accessibility violation.
/// </summary>
public static class Artifacts
{
    public static readonly string Folder = Path.Combine(RepositoryRoot(), ".tmp", "artifacts");

    /// <summary>axe-core from the npm registry, installed by test.sh (never committed, never from a CDN).</summary>
    public static readonly string AxeScript = Path.Combine(RepositoryRoot(), ".tmp", "axe", "node_modules", "axe-core", "axe.min.js");

    /// <summary>A screenshot of the page as it is, then axe-core on it: any violation fails the test, named.</summary>
    public static async Task CaptureAsync(IPage page, string name)
    {
        await ScreenshotAsync(page, name);
        await AssertAccessibleAsync(page, name);
    }

    public static async Task AssertAccessibleAsync(IPage page, string state)
    {
        if (!File.Exists(AxeScript))
        {
            throw new InvalidOperationException(
                $"axe-core is missing at {AxeScript}: run ./test.sh, or 'npm install --prefix .tmp/axe axe-core@4.14.1'.");
        }

        // Evaluated through the DevTools protocol, so the page's CSP (script-src 'self') does not apply to it.
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.EvaluateAsync(await File.ReadAllTextAsync(AxeScript));
        }

        var violations = await page.EvaluateAsync<string[]>("""
            async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
              .map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)
            """);
        Assert.True(violations.Length == 0, $"axe-core found violations in state '{state}':\n" + string.Join("\n", violations));
    }

    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, $"{name}.png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        return path;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tempo.Orleans.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Tempo.Orleans.sln above {AppContext.BaseDirectory}.");
    }
}
