namespace Tempo.Browser.Tests.Infrastructure;

/// <summary>Screenshots for people to look at, saved under <c>.tmp/artifacts/</c> at the repository's root.</summary>
public static class Artifacts
{
    public static readonly string Folder = Path.Combine(RepositoryRoot(), ".tmp", "artifacts");

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
