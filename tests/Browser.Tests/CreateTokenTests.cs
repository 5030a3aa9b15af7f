using System.Text.RegularExpressions;

namespace Tempo.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class CreateTokenTests(Chromium chromium, TempoServer server)
{
    [Fact]
    public async Task A_full_token_is_shown_once_copied_and_works_against_the_api()
    {
        await using var ui = await TokenPage.OpenAsync(chromium, server);
        await ui.SignInAsync(Accounts.New());

        await ui.OpenFormAsync();
        await Expect(ui.Form.GetByRole(AriaRole.Radio, new() { Name = "30 days" })).ToBeCheckedAsync();
        await Expect(ui.Form.GetByRole(AriaRole.Radio, new() { Name = "Full access" })).ToBeCheckedAsync();
        await ui.NameInput.FillAsync("Jira sync");
        await ui.SubmitFormAsync();

        var secret = await ui.ReadSecretAsync("Token created");
        await Expect(ui.ShowOnce).ToContainTextAsync("It won't be shown again.");
        await Expect(ui.ShowOnce.GetByRole(AriaRole.Button, new() { Name = "Copy token" })).ToBeFocusedAsync();
        await ui.ShowOnce.GetByRole(AriaRole.Button, new() { Name = "Copy token" }).ClickAsync();
        await Expect(ui.ShowOnce.GetByRole(AriaRole.Status)).ToHaveTextAsync("Copied to the clipboard.");
        await Expect(ui.ShowOnce.Locator("#secret-copy")).ToHaveTextAsync("Copied");
        var copied = await ui.Page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        Assert.Equal(secret, copied);

        await ui.CloseSecretAsync(secret);
        await Expect(ui.NewTokenButton).ToBeFocusedAsync();

        var view = await server.ViewAccountsAsync(copied);
        Assert.True(view.Status == HttpStatusCode.OK, view.ToString());
        var manage = await server.ManageAccountsAsync(copied);
        Assert.True(manage.Status == HttpStatusCode.OK, manage.ToString());

        var now = server.Time.GetUtcNow();
        await Expect(ui.Cell("Jira sync", "Status")).ToHaveTextAsync("Active");
        await Expect(ui.Cell("Jira sync", "Access")).ToHaveTextAsync("Full access");
        await Expect(ui.Cell("Jira sync", "Expires")).ToHaveTextAsync($"Expires in 30 days{TokenPage.DateText(now.AddDays(30))}");
        await Expect(ui.Page.Locator("#toast")).ToHaveTextAsync("Token created");
        await Expect(ui.Cell("Jira sync", "Created")).ToHaveTextAsync(TokenPage.DateText(now));
        await Expect(ui.Cell("Jira sync", "Last used")).ToHaveTextAsync("Never");

        await ui.ReloadAsync();
        await Expect(ui.Cell("Jira sync", "Last used")).ToContainTextAsync(TokenPage.DateText(now));
    }

    [Fact]
    public async Task A_custom_token_gets_a_level_per_scope_and_only_that_access()
    {
        await using var ui = await TokenPage.OpenAsync(chromium, server);
        await ui.SignInAsync(Accounts.New());
        await ui.OpenFormAsync();
        await ui.NameInput.FillAsync("Reporting");
        await ui.ChooseAsync("90 days");
        await ui.ChooseAsync("Custom access");

        await Expect(ui.Scope("Accounts")).ToContainTextAsync("Accounts, Categories, Category Types, Links, Customers");
        await Expect(ui.Scope("Worklogs")).ToContainTextAsync("Worklogs, Work Attributes");
        await Expect(ui.Scope("Cost Tracker")).ToContainTextAsync("Projects");
        await Expect(ui.Scope("Accounts").GetByRole(AriaRole.Radio)).ToHaveCountAsync(3);
        await Expect(ui.Scope("Periods").GetByRole(AriaRole.Radio)).ToHaveCountAsync(2);
        await Expect(ui.Scope("Periods").GetByRole(AriaRole.Radio, new() { Name = "Manage" })).ToHaveCountAsync(0);
        await Expect(ui.Scope("Accounts").GetByRole(AriaRole.Radio, new() { Name = "None" })).ToBeCheckedAsync();

        await ui.SetScopeAsync("Accounts", "View");
        await ui.SetScopeAsync("Periods", "View");
        await ui.SubmitFormAsync();
        var secret = await ui.ReadSecretAsync("Token created");
        await ui.CloseSecretAsync(secret);

        Assert.Equal(HttpStatusCode.OK, (await server.ViewAccountsAsync(secret)).Status);
        var manage = await server.ManageAccountsAsync(secret);
        Assert.Equal(HttpStatusCode.Forbidden, manage.Status);
        Assert.Contains("accounts", manage.Message);

        await ui.Cell("Reporting", "Access").GetByText("Custom · 2 scopes").ClickAsync();
        await Expect(ui.Cell("Reporting", "Access").GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["Periods: View", "Accounts: View"]);
        await Expect(ui.Cell("Reporting", "Expires")).ToContainTextAsync(TokenPage.DateText(server.Time.GetUtcNow().AddDays(90)));
    }

    [Fact]
    public async Task A_token_without_the_accounts_scope_is_refused_there()
    {
        await using var ui = await TokenPage.OpenAsync(chromium, server);
        await ui.SignInAsync(Accounts.New());

        var secret = await ui.CreateAndCloseAsync("Worklog sync", new Dictionary<string, string> { ["Worklogs"] = "Manage" }, "365 days");

        var view = await server.ViewAccountsAsync(secret);
        Assert.Equal(HttpStatusCode.Forbidden, view.Status);
        await Expect(ui.Cell("Worklog sync", "Access").Locator("summary")).ToHaveTextAsync("Custom · 1 scope");
        await Expect(ui.Cell("Worklog sync", "Expires")).ToContainTextAsync(TokenPage.DateText(server.Time.GetUtcNow().AddDays(365)));
    }

    [Fact]
    public async Task A_custom_date_sets_the_expiry_and_a_date_out_of_range_is_refused_next_to_it()
    {
        await using var ui = await TokenPage.OpenAsync(chromium, server);
        await ui.SignInAsync(Accounts.New());
        await ui.OpenFormAsync();
        await ui.NameInput.FillAsync("Until autumn");
        await ui.ChooseAsync("Custom date");
        var date = ui.Form.GetByLabel("Expiry date");
        await Expect(date).ToBeVisibleAsync();

        var tooLate = DateTime.UtcNow.AddYears(2);
        await date.FillAsync(tooLate.ToString("yyyy-MM-dd"));
        await ui.SubmitFormAsync();
        var error = ui.Form.Locator("#create-expiry-error");
        await Expect(error).ToContainTextAsync("Choose a date from ");
        await date.FillAsync(DateTime.UtcNow.AddDays(40).ToString("yyyy-MM-dd"));
        await Expect(error).ToBeHiddenAsync();
        await Expect(ui.Form).ToBeVisibleAsync();

        var chosen = DateTime.UtcNow.AddDays(45);
        await date.FillAsync(chosen.ToString("yyyy-MM-dd"));
        await ui.SubmitFormAsync();
        var secret = await ui.ReadSecretAsync("Token created");
        await ui.CloseSecretAsync(secret);

        await Expect(ui.Cell("Until autumn", "Expires")).ToContainTextAsync(TokenPage.DateText(chosen));
        await Expect(ui.Cell("Until autumn", "Expires").Locator("time"))
            .ToHaveAttributeAsync("title", new Regex($"^{chosen:yyyy-MM-dd}T23:59:59\\.999Z$"));
    }

    [Fact]
    public async Task Errors_are_checked_in_the_browser_in_a_persons_words_and_cleared_once_fixed()
    {
        await using var ui = await TokenPage.OpenAsync(chromium, server);
        await ui.SignInAsync(Accounts.New());
        await ui.OpenFormAsync();
        var posts = 0;
        ui.Page.Request += (_, request) => posts += request.Method == "POST" && request.Url.EndsWith("/api-integration/tokens") ? 1 : 0;

        await ui.ChooseAsync("Custom access");
        await ui.SubmitFormAsync();
        var nameError = ui.Form.Locator("#create-name-error");
        var accessError = ui.Form.Locator("#create-access-error");
        await Expect(nameError).ToHaveTextAsync("Give the token a name, to recognise the integration that uses it.");
        await Expect(accessError).ToHaveTextAsync("Choose at least one scope, or give the token full access.");
        await Expect(ui.NameInput).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(ui.NameInput).ToBeFocusedAsync();
        Assert.Equal(0, posts);

        await ui.NameInput.FillAsync(new string('x', 300));
        await Expect(nameError).ToBeHiddenAsync();
        await Expect(ui.NameInput).Not.ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal(255, (await ui.NameInput.InputValueAsync()).Length);
        await ui.SetScopeAsync("Teams", "View");
        await Expect(accessError).ToBeHiddenAsync();

        await ui.NameInput.FillAsync("No scope");
        await ui.SubmitFormAsync();
        var secret = await ui.ReadSecretAsync("Token created");
        await ui.CloseSecretAsync(secret);
        await Expect(ui.Cell("No scope", "Access").Locator("summary")).ToHaveTextAsync("Custom · 1 scope");
    }

    [Fact]
    public async Task The_form_is_keyboard_usable_and_escape_closes_it()
    {
        await using var ui = await TokenPage.OpenAsync(chromium, server);
        await ui.SignInAsync(Accounts.New());

        await ui.NewTokenButton.FocusAsync();
        await ui.Page.Keyboard.PressAsync("Enter");
        await Expect(ui.Form).ToBeVisibleAsync();
        await Expect(ui.NameInput).ToBeFocusedAsync();
        await ui.Page.Keyboard.PressAsync("Escape");
        await Expect(ui.Form).ToBeHiddenAsync();
        await Expect(ui.NewTokenButton).ToBeFocusedAsync();

        await ui.Page.Keyboard.PressAsync("Enter");
        await ui.Page.Keyboard.TypeAsync("Typed");
        await ui.Page.Keyboard.PressAsync("Enter");
        var secret = await ui.ReadSecretAsync("Token created");
        await ui.Page.Keyboard.PressAsync("Escape");
        await Expect(ui.ShowOnce.GetByRole(AriaRole.Alert)).ToHaveTextAsync(new Regex("You won't see this token again. Close anyway?"));
        await Expect(ui.ShowOnce.GetByRole(AriaRole.Button, new() { Name = "Keep it open" })).ToBeFocusedAsync();
        await ui.Page.Keyboard.PressAsync("Tab");
        await ui.Page.Keyboard.PressAsync("Enter");
        await Expect(ui.ShowOnce).ToBeHiddenAsync();
        Assert.DoesNotContain(secret, await ui.Page.ContentAsync());
        await Expect(ui.NewTokenButton).ToBeFocusedAsync();
        await Expect(ui.Cell("Typed", "Access")).ToHaveTextAsync("Full access");
    }

    [Fact]
    public async Task The_secret_is_gone_from_the_page_the_moment_the_dialog_is_dismissed()
    {
        await using var ui = await TokenPage.OpenAsync(chromium, server);
        await ui.SignInAsync(Accounts.New());

        // The browser queues a dialog's close event as a later task: the secret must not wait for it. Both checks
        // run in the same task as the dismissal, so nothing queued can have run in between.
        const string dismissAndRead = """
            how => {
              const dialog = document.getElementById('secret-dialog');
              if (how === 'button') dialog.querySelector('[data-close]').click();
              else dialog.dispatchEvent(new Event('cancel', { cancelable: true }));
              return document.getElementById('secret-value').textContent;
            }
            """;

        var secret = await ui.CreateAsync("Dismissed by the button");
        Assert.Equal("", await ui.Page.EvaluateAsync<string>(dismissAndRead, "button"));
        await Expect(ui.ShowOnce).ToBeHiddenAsync();
        Assert.DoesNotContain(secret, await ui.Page.ContentAsync());

        // Escape (once copied, else it asks first): the browser fires cancel, closes the dialog, then queues close.
        secret = await ui.CreateAsync("Dismissed by Escape");
        await ui.ShowOnce.GetByRole(AriaRole.Button, new() { Name = "Copy token" }).ClickAsync();
        await Expect(ui.ShowOnce.Locator("#secret-copy")).ToHaveTextAsync("Copied");
        Assert.Equal("", await ui.Page.EvaluateAsync<string>(dismissAndRead, "escape"));
        await ui.Page.Keyboard.PressAsync("Escape");
        await Expect(ui.ShowOnce).ToBeHiddenAsync();
        Assert.DoesNotContain(secret, await ui.Page.ContentAsync());
        await Expect(ui.NewTokenButton).ToBeFocusedAsync();
    }
}
