using System.Collections.Specialized;

namespace Tempo.Browser.Tests.Infrastructure;

/// <summary>The consent page (<c>/oauth/authorize</c>) in the browser: sign-in when needed, then Approve or Deny.</summary>
public sealed class ConsentPage(IPage page)
{
    public ILocator View => page.Locator("#consent-view");

    public ILocator Scopes => View.Locator("#consent-scopes li");

    public ILocator Approve => View.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true });

    public ILocator Deny => View.GetByRole(AriaRole.Button, new() { Name = "Deny", Exact = true });

    /// <summary>Opens the authorize URL; a person who is not signed in yet signs in with this account id (of this tenant) first.</summary>
    public async Task OpenAsync(string authorizeUrl, string? signInAs, string? tenant = null)
    {
        await TokenPage.DevSignInAsAsync(page, tenant);
        await page.GotoAsync(authorizeUrl);
        if (signInAs is not null)
        {
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
            await page.GetByLabel("Account id").FillAsync(signInAs);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        }

        await Expect(View).ToBeVisibleAsync();
        await Expect(Approve).ToBeFocusedAsync();
    }

    /// <summary>
    /// Approves or denies, and answers the query the client's receiver got. The tab is done then: it may still be
    /// on its way to the receiver's page, so the test goes on in a page of its own.
    /// </summary>
    public async Task<NameValueCollection> AnswerAsync(bool approve, CallbackReceiver receiver)
    {
        await (approve ? Approve : Deny).ClickAsync();
        return await receiver.NextAsync();
    }
}
