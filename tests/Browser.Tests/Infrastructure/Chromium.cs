namespace Tempo.Browser.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium, driven by Playwright for .NET (its node driver ships inside the NuGet package). Playwright
/// never downloads a browser here: it launches the system one by path. Missing Chromium fails every browser test
/// with what to install.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private static readonly string[] Args =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"The browser tests need Chromium at {ExecutablePath}: install Debian's package with 'apt-get install -y chromium' " +
                "(./test.sh installs it when run as root).");
        }

        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Args,
            Timeout = 60_000,
        });
    }

    /// <summary>A fresh browser profile (its own sessionStorage and clipboard permission) on the server's origin.</summary>
    public async Task<IBrowserContext> NewContextAsync(TempoServer server, ViewportSize? viewport = null)
    {
        var context = await (_browser ?? throw new InvalidOperationException("Chromium did not start.")).NewContextAsync(new()
        {
            BaseURL = server.BaseAddress.ToString(),
            ViewportSize = viewport ?? Desktop,
            Locale = "en-US",
            TimezoneId = "UTC",
            Permissions = ["clipboard-read", "clipboard-write"],
        });
        context.SetDefaultTimeout(30_000);
        return context;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
