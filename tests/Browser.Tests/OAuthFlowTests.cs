namespace Tempo.Browser.Tests;

/// <summary>
/// OAuth 2.0 end to end in the browser: an administrator registers the application on the page, a client library
/// builds the authorize URL, a person signs in and answers the consent page, the redirect lands on the client's
/// loopback receiver, and the client uses what it got. Then the person and the administrator take it back.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OAuthFlowTests(Chromium chromium, TempoServer server)
{
    private static readonly Dictionary<string, string> AccountsView = new() { ["Accounts"] = "View" };

    [Fact]
    public async Task A_confidential_client_is_approved_in_the_browser_and_its_token_stops_when_the_user_revokes_it()
    {
        await using var receiver = new CallbackReceiver();
        var tenant = Accounts.NewTenant();
        var application = await RegisterAsync(tenant, "Ledger BI", receiver, "Confidential", new() { ["Accounts"] = "View", ["Worklogs"] = "Manage" });
        var client = new OAuthClient(server, application);

        await using var ui = await TokenPage.OpenAsync(chromium, server);
        var user = Accounts.New();
        var consent = new ConsentPage(ui.Page);
        await consent.OpenAsync(client.AuthorizeUrl("accounts:view", pkce: false), signInAs: user, tenant);
        await Expect(consent.View.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Ledger BI wants to access your Tempo data");
        await Expect(consent.View.Locator("#consent-tenant")).ToHaveTextAsync(tenant);
        await Expect(consent.Scopes).ToHaveTextAsync(["Accounts View accounts:view"]);
        var redirect = await consent.AnswerAsync(approve: true, receiver);
        Assert.Equal(client.State, redirect["state"]);
        Assert.Null(redirect["error"]);
        var tokens = await client.RedeemAsync(redirect["code"]!, pkce: false);
        Assert.Equal("Bearer", tokens.TokenType);
        Assert.Equal("accounts:view", tokens.Scope);
        Assert.Equal(HttpStatusCode.OK, await client.GetAsync(tokens.AccessToken!, "/4/account-category-types"));
        Assert.Equal(HttpStatusCode.Forbidden, await client.GetAsync(tokens.AccessToken!, "/4/teams"));

        // The person's page lists what they authorized, with its scopes and use, and takes it back.
        await using var page = await TokenPage.OpenAsync(chromium, server);
        await page.SignInAsync(user, tenant: tenant);
        var oauth = new OAuthSections(page);
        await Expect(oauth.Applications).ToBeHiddenAsync();
        await Expect(oauth.AuthorizedRow("Ledger BI")).ToHaveCountAsync(1);
        await Expect(oauth.AuthorizedCell("Ledger BI", "Scopes")).ToHaveTextAsync("Accounts: View");
        await Expect(oauth.AuthorizedCell("Ledger BI", "Authorized")).ToHaveTextAsync(TokenPage.DateText(server.Time.GetUtcNow()));
        await Expect(oauth.AuthorizedCell("Ledger BI", "Last used")).ToContainTextAsync(TokenPage.DateText(server.Time.GetUtcNow()));

        await oauth.Authorized.GetByRole(AriaRole.Button, new() { Name = "Revoke Ledger BI" }).ClickAsync();
        await Expect(page.Confirm.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Revoke access?");
        await Expect(page.Confirm).ToContainTextAsync("“Ledger BI” loses its access at once");
        await Expect(page.Confirm.GetByRole(AriaRole.Button, new() { Name = "Cancel" })).ToBeFocusedAsync();
        await page.Confirm.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(page.Confirm).ToBeHiddenAsync();
        await Expect(oauth.AuthorizedRow("Ledger BI")).ToHaveCountAsync(0);
        await Expect(oauth.Authorized).ToContainTextAsync("You haven't authorized any application.");
        await Expect(page.Page.Locator("#toast")).ToHaveTextAsync("Access revoked");

        Assert.Equal(HttpStatusCode.Unauthorized, await client.GetAsync(tokens.AccessToken!, "/4/account-category-types"));
    }

    [Fact]
    public async Task A_public_client_uses_pkce_and_deleting_it_on_the_page_revokes_its_tokens()
    {
        await using var receiver = new CallbackReceiver();
        var tenant = Accounts.NewTenant();
        await using var admin = await TokenPage.OpenAsync(chromium, server);
        await admin.SignInAsync(Accounts.New(), admin: true, tenant);
        var oauth = new OAuthSections(admin);
        var application = await oauth.CreateAsync("Desk timer", receiver.RedirectUri, "Public", new Dictionary<string, string> { ["Accounts"] = "Manage" });
        await Expect(oauth.ApplicationCell("Desk timer", "Type")).ToHaveTextAsync("Public");
        await Expect(oauth.ApplicationCell("Desk timer", "Redirect URLs")).ToHaveTextAsync(receiver.RedirectUri);
        await Expect(oauth.ApplicationCell("Desk timer", "Scopes")).ToHaveTextAsync("Accounts: Manage");
        var client = new OAuthClient(server, application);

        await using var ui = await TokenPage.OpenAsync(chromium, server);
        var consent = new ConsentPage(ui.Page);
        await consent.OpenAsync(client.AuthorizeUrl("accounts:manage", pkce: true), signInAs: Accounts.New(), tenant);
        await Expect(consent.View.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Desk timer wants to access your Tempo data");
        await Expect(consent.Scopes).ToHaveTextAsync(["Accounts View and manage accounts:manage"]);
        var redirect = await consent.AnswerAsync(approve: true, receiver);
        Assert.Equal(client.State, redirect["state"]);
        var tokens = await client.RedeemAsync(redirect["code"]!, pkce: true);
        Assert.Equal(HttpStatusCode.OK, await client.GetAsync(tokens.AccessToken!, "/4/account-category-types"));
        Assert.Equal(HttpStatusCode.Forbidden, await client.GetAsync(tokens.AccessToken!, "/4/teams"));

        await oauth.ChooseFromMenuAsync("Desk timer", "Delete");
        await Expect(admin.Confirm.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Delete application?");
        await Expect(admin.Confirm).ToContainTextAsync("revokes every token it issued");
        await admin.Confirm.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(admin.Confirm).ToBeHiddenAsync();
        await Expect(oauth.ApplicationRow("Desk timer")).ToHaveCountAsync(0);
        await Expect(admin.Page.Locator("#toast")).ToHaveTextAsync("Application deleted");

        Assert.Equal(HttpStatusCode.Unauthorized, await client.GetAsync(tokens.AccessToken!, "/4/account-category-types"));
    }

    [Theory]
    [InlineData("Confidential", false)]
    [InlineData("Public", true)]
    public async Task Denying_redirects_with_access_denied_and_no_code(string clientType, bool pkce)
    {
        await using var receiver = new CallbackReceiver();
        var tenant = Accounts.NewTenant();
        var application = await RegisterAsync(tenant, $"Denied {clientType}", receiver, clientType, AccountsView);
        var client = new OAuthClient(server, application);

        await using var ui = await TokenPage.OpenAsync(chromium, server);
        var consent = new ConsentPage(ui.Page);
        var user = Accounts.New();
        await consent.OpenAsync(client.AuthorizeUrl("accounts:view", pkce), signInAs: user, tenant);
        var redirect = await consent.AnswerAsync(approve: false, receiver);
        Assert.Equal("access_denied", redirect["error"]);
        Assert.Null(redirect["code"]);
        Assert.Equal(client.State, redirect["state"]);

        await using var page = await TokenPage.OpenAsync(chromium, server);
        await page.SignInAsync(user, tenant: tenant);
        await Expect(new OAuthSections(page).Authorized).ToContainTextAsync("You haven't authorized any application.");
    }

    [Fact]
    public async Task A_user_who_is_not_an_administrator_sees_no_oauth_applications_section()
    {
        await using var ui = await TokenPage.OpenAsync(chromium, server);
        await ui.SignInAsync(Accounts.New());
        var oauth = new OAuthSections(ui);

        await Expect(oauth.Authorized).ToBeVisibleAsync();
        await Expect(oauth.Authorized).ToContainTextAsync("You haven't authorized any application.");
        await Expect(oauth.Applications).ToHaveCountAsync(0);
        await Expect(ui.Page.Locator("#applications-view")).ToBeHiddenAsync();
        await Expect(oauth.NewApplicationButton).ToBeHiddenAsync();
    }

    private async Task<RegisteredApplication> RegisterAsync(string tenant, string name, CallbackReceiver receiver, string clientType, Dictionary<string, string> scopes)
    {
        await using var admin = await TokenPage.OpenAsync(chromium, server);
        await admin.SignInAsync(Accounts.New(), admin: true, tenant);
        return await new OAuthSections(admin).CreateAsync(name, receiver.RedirectUri, clientType, scopes);
    }
}
