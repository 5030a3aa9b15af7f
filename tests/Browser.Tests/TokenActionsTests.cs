namespace Tempo.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class TokenActionsTests(Chromium chromium, TempoServer server)
{
    [Fact]
    public async Task Regenerate_warns_then_shows_the_new_secret_once_and_the_old_one_stops_working()
    {
        await using var ui = await TokenPage.OpenAsync(chromium, server);
        await ui.SignInAsync(Accounts.New());
        var old = await ui.CreateAndCloseAsync("CI pipeline");

        await ui.ChooseFromMenuAsync("CI pipeline", "Regenerate");
        await Expect(ui.Confirm).ToBeVisibleAsync();
        await Expect(ui.Confirm.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Regenerate token?");
        await Expect(ui.Confirm).ToContainTextAsync("stops working at once, for every integration that uses it");
        await Expect(ui.Confirm.GetByRole(AriaRole.Button, new() { Name = "Cancel" })).ToBeFocusedAsync();
        await ui.Confirm.GetByRole(AriaRole.Button, new() { Name = "Regenerate" }).ClickAsync();

        var renewed = await ui.ReadSecretAsync("Token regenerated");
        Assert.NotEqual(old, renewed);
        await ui.CloseSecretAsync(renewed);
        await Expect(ui.MenuButton("CI pipeline")).ToBeFocusedAsync();

        var before = await server.ViewAccountsAsync(old);
        Assert.Equal(HttpStatusCode.Unauthorized, before.Status);
        Assert.Equal("The token has been revoked.", before.Message);
        Assert.Equal(HttpStatusCode.OK, (await server.ViewAccountsAsync(renewed)).Status);
        await Expect(ui.Row("CI pipeline")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Cancelling_a_regenerate_changes_nothing()
    {
        await using var ui = await TokenPage.OpenAsync(chromium, server);
        await ui.SignInAsync(Accounts.New());
        var secret = await ui.CreateAndCloseAsync("Keep me");

        await ui.ChooseFromMenuAsync("Keep me", "Regenerate");
        await ui.Page.Keyboard.PressAsync("Escape");

        await Expect(ui.Confirm).ToBeHiddenAsync();
        await Expect(ui.MenuButton("Keep me")).ToBeFocusedAsync();
        Assert.Equal(HttpStatusCode.OK, (await server.ViewAccountsAsync(secret)).Status);
    }

    [Fact]
    public async Task Edit_renames_says_access_is_fixed_and_shows_a_refused_name_next_to_the_field()
    {
        await using var ui = await TokenPage.OpenAsync(chromium, server);
        await ui.SignInAsync(Accounts.New());
        var secret = await ui.CreateAndCloseAsync("Old name", new Dictionary<string, string> { ["Accounts"] = "View" });

        await ui.ChooseFromMenuAsync("Old name", "Edit");
        await Expect(ui.EditDialog).ToBeVisibleAsync();
        await Expect(ui.EditDialog).ToContainTextAsync("Only the name can be changed");
        await Expect(ui.EditDialog).ToContainTextAsync("to give an integration other access, create a new token");
        await Expect(ui.EditDialog).ToContainTextAsync("Access: Custom · 1 scope: Accounts: View");
        var name = ui.EditDialog.GetByLabel("Name");
        await Expect(name).ToHaveValueAsync("Old name");
        await Expect(name).ToBeFocusedAsync();

        await name.FillAsync("   ");
        await ui.EditDialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(ui.EditDialog.Locator("#edit-name-error")).ToHaveTextAsync("Give the token a name.");
        await Expect(name).ToHaveAttributeAsync("aria-invalid", "true");

        await name.FillAsync("New name");
        await Expect(ui.EditDialog.Locator("#edit-name-error")).ToBeHiddenAsync();
        await ui.EditDialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(ui.EditDialog).ToBeHiddenAsync();
        await Expect(ui.Row("New name")).ToHaveCountAsync(1);
        await Expect(ui.Row("Old name")).ToHaveCountAsync(0);
        await Expect(ui.MenuButton("New name")).ToBeFocusedAsync();
        await Expect(ui.Page.Locator("#toast")).ToHaveTextAsync("Name saved");
        Assert.Equal(HttpStatusCode.OK, (await server.ViewAccountsAsync(secret)).Status);
    }

    [Fact]
    public async Task Delete_warns_that_access_is_revoked_at_once_and_the_secret_then_fails()
    {
        await using var ui = await TokenPage.OpenAsync(chromium, server);
        await ui.SignInAsync(Accounts.New());
        var secret = await ui.CreateAndCloseAsync("Doomed");
        await ui.CreateAndCloseAsync("Survivor");
        Assert.Equal(HttpStatusCode.OK, (await server.ViewAccountsAsync(secret)).Status);

        await ui.ChooseFromMenuAsync("Doomed", "Delete");
        await Expect(ui.Confirm.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Delete token?");
        await Expect(ui.Confirm).ToContainTextAsync("revokes its access at once");
        await ui.Confirm.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();

        await Expect(ui.Confirm).ToBeHiddenAsync();
        await Expect(ui.Row("Doomed")).ToHaveCountAsync(0);
        await Expect(ui.Row("Survivor")).ToHaveCountAsync(1);
        await Expect(ui.Page.Locator("#tokens-status")).ToHaveTextAsync("1 token");
        await Expect(ui.Page.Locator("#toast")).ToHaveTextAsync("Token deleted");
        var after = await server.ViewAccountsAsync(secret);
        Assert.Equal(HttpStatusCode.Unauthorized, after.Status);
    }

    [Fact]
    public async Task A_deleted_token_leaves_the_list_even_when_the_list_cannot_be_reloaded()
    {
        await using var ui = await TokenPage.OpenAsync(chromium, server);
        await ui.SignInAsync(Accounts.New());
        await ui.CreateAndCloseAsync("Gone");
        await ui.CreateAndCloseAsync("Stays");
        await ui.Page.RouteAsync("**/api-integration/tokens", route => route.Request.Method == "GET"
            ? route.FulfillAsync(new() { Status = 503, ContentType = "application/json", Body = "{\"errors\":[{\"message\":\"Unavailable.\"}]}" })
            : route.ContinueAsync());

        await ui.ChooseFromMenuAsync("Gone", "Delete");
        await ui.Confirm.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();

        await Expect(ui.Row("Gone")).ToHaveCountAsync(0);
        await Expect(ui.Row("Stays")).ToHaveCountAsync(1);
        await Expect(ui.Page.Locator("#toast")).ToHaveTextAsync("Token deleted");
    }

    [Fact]
    public async Task A_refused_action_is_explained_in_its_dialog_and_the_list_catches_up()
    {
        await using var ui = await TokenPage.OpenAsync(chromium, server);
        await ui.SignInAsync(Accounts.New());
        await ui.CreateAndCloseAsync("Deleted elsewhere");
        var id = await ui.Row("Deleted elsewhere").GetAttributeAsync("data-token-id");
        var jwt = await ui.Page.EvaluateAsync<string>("() => JSON.parse(sessionStorage.getItem('tempo.apiIntegration.session')).accessToken");
        using (var otherTab = server.Http(jwt))
        {
            Assert.Equal(HttpStatusCode.NoContent, (await otherTab.DeleteAsync($"/api-integration/tokens/{id}")).StatusCode);
        }

        await ui.ChooseFromMenuAsync("Deleted elsewhere", "Regenerate");
        await ui.Confirm.GetByRole(AriaRole.Button, new() { Name = "Regenerate" }).ClickAsync();

        await Expect(ui.Confirm.Locator("#confirm-error")).ToHaveTextAsync($"Token '{id}' not found");
        await Expect(ui.Confirm).ToBeVisibleAsync();
        await Expect(ui.Row("Deleted elsewhere")).ToHaveCountAsync(0);
        await ui.Confirm.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(ui.Page.GetByRole(AriaRole.Heading, new() { Name = "API Integration" })).ToBeFocusedAsync();
    }

    [Fact]
    public async Task The_row_menu_works_by_keyboard()
    {
        await using var ui = await TokenPage.OpenAsync(chromium, server);
        await ui.SignInAsync(Accounts.New());
        await ui.CreateAndCloseAsync("Keys");

        await ui.MenuButton("Keys").FocusAsync();
        await ui.Page.Keyboard.PressAsync("Enter");
        var menu = ui.Page.Locator(".menu:popover-open");
        await Expect(menu.GetByRole(AriaRole.Button, new() { Name = "Activity and usage" })).ToBeFocusedAsync();
        await ui.Page.Keyboard.PressAsync("ArrowDown");
        await Expect(menu.GetByRole(AriaRole.Button, new() { Name = "Regenerate" })).ToBeFocusedAsync();
        await ui.Page.Keyboard.PressAsync("ArrowDown");
        await Expect(menu.GetByRole(AriaRole.Button, new() { Name = "Edit" })).ToBeFocusedAsync();
        await ui.Page.Keyboard.PressAsync("Escape");
        await Expect(menu).ToHaveCountAsync(0);
        await Expect(ui.MenuButton("Keys")).ToBeFocusedAsync();

        await ui.Page.Keyboard.PressAsync("Enter");
        await Expect(menu.GetByRole(AriaRole.Button, new() { Name = "Activity and usage" })).ToBeFocusedAsync();
        await ui.Page.Keyboard.PressAsync("ArrowUp");
        await Expect(menu.GetByRole(AriaRole.Button, new() { Name = "Delete" })).ToBeFocusedAsync();
        await ui.Page.Keyboard.PressAsync("Enter");
        await Expect(ui.Confirm).ToBeVisibleAsync();
        await ui.Page.Keyboard.PressAsync("Escape");
        await Expect(ui.MenuButton("Keys")).ToBeFocusedAsync();
        await Expect(ui.Row("Keys")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Network_failures_are_shown_and_can_be_retried()
    {
        await using var ui = await TokenPage.OpenAsync(chromium, server);
        await ui.SignInAsync(Accounts.New());
        await ui.OpenFormAsync();
        await ui.NameInput.FillAsync("Offline");
        await ui.Page.RouteAsync("**/api-integration/tokens", route => route.AbortAsync("internetdisconnected"));

        await ui.SubmitFormAsync();
        await Expect(ui.Form.Locator("#create-error")).ToHaveTextAsync("Could not reach the server. Check your connection and try again.");
        await ui.Form.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        await ui.ReloadAsync();
        await Expect(ui.TokensError).ToContainTextAsync("Could not load your tokens: Could not reach the server.");
        await ui.Page.UnrouteAllAsync();
        await ui.TokensError.GetByRole(AriaRole.Button, new() { Name = "Try again" }).ClickAsync();
        await Expect(ui.TokensError).ToBeHiddenAsync();
        await Expect(ui.EmptyState).ToBeVisibleAsync();
    }
}
