namespace Tempo.Browser.Tests;

/// <summary>Moves its own server's clock past a token's expiry (and past the sign-in's lifetime).</summary>
[Collection(BrowserCollection.Name)]
public sealed class ExpiredTokenTests(Chromium chromium, ExpiryServer server) : IClassFixture<ExpiryServer>
{
    [Fact]
    public async Task An_expired_token_is_marked_and_offers_no_regenerate()
    {
        await using var ui = await TokenPage.OpenAsync(chromium, server);
        var account = Accounts.New();
        await ui.SignInAsync(account);
        var shortLived = await ui.CreateAndCloseAsync("Short lived");
        var longLived = await ui.CreateAndCloseAsync("Long lived", expiry: "365 days");

        server.Time.Advance(TimeSpan.FromDays(31));
        await ui.ReloadAsync();

        // The development sign-in lasts hours, so the page asks to sign in again.
        await Expect(ui.Page.Locator("#sign-in-notice")).ToHaveTextAsync("Your session has expired. Sign in again to continue.");
        await ui.SignInAsync(account);

        await Expect(ui.Cell("Short lived", "Status")).ToHaveTextAsync("Expired");
        await Expect(ui.Row("Short lived")).ToHaveClassAsync("expired");
        await Expect(ui.Cell("Long lived", "Status")).ToHaveTextAsync("Active");
        await Artifacts.ScreenshotAsync(ui.Page, "overview-expired-desktop");

        var expiredMenu = await ui.OpenMenuAsync("Short lived");
        await Expect(expiredMenu.GetByRole(AriaRole.Button)).ToHaveTextAsync(["Activity and usage", "Edit", "Delete"]);
        await ui.Page.Keyboard.PressAsync("Escape");
        var activeMenu = await ui.OpenMenuAsync("Long lived");
        await Expect(activeMenu.GetByRole(AriaRole.Button)).ToHaveTextAsync(["Activity and usage", "Regenerate", "Edit", "Delete"]);
        await ui.Page.Keyboard.PressAsync("Escape");

        var expired = await server.ViewAccountsAsync(shortLived);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.Status);
        Assert.Equal("The token has expired.", expired.Message);
        Assert.Equal(HttpStatusCode.OK, (await server.ViewAccountsAsync(longLived)).Status);

        await ui.ChooseFromMenuAsync("Short lived", "Delete");
        await ui.Confirm.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(ui.Row("Short lived")).ToHaveCountAsync(0);
    }
}
