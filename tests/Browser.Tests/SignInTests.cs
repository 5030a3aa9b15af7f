namespace Tempo.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class SignInTests(Chromium chromium, TempoServer server)
{
    [Fact]
    public async Task Signs_in_keeps_the_session_for_the_tab_and_signs_out()
    {
        await using var ui = await TokenPage.OpenAsync(chromium, server);
        var account = Accounts.New();
        await Expect(ui.SignedInAs).ToBeHiddenAsync();
        await Expect(ui.AccountIdInput).ToBeFocusedAsync();

        await ui.SignInAsync(account);

        await Expect(ui.Page.GetByRole(AriaRole.Heading, new() { Name = "API Integration" })).ToBeVisibleAsync();
        await Expect(ui.EmptyState).ToContainTextAsync("No API tokens yet");
        await Expect(ui.EmptyState.GetByRole(AriaRole.Link, new() { Name = "Read the API reference" })).ToHaveAttributeAsync("href", "/scalar");
        Assert.Contains("accessToken", await ui.Page.EvaluateAsync<string>("() => JSON.stringify(sessionStorage)"));

        await ui.ReloadAsync();
        await Expect(ui.SignedInAs).ToContainTextAsync($"Signed in as {account}");

        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(ui.AccountIdInput).ToBeVisibleAsync();
        await Expect(ui.Page.Locator("#sign-in-notice")).ToHaveTextAsync("You have signed out.");
        await Expect(ui.SignedInAs).ToBeHiddenAsync();
        await Expect(ui.NewTokenButton).ToBeHiddenAsync();
        Assert.Equal("{}", await ui.Page.EvaluateAsync<string>("() => JSON.stringify(sessionStorage)"));
    }

    [Fact]
    public async Task A_refused_account_id_is_explained_next_to_the_field()
    {
        await using var ui = await TokenPage.OpenAsync(chromium, server);

        await ui.AccountIdInput.FillAsync("not an account id!");
        await ui.AccountIdInput.PressAsync("Enter");

        var error = ui.Page.Locator("#account-id-error");
        await Expect(error).ToContainTextAsync("'accountId' is required");
        await Expect(ui.AccountIdInput).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(ui.AccountIdInput).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("'accountId' is required"));
        await Expect(ui.SignedInAs).ToBeHiddenAsync();
    }
}

[Collection(BrowserCollection.Name)]
public sealed class NoDevSignInTests(Chromium chromium, NoDevSignInServer server) : IClassFixture<NoDevSignInServer>
{
    [Fact]
    public async Task Without_development_sign_in_or_a_registered_page_the_page_says_sign_in_is_not_set_up()
    {
        await using var ui = await TokenPage.OpenAsync(chromium, server);

        var notice = ui.Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Sign-in is not set up for this page" });
        await Expect(notice).ToBeVisibleAsync();
        await Expect(notice).ToContainTextAsync("Authentication:PageClientId");
        await Expect(ui.AccountIdInput).ToBeHiddenAsync();
        await Expect(ui.ProviderSignInButton).ToBeHiddenAsync();
    }
}
