using Microsoft.Extensions.DependencyInjection;
using Tempo.Api.Gate;

namespace Tempo.Browser.Tests;

/// <summary>A token's recent activity and usage, shown in its "Activity and usage" dialog.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TokenActivityTests(Chromium chromium, TempoServer server)
{
    private ILocator Details(TokenPage ui) => ui.Page.GetByRole(AriaRole.Dialog, new() { Name = "Activity and usage" });

    [Fact]
    public async Task A_rename_appears_in_the_tokens_recent_activity_newest_first_with_who_did_it()
    {
        await using var ui = await TokenPage.OpenAsync(chromium, server);
        var account = Accounts.New();
        await ui.SignInAsync(account);
        await ui.CreateAndCloseAsync("Before");
        await ui.ChooseFromMenuAsync("Before", "Edit");
        await ui.EditDialog.GetByLabel("Name").FillAsync("After");
        await ui.EditDialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(ui.Row("After")).ToHaveCountAsync(1);

        await ui.ChooseFromMenuAsync("After", "Activity and usage");

        var details = Details(ui);
        await Expect(details).ToBeVisibleAsync();
        await Expect(details.GetByRole(AriaRole.Button, new() { Name = "Close" })).ToBeFocusedAsync();
        await Expect(details.Locator("#details-name")).ToHaveTextAsync("After");
        var events = details.GetByRole(AriaRole.List).GetByRole(AriaRole.Listitem);
        await Expect(events.Locator(".event-what")).ToHaveTextAsync(["Renamed from “Before”", "Created"]);
        await Expect(events.First.Locator(".event-who")).ToContainTextAsync($"by {account}");
        await Expect(details.Locator("#details-warning")).ToBeHiddenAsync();
        await Expect(details.Locator("#details-last-used")).ToHaveTextAsync("Never");
        await Expect(details.Locator("#details-no-addresses")).ToHaveTextAsync("No addresses recorded yet.");

        await ui.Page.Keyboard.PressAsync("Escape");
        await Expect(details).ToBeHiddenAsync();
        await Expect(ui.MenuButton("After")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task A_call_to_the_api_shows_as_usage_with_its_address_user_agent_and_time()
    {
        await using var ui = await TokenPage.OpenAsync(chromium, server);
        await ui.SignInAsync(Accounts.New());
        var secret = await ui.CreateAndCloseAsync("Nightly sync");
        using (var integration = server.Http(secret))
        {
            integration.DefaultRequestHeaders.UserAgent.ParseAdd("nightly-sync/2.1");
            Assert.Equal(HttpStatusCode.OK, (await integration.GetAsync("/4/account-category-types")).StatusCode);
        }

        // What the API process's use reporter sends to the token every 10 seconds, sent now.
        await server.Services.GetRequiredService<TokenUseReporter>().FlushAsync();
        await ui.ReloadAsync();
        await ui.ListShownAsync();
        await Expect(ui.Cell("Nightly sync", "Last used")).Not.ToHaveTextAsync("Never");
        await ui.ChooseFromMenuAsync("Nightly sync", "Activity and usage");

        var details = Details(ui);
        await Expect(details.Locator("#details-last-used")).ToContainTextAsync(TokenPage.DateText(server.Time.GetUtcNow()));
        await Expect(details.Locator("#details-user-agent")).ToHaveTextAsync("nightly-sync/2.1");
        var addresses = details.GetByRole(AriaRole.Table, new() { Name = "Recent addresses" });
        await Expect(addresses.GetByRole(AriaRole.Rowheader)).ToHaveTextAsync(["127.0.0.1"]);
        var seen = TokenPage.DateText(server.Time.GetUtcNow());
        await Expect(addresses.GetByRole(AriaRole.Row).Nth(1).GetByRole(AriaRole.Cell)).ToHaveTextAsync([new System.Text.RegularExpressions.Regex($"^{seen}"), new System.Text.RegularExpressions.Regex($"^{seen}")]);
        await Expect(details.Locator("#details-no-addresses")).ToBeHiddenAsync();
        await details.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(ui.MenuButton("Nightly sync")).ToBeFocusedAsync();
    }
}

/// <summary>Moves its own server's clock (and the browser's with it) to a token's last week and past its end.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ExpiryWarningTests(Chromium chromium, ExpiryServer server) : IClassFixture<ExpiryServer>
{
    [Fact]
    public async Task A_token_expiring_within_seven_days_is_flagged_and_warned_about_then_shown_as_expired()
    {
        await using var ui = await TokenPage.OpenAsync(chromium, server);
        var account = Accounts.New();
        await ui.SignInAsync(account);
        await ui.CreateAndCloseAsync("Soon gone");
        await ui.CreateAndCloseAsync("Long lived", expiry: "365 days");
        var expiresAt = server.Time.GetUtcNow().AddDays(30);

        // Three days before the end, on the server's clock and the browser's.
        await MoveClocksAsync(ui, TimeSpan.FromDays(27));
        await ui.SignInAsync(account);

        await Expect(ui.Page.Locator("#expiring-count")).ToHaveTextAsync("1 token expires this week");
        await Expect(ui.Cell("Soon gone", "Status")).ToContainTextAsync("Expiring");
        await Expect(ui.Cell("Soon gone", "Expires")).ToContainTextAsync("Expires in 3 days");
        await Expect(ui.Cell("Long lived", "Status")).ToHaveTextAsync("Active");
        await ui.ChooseFromMenuAsync("Soon gone", "Activity and usage");
        var warning = ui.Page.Locator("#details-warning");
        await Expect(warning).ToHaveTextAsync(
            $"This token expires in 3 days, on {TokenPage.DateText(expiresAt)}. Integrations that use it stop working then: create a new token and switch them to it before.");
        await Expect(warning).ToHaveClassAsync("banner warning");
        await Artifacts.CaptureAsync(ui.Page, "details-expiring-desktop");
        await ui.Page.Keyboard.PressAsync("Escape");

        // Past the end: expired, and the warning says so.
        await MoveClocksAsync(ui, TimeSpan.FromDays(4));
        await ui.SignInAsync(account);
        await Expect(ui.Cell("Soon gone", "Status")).ToHaveTextAsync("Expired");
        await ui.ChooseFromMenuAsync("Soon gone", "Activity and usage");
        await Expect(warning).ToHaveTextAsync(
            $"This token expired on {TokenPage.DateText(expiresAt)}. Integrations that use it are refused, and it can't be regenerated: create a new token for them.");
        await Expect(warning).ToHaveClassAsync("banner error");
        await Artifacts.AssertAccessibleAsync(ui.Page, "details-expired");
    }

    // The page's relative texts use the browser's clock and its warnings the server's: both move together here.
    private async Task MoveClocksAsync(TokenPage ui, TimeSpan by)
    {
        server.Time.Advance(by);
        await ui.Page.Clock.SetSystemTimeAsync(server.Time.GetUtcNow().UtcDateTime);
        await ui.ReloadAsync();
        await Expect(ui.Page.Locator("#sign-in-notice")).ToHaveTextAsync("Your session has expired. Sign in again to continue.");
    }
}
