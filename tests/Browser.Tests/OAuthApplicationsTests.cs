namespace Tempo.Browser.Tests;

/// <summary>The administrators' "OAuth applications" section: the form, its refusals, edit and a new client secret.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OAuthApplicationsTests(Chromium chromium, TempoServer server)
{
    [Fact]
    public async Task The_form_shows_each_refusal_next_to_its_field_the_servers_included()
    {
        await using var ui = await TokenPage.OpenAsync(chromium, server);
        await ui.SignInAsync(Accounts.New(), admin: true, Accounts.NewTenant());
        var oauth = new OAuthSections(ui);
        await oauth.NewApplicationButton.ClickAsync();
        var form = oauth.CreateForm;
        await form.GetByRole(AriaRole.Button, new() { Name = "Create application" }).ClickAsync();

        await Expect(form.Locator("#application-name-error")).ToHaveTextAsync("Give the application a name, as people will see it when asked for access.");
        await Expect(form.Locator("#application-redirects-error")).ToHaveTextAsync("Enter at least one redirect URL, one per line.");
        await Expect(form.Locator("#application-scopes-error")).ToHaveTextAsync("Choose at least one scope the application may ask for.");
        await Expect(form.GetByLabel("Name", new() { Exact = true })).ToBeFocusedAsync();

        // The server refuses a plain-http redirect URL that is not loopback: its reason is shown by the field.
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync("Insecure");
        await Expect(form.Locator("#application-name-error")).ToBeHiddenAsync();
        await form.GetByLabel("Redirect URLs").FillAsync("http://client.example/callback");
        await OAuthSections.SetScopeAsync(form, "Accounts", "View");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create application" }).ClickAsync();
        await Expect(form.Locator("#application-redirects-error")).ToContainTextAsync("'http://client.example/callback' is not allowed");
        await Expect(form.GetByLabel("Redirect URLs")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(form.GetByLabel("Redirect URLs")).ToBeFocusedAsync();
        await Expect(oauth.ApplicationRow("Insecure")).ToHaveCountAsync(0);

        await form.GetByLabel("Redirect URLs").FillAsync("https://client.example/callback\nhttp://127.0.0.1:8123/callback");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create application" }).ClickAsync();
        await Expect(ui.ShowOnce.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Application created");
        var secret = (await ui.SecretValue.TextContentAsync())!;
        await ui.CloseSecretAsync(secret);
        await Expect(oauth.ApplicationCell("Insecure", "Redirect URLs")).ToHaveTextAsync("https://client.example/callbackhttp://127.0.0.1:8123/callback");
    }

    [Fact]
    public async Task Edit_changes_name_redirects_and_scopes_but_never_the_client_type()
    {
        await using var ui = await TokenPage.OpenAsync(chromium, server);
        await ui.SignInAsync(Accounts.New(), admin: true, Accounts.NewTenant());
        var oauth = new OAuthSections(ui);
        await oauth.CreateAsync("Old app", "https://old.example/cb", "Public", new Dictionary<string, string> { ["Accounts"] = "View" });

        await oauth.ChooseFromMenuAsync("Old app", "Edit");
        var form = oauth.EditForm;
        await Expect(form).ToBeVisibleAsync();
        await Expect(form.GetByRole(AriaRole.Radio, new() { Name = "Confidential" })).ToBeHiddenAsync();
        await Expect(form).ToContainTextAsync("Client type: Public. It can't be changed");
        await Expect(form.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("Old app");
        await Expect(form.GetByLabel("Redirect URLs")).ToHaveValueAsync("https://old.example/cb");
        await Expect(form.GetByRole(AriaRole.Group, new() { Name = "Accounts", Exact = true }).GetByRole(AriaRole.Radio, new() { Name = "View" })).ToBeCheckedAsync();

        await form.GetByLabel("Name", new() { Exact = true }).FillAsync("New app");
        await form.GetByLabel("Redirect URLs").FillAsync("https://new.example/cb");
        await OAuthSections.SetScopeAsync(form, "Accounts", "None");
        await OAuthSections.SetScopeAsync(form, "Teams", "Manage");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(form).ToBeHiddenAsync();
        await Expect(oauth.ApplicationRow("Old app")).ToHaveCountAsync(0);
        await Expect(oauth.ApplicationCell("New app", "Redirect URLs")).ToHaveTextAsync("https://new.example/cb");
        await Expect(oauth.ApplicationCell("New app", "Scopes")).ToHaveTextAsync("Teams: Manage");
        await Expect(oauth.ApplicationCell("New app", "Type")).ToHaveTextAsync("Public");
        await Expect(ui.Page.GetByRole(AriaRole.Button, new() { Name = "Actions for New app" })).ToBeFocusedAsync();
        await Expect(ui.Page.Locator("#toast")).ToHaveTextAsync("Application saved");

        await ui.ReloadAsync();
        await Expect(oauth.ApplicationCell("New app", "Scopes")).ToHaveTextAsync("Teams: Manage");
    }

    [Fact]
    public async Task Regenerating_a_client_secret_shows_the_new_one_once()
    {
        await using var ui = await TokenPage.OpenAsync(chromium, server);
        await ui.SignInAsync(Accounts.New(), admin: true, Accounts.NewTenant());
        var oauth = new OAuthSections(ui);
        var application = await oauth.CreateAsync("Secret keeper", "https://keeper.example/cb", "Confidential", new Dictionary<string, string> { ["Accounts"] = "View" });

        await oauth.ChooseFromMenuAsync("Secret keeper", "Regenerate secret");
        await Expect(ui.Confirm.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Regenerate client secret?");
        await Expect(ui.Confirm).ToContainTextAsync("stops working at once");
        await ui.Confirm.GetByRole(AriaRole.Button, new() { Name = "Regenerate" }).ClickAsync();

        await Expect(ui.ShowOnce.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Client secret regenerated");
        await Expect(ui.ShowOnce.Locator("#secret-client-id")).ToHaveTextAsync(application.ClientId);
        var renewed = (await ui.SecretValue.TextContentAsync())!;
        Assert.NotEqual(application.Secret, renewed);
        await ui.CloseSecretAsync(renewed);
        await Expect(ui.Page.GetByRole(AriaRole.Button, new() { Name = "Actions for Secret keeper" })).ToBeFocusedAsync();

        // A public client has no secret to regenerate.
        await oauth.CreateAsync("No secret", "https://none.example/cb", "Public", new Dictionary<string, string> { ["Accounts"] = "View" });
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Actions for No secret" }).ClickAsync();
        var menu = ui.Page.Locator(".menu:popover-open");
        await Expect(menu.GetByRole(AriaRole.Button)).ToHaveTextAsync(["Edit", "Delete"]);
        await ui.Page.Keyboard.PressAsync("Escape");
    }

    [Fact]
    public async Task The_application_menu_and_its_dialogs_work_by_keyboard()
    {
        await using var ui = await TokenPage.OpenAsync(chromium, server);
        await ui.SignInAsync(Accounts.New(), admin: true, Accounts.NewTenant());
        var oauth = new OAuthSections(ui);
        await oauth.CreateAsync("Keys", "https://keys.example/cb", "Confidential", new Dictionary<string, string> { ["Accounts"] = "View" });

        var actions = ui.Page.GetByRole(AriaRole.Button, new() { Name = "Actions for Keys", Exact = true });
        await actions.FocusAsync();
        await ui.Page.Keyboard.PressAsync("Enter");
        var menu = ui.Page.Locator(".menu:popover-open");
        await Expect(menu.GetByRole(AriaRole.Button, new() { Name = "Edit" })).ToBeFocusedAsync();
        await ui.Page.Keyboard.PressAsync("ArrowDown");
        await Expect(menu.GetByRole(AriaRole.Button, new() { Name = "Regenerate secret" })).ToBeFocusedAsync();
        await ui.Page.Keyboard.PressAsync("ArrowDown");
        await Expect(menu.GetByRole(AriaRole.Button, new() { Name = "Delete" })).ToBeFocusedAsync();
        await ui.Page.Keyboard.PressAsync("Enter");
        await Expect(ui.Confirm.GetByRole(AriaRole.Button, new() { Name = "Cancel" })).ToBeFocusedAsync();
        await ui.Page.Keyboard.PressAsync("Escape");
        await Expect(actions).ToBeFocusedAsync();

        await ui.Page.Keyboard.PressAsync("Enter");
        await Expect(menu.GetByRole(AriaRole.Button, new() { Name = "Edit" })).ToBeFocusedAsync();
        await ui.Page.Keyboard.PressAsync("Enter");
        await Expect(oauth.EditForm.GetByLabel("Name", new() { Exact = true })).ToBeFocusedAsync();
        await ui.Page.Keyboard.PressAsync("Escape");
        await Expect(oauth.EditForm).ToBeHiddenAsync();
        await Expect(actions).ToBeFocusedAsync();
        await Expect(oauth.ApplicationRow("Keys")).ToHaveCountAsync(1);
    }
}
