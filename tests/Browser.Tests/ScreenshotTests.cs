namespace Tempo.Browser.Tests;

/// <summary>
/// Screenshots of the overview, the New token form and the show-once dialog at desktop and phone widths, saved
/// under .tmp/artifacts/ for people to look at; and no sideways scrolling at either width.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreenshotTests(Chromium chromium, TempoServer server)
{
    public static TheoryData<string> Widths => ["desktop", "phone"];

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task Overview_form_and_show_once_dialog(string width)
    {
        await using var ui = await TokenPage.OpenAsync(chromium, server, width == "phone" ? Chromium.Phone : Chromium.Desktop);
        await Expect(ui.AccountIdInput).ToBeVisibleAsync();
        await Artifacts.ScreenshotAsync(ui.Page, $"sign-in-{width}");
        await ui.SignInAsync("557058:alice-" + Guid.NewGuid().ToString("N")[..6]);
        await ui.CreateAndCloseAsync("Jira sync", new Dictionary<string, string> { ["Worklogs"] = "Manage", ["Accounts"] = "View" });
        await ui.CreateAndCloseAsync("Reporting dashboard", expiry: "90 days");
        await AssertNoSidewaysScrollAsync(ui.Page);
        await Artifacts.ScreenshotAsync(ui.Page, $"overview-{width}");

        await ui.OpenMenuAsync("Jira sync");
        await Artifacts.ScreenshotAsync(ui.Page, $"row-menu-{width}");
        await ui.Page.Keyboard.PressAsync("Escape");

        await ui.OpenFormAsync();
        await ui.NameInput.FillAsync("Backup export");
        await ui.ChooseAsync("Custom date");
        await ui.ChooseAsync("Custom access");
        await ui.SetScopeAsync("Worklogs", "View");
        await AssertNoSidewaysScrollAsync(ui.Page);
        await Artifacts.ScreenshotAsync(ui.Page, $"form-{width}");

        await ui.SubmitFormAsync();
        var secret = await ui.ReadSecretAsync("Token created");
        await Artifacts.ScreenshotAsync(ui.Page, $"show-once-{width}");
        await ui.CloseSecretAsync(secret);
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"the page scrolls sideways by {overflow}px");
    }
}
