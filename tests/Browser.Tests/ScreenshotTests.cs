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

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task The_oauth_sections_and_the_consent_page_are_captured_and_pass_axe(string width)
    {
        var viewport = width == "phone" ? Chromium.Phone : Chromium.Desktop;
        await using var receiver = new CallbackReceiver();
        await using var admin = await TokenPage.OpenAsync(chromium, server, viewport);
        async Task Capture(IPage page, string state)
        {
            await AssertNoSidewaysScrollAsync(page, state);
            await Artifacts.CaptureAsync(page, $"{state}-{width}");
        }

        var tenant = Accounts.NewTenant();
        await admin.SignInAsync(Accounts.New(), admin: true, tenant);
        var oauth = new OAuthSections(admin);
        await Expect(oauth.Applications).ToContainTextAsync("No OAuth applications yet.");
        await Expect(oauth.Authorized).ToContainTextAsync("You haven't authorized any application.");
        await Capture(admin.Page, "oauth-empty");

        await oauth.NewApplicationButton.ClickAsync();
        await oauth.CreateForm.GetByRole(AriaRole.Button, new() { Name = "Create application" }).ClickAsync();
        await Expect(oauth.CreateForm.Locator("#application-name-error")).ToBeVisibleAsync();
        await Capture(admin.Page, "oauth-application-form-errors");
        await admin.Page.Keyboard.PressAsync("Escape");

        await oauth.FillCreateFormAsync("Quarterly revenue dashboard for the finance team", $"https://dashboards.example/oauth/callback\n{receiver.RedirectUri}",
            "Confidential", new Dictionary<string, string> { ["Accounts"] = "View", ["Worklogs"] = "Manage" });
        await Capture(admin.Page, "oauth-application-form");
        await oauth.CreateForm.GetByRole(AriaRole.Button, new() { Name = "Create application" }).ClickAsync();
        await Expect(admin.ShowOnce.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Application created");
        await Capture(admin.Page, "oauth-client-secret");
        var secret = (await admin.SecretValue.TextContentAsync())!;
        await admin.CloseSecretAsync(secret);
        var application = new RegisteredApplication(
            "Quarterly revenue dashboard for the finance team",
            (await oauth.ApplicationCell("Quarterly revenue dashboard for the finance team", "Client ID").TextContentAsync())!,
            secret,
            receiver.RedirectUri);
        await oauth.CreateAsync("Desk timer", "http://127.0.0.1:8765/callback", "Public", new Dictionary<string, string> { ["Teams"] = "View" });
        await Capture(admin.Page, "oauth-applications");

        await oauth.ChooseFromMenuAsync("Desk timer", "Edit");
        await Expect(oauth.EditForm).ToBeVisibleAsync();
        await Capture(admin.Page, "oauth-application-edit");
        await admin.Page.Keyboard.PressAsync("Escape");

        // A user of the tenant answers the consent page, then sees the application on their page.
        await using var user = await TokenPage.OpenAsync(chromium, server, viewport);
        var client = new OAuthClient(server, application);
        await user.Page.GotoAsync(client.AuthorizeUrl("accounts:view worklogs:manage", pkce: true));
        await Expect(user.AccountIdInput).ToBeVisibleAsync();
        await Capture(user.Page, "consent-sign-in");
        var consent = new ConsentPage(user.Page);
        var account = Accounts.New();
        await consent.OpenAsync(client.AuthorizeUrl("accounts:view worklogs:manage", pkce: true), signInAs: account, tenant);
        await Capture(user.Page, "consent");
        await consent.AnswerAsync(approve: true, receiver);

        await using var settings = await TokenPage.OpenAsync(chromium, server, viewport);
        await settings.SignInAsync(account, tenant: tenant);
        var mine = new OAuthSections(settings);
        await Expect(mine.AuthorizedRow(application.Name)).ToHaveCountAsync(1);
        await Capture(settings.Page, "oauth-authorized");
        await mine.Authorized.GetByRole(AriaRole.Button, new() { Name = $"Revoke {application.Name}" }).ClickAsync();
        await Expect(settings.Confirm).ToBeVisibleAsync();
        await Capture(settings.Page, "oauth-authorized-revoke");
        await settings.Page.Keyboard.PressAsync("Escape");

        await oauth.ChooseFromMenuAsync("Desk timer", "Delete");
        await Expect(admin.Confirm).ToContainTextAsync("revokes every token it issued");
        await Capture(admin.Page, "oauth-application-delete");
        await admin.Page.Keyboard.PressAsync("Escape");
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
