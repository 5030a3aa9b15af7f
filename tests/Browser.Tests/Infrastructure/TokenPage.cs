using System.Text.RegularExpressions;

namespace Tempo.Browser.Tests.Infrastructure;

/// <summary>
/// The API Integration page as a person uses it: controls are found by their role and label (so a missing label
/// fails the test) and every step waits the way Playwright does, never by sleeping.
/// </summary>
public sealed class TokenPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _scriptErrors = [];

    private TokenPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.PageError += (_, error) => _scriptErrors.Add(error);
        page.Console += (_, message) =>
        {
            // A failed request is logged by the browser itself; the page shows those, tests check that it does.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                _scriptErrors.Add(message.Text);
            }
        };
    }

    public IPage Page { get; }

    public ILocator AccountIdInput => Page.GetByLabel("Account id");

    public ILocator SignedInAs => Page.Locator("#account");

    public ILocator ProviderSignInButton => Page.GetByRole(AriaRole.Button, new() { Name = "Sign in with your organisation" });

    public ILocator EmptyState => Page.Locator("#empty-state");

    public ILocator NewTokenButton => Page.GetByRole(AriaRole.Button, new() { Name = "New token", Exact = true });

    public ILocator Form => Page.GetByRole(AriaRole.Dialog, new() { Name = "New token" });

    public ILocator NameInput => Form.GetByLabel("Name", new() { Exact = true });

    public ILocator ShowOnce => Page.Locator("#secret-dialog");

    public ILocator SecretValue => ShowOnce.Locator("#secret-value");

    public ILocator Confirm => Page.Locator("#confirm-dialog");

    public ILocator EditDialog => Page.GetByRole(AriaRole.Dialog, new() { Name = "Edit token" });

    public ILocator TokensError => Page.Locator("#tokens-error");

    public static async Task<TokenPage> OpenAsync(Chromium chromium, TempoServer server, ViewportSize? viewport = null)
    {
        var context = await chromium.NewContextAsync(server, viewport);
        var page = new TokenPage(context, await context.NewPageAsync());
        await page.Page.GotoAsync(server.PageUrl);
        return page;
    }

    /// <summary>
    /// Signs in through the page's development sign-in form. The form asks for an account id only (the default
    /// tenant, no administrator); a tenant or admin is added to its request on the way (what a provider sign-in
    /// carries as claims), see <see cref="DevSignInAsAsync"/>.
    /// </summary>
    public async Task SignInAsync(string accountId, bool admin = false, string? tenant = null)
    {
        await DevSignInAsAsync(Page, tenant, admin);
        await AccountIdInput.FillAsync(accountId);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(SignedInAs).ToContainTextAsync($"Signed in as {accountId}");
        if (admin)
        {
            await Expect(SignedInAs).ToContainTextAsync("Admin");
        }

        if (tenant is not null)
        {
            await Expect(SignedInAs).ToContainTextAsync($"Tenant {tenant}");
        }

        await ListShownAsync();
    }

    /// <summary>Waits until the overview shows the list or, with no tokens, the empty-state panel.</summary>
    public async Task ListShownAsync()
    {
        await Expect(Page.Locator("#tokens-table:not([hidden]), #empty-state:not([hidden])")).ToBeVisibleAsync();
    }

    public async Task OpenFormAsync()
    {
        await NewTokenButton.ClickAsync();
        await Expect(Form).ToBeVisibleAsync();
        await Expect(NameInput).ToBeFocusedAsync();
    }

    /// <summary>The radio group of one scope in the Custom access list, found by its legend.</summary>
    public ILocator Scope(string name) => Form.GetByRole(AriaRole.Group, new() { Name = name, Exact = true });

    public Task ChooseAsync(string radioLabel) =>
        Form.GetByRole(AriaRole.Radio, new() { Name = radioLabel, Exact = true }).CheckAsync();

    public Task SetScopeAsync(string scope, string level) =>
        Scope(scope).GetByRole(AriaRole.Radio, new() { Name = level, Exact = true }).CheckAsync();

    public async Task SubmitFormAsync()
    {
        await Form.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
    }

    /// <summary>Fills and sends the form; returns the secret read from the show-once dialog, which stays open.</summary>
    public async Task<string> CreateAsync(string name, IReadOnlyDictionary<string, string>? scopes = null, string expiry = "30 days")
    {
        await OpenFormAsync();
        await NameInput.FillAsync(name);
        await ChooseAsync(expiry);
        if (scopes is not null)
        {
            await ChooseAsync("Custom access");
            foreach (var (scope, level) in scopes)
            {
                await SetScopeAsync(scope, level);
            }
        }

        await SubmitFormAsync();
        return await ReadSecretAsync("Token created");
    }

    public async Task<string> ReadSecretAsync(string title)
    {
        await Expect(ShowOnce).ToBeVisibleAsync();
        await Expect(ShowOnce.GetByRole(AriaRole.Heading)).ToHaveTextAsync(title);
        await Expect(SecretValue).ToHaveTextAsync(new Regex("^tempo_"));
        return (await SecretValue.TextContentAsync())!;
    }

    /// <summary>
    /// Closes the show-once dialog (answering "Close anyway" when the secret was not copied) and checks that the
    /// secret is gone from the page.
    /// </summary>
    public async Task CloseSecretAsync(string secret)
    {
        await ShowOnce.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).ClickAsync();
        var anyway = ShowOnce.GetByRole(AriaRole.Button, new() { Name = "Close anyway" });
        if (await anyway.IsVisibleAsync())
        {
            await anyway.ClickAsync();
        }

        await Expect(ShowOnce).ToBeHiddenAsync();
        await Expect(SecretValue).ToBeEmptyAsync();
        Assert.DoesNotContain(secret, await Page.ContentAsync());
        Assert.False(await Page.EvaluateAsync<bool>("s => document.documentElement.outerHTML.includes(s)", secret));
    }

    public async Task<string> CreateAndCloseAsync(string name, IReadOnlyDictionary<string, string>? scopes = null, string expiry = "30 days")
    {
        var secret = await CreateAsync(name, scopes, expiry);
        await CloseSecretAsync(secret);
        return secret;
    }

    /// <summary>The overview row of the token with this name.</summary>
    public ILocator Row(string name) => Page.Locator("#tokens-body tr").Filter(new()
    {
        Has = Page.GetByRole(AriaRole.Rowheader, new() { Name = name, Exact = true }),
    });

    public ILocator Cell(string name, string label) => Row(name).Locator($"td[data-label='{label}']");

    public ILocator MenuButton(string name) => Page.GetByRole(AriaRole.Button, new() { Name = $"Actions for {name}", Exact = true });

    /// <summary>Opens a row's menu and returns it.</summary>
    public async Task<ILocator> OpenMenuAsync(string name)
    {
        await MenuButton(name).ClickAsync();
        var menu = Page.Locator(".menu:popover-open");
        await Expect(menu).ToBeVisibleAsync();

        // Placed under its button and its first item focused once open.
        await Expect(menu.GetByRole(AriaRole.Button).First).ToBeFocusedAsync();
        return menu;
    }

    public async Task ChooseFromMenuAsync(string name, string item)
    {
        var menu = await OpenMenuAsync(name);
        await menu.GetByRole(AriaRole.Button, new() { Name = item, Exact = true }).ClickAsync();
    }

    /// <summary>
    /// From now on, this page's development sign-ins (the API Integration page's or the consent page's form) sign in
    /// to this tenant, as an administrator when asked. Nothing changes when neither is given.
    /// </summary>
    public static async Task DevSignInAsAsync(IPage page, string? tenant, bool admin = false)
    {
        if (tenant is null && !admin)
        {
            return;
        }

        await page.RouteAsync("**/dev/sign-in", async route =>
        {
            var body = System.Text.Json.Nodes.JsonNode.Parse(route.Request.PostData!)!.AsObject();
            body["tenant"] = tenant;
            body["admin"] = admin;
            await route.ContinueAsync(new() { PostData = System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()) });
        });
    }

    public async Task ReloadAsync()
    {
        await Page.ReloadAsync();
        await Expect(Page.Locator("#loading")).ToBeHiddenAsync();
    }

    /// <summary>Fails on any script error the page raised, then closes its browser profile.</summary>
    public async ValueTask DisposeAsync()
    {
        await _context.CloseAsync();
        Assert.True(_scriptErrors.Count == 0, "script errors on the page:\n" + string.Join("\n", _scriptErrors));
    }

    public static string DateText(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("MMM d, yyyy", System.Globalization.CultureInfo.InvariantCulture);
}
