using System.Text.RegularExpressions;

namespace Tempo.Browser.Tests.Infrastructure;

/// <summary>An OAuth application as an administrator registered it on the page.</summary>
public sealed record RegisteredApplication(string Name, string ClientId, string? Secret, string RedirectUri);

/// <summary>
/// The OAuth parts of the API Integration page as a person uses them: "Authorized applications" (every user) and
/// "OAuth applications" (tenant administrators), found by role and label like <see cref="TokenPage"/>.
/// </summary>
public sealed class OAuthSections(TokenPage ui)
{
    private IPage Page => ui.Page;

    public ILocator Authorized => Page.GetByRole(AriaRole.Region, new() { Name = "Authorized applications", Exact = true });

    public ILocator Applications => Page.GetByRole(AriaRole.Region, new() { Name = "OAuth applications", Exact = true });

    public ILocator NewApplicationButton => Page.GetByRole(AriaRole.Button, new() { Name = "New application", Exact = true });

    public ILocator CreateForm => Page.GetByRole(AriaRole.Dialog, new() { Name = "New OAuth application" });

    public ILocator EditForm => Page.GetByRole(AriaRole.Dialog, new() { Name = "Edit OAuth application" });

    public ILocator ApplicationRow(string name) => Page.Locator("#applications-body tr").Filter(new()
    {
        Has = Page.GetByRole(AriaRole.Rowheader, new() { Name = name, Exact = true }),
    });

    public ILocator ApplicationCell(string name, string label) => ApplicationRow(name).Locator($"td[data-label='{label}']");

    public ILocator AuthorizedRow(string name) => Page.Locator("#authorized-body tr").Filter(new()
    {
        Has = Page.GetByRole(AriaRole.Rowheader, new() { Name = name, Exact = true }),
    });

    public ILocator AuthorizedCell(string name, string label) => AuthorizedRow(name).Locator($"td[data-label='{label}']");

    /// <summary>Fills the New application form (scopes: scope name to "View" or "Manage") without sending it.</summary>
    public async Task FillCreateFormAsync(string name, string redirectUris, string clientType, IReadOnlyDictionary<string, string> scopes)
    {
        await NewApplicationButton.ClickAsync();
        await Expect(CreateForm).ToBeVisibleAsync();
        await Expect(CreateForm.GetByLabel("Name", new() { Exact = true })).ToBeFocusedAsync();
        await CreateForm.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await CreateForm.GetByLabel("Redirect URLs").FillAsync(redirectUris);
        await CreateForm.GetByRole(AriaRole.Radio, new() { Name = clientType, Exact = true }).CheckAsync();
        foreach (var (scope, level) in scopes)
        {
            await SetScopeAsync(CreateForm, scope, level);
        }
    }

    public static Task SetScopeAsync(ILocator form, string scope, string level) =>
        form.GetByRole(AriaRole.Group, new() { Name = scope, Exact = true })
            .GetByRole(AriaRole.Radio, new() { Name = level, Exact = true }).CheckAsync();

    /// <summary>
    /// Registers an application through the form. A confidential client's secret is read from the show-once dialog
    /// (which must name the client id) and the dialog closed; a public client gets no secret and no dialog.
    /// </summary>
    public async Task<RegisteredApplication> CreateAsync(string name, string redirectUri, string clientType, IReadOnlyDictionary<string, string> scopes)
    {
        await FillCreateFormAsync(name, redirectUri, clientType, scopes);
        await CreateForm.GetByRole(AriaRole.Button, new() { Name = "Create application" }).ClickAsync();
        await Expect(CreateForm).ToBeHiddenAsync();
        await Expect(ApplicationRow(name)).ToHaveCountAsync(1);
        var clientId = (await ApplicationCell(name, "Client ID").TextContentAsync())!;
        string? secret = null;
        if (clientType == "Confidential")
        {
            await Expect(ui.ShowOnce.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Application created");
            await Expect(ui.ShowOnce).ToContainTextAsync("Copy this client secret now and store it somewhere safe. It won't be shown again.");
            await Expect(ui.ShowOnce.Locator("#secret-client-id")).ToHaveTextAsync(clientId);
            await Expect(ui.SecretValue).ToHaveTextAsync(new Regex("^[0-9A-Za-z]{43}$"));
            secret = (await ui.SecretValue.TextContentAsync())!;
            await ui.CloseSecretAsync(secret);
        }
        else
        {
            await Expect(ui.ShowOnce).ToBeHiddenAsync();
        }

        await Expect(ui.Page.Locator("#toast")).ToHaveTextAsync("Application created");
        return new RegisteredApplication(name, clientId, secret, redirectUri);
    }

    public async Task ChooseFromMenuAsync(string name, string item)
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Actions for {name}", Exact = true }).ClickAsync();
        var menu = Page.Locator(".menu:popover-open");
        await Expect(menu.GetByRole(AriaRole.Button).First).ToBeFocusedAsync();
        await menu.GetByRole(AriaRole.Button, new() { Name = item, Exact = true }).ClickAsync();
    }
}
