using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Tempo.Browser.Tests;

/// <summary>
/// Every state of the page at desktop (1280x800) and phone (390x844) widths: a screenshot of each under
/// .tmp/artifacts/ for people to look at, axe-core on each (any violation fails), and no sideways scrolling.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreenshotTests(Chromium chromium, TempoServer server)
{
    public static TheoryData<string> Widths => ["desktop", "phone"];

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task Every_state_is_captured_and_passes_axe(string width)
    {
        await using var ui = await TokenPage.OpenAsync(chromium, server, width == "phone" ? Chromium.Phone : Chromium.Desktop);
        async Task Capture(string state)
        {
            await AssertNoSidewaysScrollAsync(ui.Page, state);
            await Artifacts.CaptureAsync(ui.Page, $"{state}-{width}");
        }

        await Expect(ui.AccountIdInput).ToBeVisibleAsync();
        await Capture("sign-in");

        // Loading: the list request is held until the placeholder table is captured.
        var release = new TaskCompletionSource();
        await ui.Page.RouteAsync("**/api-integration/tokens", async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });
        var account = "557058:alice-" + Guid.NewGuid().ToString("N")[..6];
        await ui.AccountIdInput.FillAsync(account);
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(ui.Page.Locator("#tokens-table .placeholder")).ToHaveCountAsync(3);
        await Capture("loading");
        release.SetResult();
        await ui.Page.UnrouteAsync("**/api-integration/tokens");

        await Expect(ui.EmptyState).ToBeVisibleAsync();
        await Capture("empty");

        await ui.EmptyState.GetByRole(AriaRole.Button, new() { Name = "Create your first token" }).ClickAsync();
        await Expect(ui.Form).ToBeVisibleAsync();
        await Expect(ui.Form.Locator("#expiry-30-date")).ToHaveTextAsync(TokenPage.DateText(server.Time.GetUtcNow().AddDays(30)));
        await ui.ChooseAsync("Custom access");
        await ui.SubmitFormAsync();
        await Expect(ui.Form.Locator("#create-name-error")).ToBeVisibleAsync();
        await Capture("form-errors");

        await ui.NameInput.FillAsync("Backup export");
        await ui.ChooseAsync("Custom date");
        await ui.SetScopeAsync("Worklogs", "View");
        await Capture("form");

        // Busy: the create request is held until "Creating…" is captured.
        var create = new TaskCompletionSource();
        await ui.Page.RouteAsync("**/api-integration/tokens", async route =>
        {
            await create.Task;
            await route.ContinueAsync();
        });
        await ui.SubmitFormAsync();
        await Expect(ui.Form.GetByRole(AriaRole.Button, new() { Name = "Creating…" })).ToBeDisabledAsync();
        await Expect(ui.NameInput).ToBeDisabledAsync();
        await Capture("form-busy");
        create.SetResult();
        await ui.Page.UnrouteAsync("**/api-integration/tokens");

        var secret = await ui.ReadSecretAsync("Token created");
        await Capture("show-once");
        await ui.ShowOnce.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).ClickAsync();
        await Expect(ui.ShowOnce.GetByText("You won't see this token again. Close anyway?")).ToBeVisibleAsync();
        await Capture("show-once-leave");
        await ui.ShowOnce.GetByRole(AriaRole.Button, new() { Name = "Keep it open" }).ClickAsync();
        await ui.ShowOnce.GetByRole(AriaRole.Button, new() { Name = "Copy token" }).ClickAsync();
        await Expect(ui.ShowOnce.GetByRole(AriaRole.Button, new() { Name = "Copied" })).ToBeVisibleAsync();
        await Capture("show-once-copied");
        await ui.CloseSecretAsync(secret);

        // Fifty tokens, some about to expire, made through the management API as this user.
        await SeedAsync(account, 49);
        await ui.ReloadAsync();
        await ui.ListShownAsync();
        await Expect(ui.Page.Locator("#tokens-status")).ToHaveTextAsync("50 tokens");
        await Expect(ui.Page.Locator("#expiring-count")).ToHaveTextAsync("14 tokens expire this week");
        await Capture("overview");

        await ui.Page.GetByLabel("Search by name").FillAsync("nightly");
        await Expect(ui.Page.Locator("#tokens-status")).ToHaveTextAsync("Showing 6 of 50 tokens");
        await ui.Page.GetByLabel("Sort by").SelectOptionAsync("expiry");
        await Expect(ui.Page.Locator("#tokens-body tr").First.Locator(".expiry-soon")).ToBeVisibleAsync();
        await Capture("overview-search-sorted");
        await ui.Page.GetByLabel("Search by name").FillAsync("");
        await ui.Page.GetByLabel("Status").SelectOptionAsync("expiring");
        await Expect(ui.Page.Locator("#tokens-status")).ToHaveTextAsync("Showing 14 of 50 tokens");
        await ui.Page.GetByLabel("Status").SelectOptionAsync("all");
        await ui.Page.GetByLabel("Sort by").SelectOptionAsync("created");

        var custom = ui.Page.Locator("#tokens-body details").First;
        await custom.Locator("summary").ClickAsync();
        await Expect(custom.GetByRole(AriaRole.Listitem).First).ToBeVisibleAsync();
        await Capture("overview-access-open");

        var longName = LongName;
        await ui.OpenMenuAsync(longName);
        await Capture("row-menu");
        await ui.Page.Keyboard.PressAsync("Escape");

        await ui.ChooseFromMenuAsync(longName, "Delete");
        await Expect(ui.Confirm).ToContainTextAsync("…”");
        await Capture("confirm-delete");
        await ui.Confirm.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(ui.Page.Locator("#toast")).ToHaveTextAsync("Token deleted");
        await Capture("deleted");

        await ui.ChooseFromMenuAsync("Backup export", "Edit");
        await Expect(ui.EditDialog).ToBeVisibleAsync();
        await Capture("edit");
        await ui.Page.Keyboard.PressAsync("Escape");

        // A token of the last week: its warning, no use yet, and its one event.
        await ui.ChooseFromMenuAsync("Integration 03", "Activity and usage");
        var details = ui.Page.GetByRole(AriaRole.Dialog, new() { Name = "Activity and usage" });
        await Expect(details.Locator("#details-warning")).ToContainTextAsync("This token expires in 4 days");
        await Expect(details.Locator(".event-what")).ToHaveTextAsync(["Created"]);
        await Capture("details");
        await ui.Page.Keyboard.PressAsync("Escape");
    }

    private const string LongName = "Quarterly revenue reconciliation between Tempo, the finance data warehouse and the board reporting pack";

    /// <summary>Tokens made as the user: a long name, six "nightly" ones, fourteen expiring within the week.</summary>
    private async Task SeedAsync(string account, int count)
    {
        using var anonymous = server.Http();
        var signIn = await (await anonymous.PostAsJsonAsync("/dev/sign-in", new { accountId = account })).Content.ReadFromJsonAsync<JsonObject>();
        using var http = server.Http(signIn!["accessToken"]!.GetValue<string>());
        for (var i = 0; i < count; i++)
        {
            var name = i == 0 ? LongName : i % 7 == 0 ? $"Nightly export {i}" : $"Integration {i:00}";
            var days = i % 3 == 0 && i < 42 ? 1 + i % 6 : 30 + i * 5 % 300;
            object access = i % 2 == 0
                ? new { type = "FULL" }
                : new { type = "CUSTOM", scopes = new Dictionary<string, string> { ["accounts"] = "VIEW", ["worklogs"] = "MANAGE", ["periods"] = "VIEW" } };
            var response = await http.PostAsJsonAsync("/api-integration/tokens", new { name, expiresInDays = days, access });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page, string state)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"the page scrolls sideways by {overflow}px in state '{state}'");
    }
}
