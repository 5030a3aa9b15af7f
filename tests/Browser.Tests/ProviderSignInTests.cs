using System.Text.RegularExpressions;

namespace Tempo.Browser.Tests;

/// <summary>
/// Production sign-in: the page signs in at a real OpenID Connect provider (OpenIddict, on loopback) with the
/// authorization code flow and PKCE, shows the account and tenant the API reads from the provider's token, and
/// refuses every answer that does not belong to the sign-in it started.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ProviderSignInTests(Chromium chromium, OidcServer server) : IClassFixture<OidcServer>
{
    private const string PendingKey = "tempo.apiIntegration.pendingSignIn";

    [Fact]
    public async Task Signs_in_at_the_provider_shows_account_and_tenant_and_signs_out_there_too()
    {
        var account = Accounts.New();
        server.Provider.NextUser = new SignedInAs(account, "acme", Admin: true);
        await using var ui = await TokenPage.OpenAsync(chromium, server);
        await Expect(ui.AccountIdInput).ToBeHiddenAsync();

        await ui.ProviderSignInButton.ClickAsync();
        await Expect(ui.Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Tempo" })).ToBeVisibleAsync();
        Assert.StartsWith(server.Provider.Issuer.ToString(), ui.Page.Url);
        Assert.Contains("code_challenge_method=S256", ui.Page.Url);
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();

        await Expect(ui.SignedInAs).ToContainTextAsync($"Signed in as {account}");
        await Expect(ui.SignedInAs).ToContainTextAsync("Tenant acme");
        await Expect(ui.SignedInAs).ToContainTextAsync("Admin");
        Assert.Equal(server.PageUrl, ui.Page.Url);
        await Expect(ui.EmptyState).ToBeVisibleAsync();

        // The management API takes the provider's token: creating a token works.
        var secret = await ui.CreateAndCloseAsync("Provider made");
        Assert.Equal(HttpStatusCode.OK, (await server.ViewAccountsAsync(secret)).Status);

        // Tokens only in this tab's sessionStorage: no localStorage, no cookies.
        Assert.Equal("{}", await ui.Page.EvaluateAsync<string>("() => JSON.stringify(localStorage)"));
        Assert.Empty(await ui.Page.Context.CookiesAsync([server.PageUrl]));
        Assert.Contains("accessToken", await ui.Page.EvaluateAsync<string>("() => JSON.stringify(sessionStorage)"));

        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(ui.Page.Locator("#sign-in-notice")).ToHaveTextAsync("You have signed out.");
        Assert.Contains("GET /connect/endsession", server.Provider.Requests);
        await Expect(ui.ProviderSignInButton).ToBeVisibleAsync();
        Assert.Equal("{}", await ui.Page.EvaluateAsync<string>("() => JSON.stringify(sessionStorage)"));
    }

    [Fact]
    public async Task Denied_consent_says_sign_in_was_cancelled()
    {
        await using var ui = await TokenPage.OpenAsync(chromium, server);
        await ui.ProviderSignInButton.ClickAsync();
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Deny" }).ClickAsync();

        await Expect(ui.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Sign-in was cancelled at the sign-in provider. Sign in again when you are ready.");
        await Expect(ui.SignedInAs).ToBeHiddenAsync();
        await Expect(ui.ProviderSignInButton).ToBeVisibleAsync();
        Assert.DoesNotContain("?", ui.Page.Url);
    }

    [Fact]
    public async Task An_answer_with_a_wrong_state_is_refused_and_its_code_never_exchanged()
    {
        await using var ui = await TokenPage.OpenAsync(chromium, server);
        var callback = await AllowButStopBeforeThePageAsync(ui);

        var tokenRequests = TokenRequests();
        await ui.Page.GotoAsync(Regex.Replace(callback, "state=[^&]+", "state=forged"));

        await Expect(ui.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("did not belong to a sign-in started in this tab");
        await Expect(ui.SignedInAs).ToBeHiddenAsync();
        Assert.Equal(tokenRequests, TokenRequests());
    }

    [Fact]
    public async Task A_wrong_code_verifier_is_refused_by_the_provider()
    {
        await using var ui = await TokenPage.OpenAsync(chromium, server);
        var callback = await AllowButStopBeforeThePageAsync(ui);
        await ui.Page.GotoAsync(server.PageUrl);
        await ui.Page.EvaluateAsync(
            // Another first character, whatever it was (a verifier starting with 'x' once made this test pass the real one on).
            "key => { const p = JSON.parse(sessionStorage.getItem(key)); p.verifier = (p.verifier[0] === 'x' ? 'y' : 'x') + p.verifier.slice(1); sessionStorage.setItem(key, JSON.stringify(p)); }",
            PendingKey);

        var tokenRequests = TokenRequests();
        await ui.Page.GotoAsync(callback);

        await Expect(ui.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The sign-in provider did not accept this sign-in (invalid_grant). Sign in again.");
        await Expect(ui.SignedInAs).ToBeHiddenAsync();
        Assert.Equal(tokenRequests + 1, TokenRequests());
    }

    private int TokenRequests() => server.Provider.Requests.Count(r => r == "POST /connect/token");

    /// <summary>
    /// Starts a sign-in and allows it, catching the provider's redirect back to the page before the browser follows
    /// it (Playwright does not route redirects, so the Allow POST itself is fetched without following them).
    /// </summary>
    private async Task<string> AllowButStopBeforeThePageAsync(TokenPage ui)
    {
        var caught = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var authorize = new Uri(server.Provider.Issuer, "connect/authorize").ToString();
        bool IsAuthorize(string url) => url.StartsWith(authorize, StringComparison.Ordinal);
        await ui.Page.RouteAsync(IsAuthorize, async route =>
        {
            if (route.Request.Method != "POST")
            {
                await route.ContinueAsync();
                return;
            }

            var answer = await route.FetchAsync(new() { MaxRedirects = 0 });
            caught.TrySetResult(answer.Headers["location"]);
            await route.FulfillAsync(new() { Status = 200, ContentType = "text/html", Body = "<!doctype html><title>Stopped</title>" });
        });
        await ui.ProviderSignInButton.ClickAsync();
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();
        var callback = await caught.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await ui.Page.UnrouteAsync(IsAuthorize);
        Assert.Contains("code=", callback);
        return callback;
    }
}

[Collection(BrowserCollection.Name)]
public sealed class ProviderSessionExpiryTests(Chromium chromium, ExpiringOidcServer server) : IClassFixture<ExpiringOidcServer>
{
    [Fact]
    public async Task An_expired_session_ends_with_a_clear_message()
    {
        await using var ui = await TokenPage.OpenAsync(chromium, server);
        await ui.ProviderSignInButton.ClickAsync();
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();
        await Expect(ui.SignedInAs).ToContainTextAsync("Tenant acme");
        await Expect(ui.EmptyState).ToBeVisibleAsync();
        // Signing in ends with the authorized applications' list: it must be answered before the clock moves, or that
        // request, not the create below, is the one that meets the expired session (and the page signs out first).
        await Expect(ui.Page.Locator("#authorized-empty")).ToBeVisibleAsync();

        server.Time.Advance(TimeSpan.FromHours(2));
        await ui.NewTokenButton.ClickAsync();
        await Expect(ui.Form).ToBeVisibleAsync();
        await ui.NameInput.FillAsync("Too late");
        await ui.SubmitFormAsync();

        await Expect(ui.Page.Locator("#sign-in-notice")).ToHaveTextAsync("Your session has expired. Sign in again to continue.");
        await Expect(ui.SignedInAs).ToBeHiddenAsync();
        await Expect(ui.Form).ToBeHiddenAsync();
        await Expect(ui.ProviderSignInButton).ToBeVisibleAsync();
    }
}
