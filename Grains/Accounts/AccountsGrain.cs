using Tempo.Grains.Interfaces.Accounts;
using Tempo.Grains.Interfaces.Paging;

namespace Tempo.Grains.Accounts;

[GrainType("accounts")]
public sealed class AccountsGrain(
    [PersistentState("accountsScope", StorageNames.Default)] IPersistentState<AccountsState> state) : Grain, IAccountsGrain
{
    private AccountsState S => state.State;

    // ---- Customers -------------------------------------------------------------------------------------------

    public Task<Page<Customer>> ListCustomersAsync(PageRequest page) => Task.FromResult(page.Of(S.Customers.Values));

    public Task<Page<Customer>> SearchCustomersAsync(CustomerSearch search, PageRequest page) =>
        Task.FromResult(page.Of(S.Customers.Values.Where(c =>
            (search.Ids.IsDefaultOrEmpty || search.Ids.Contains(c.Id))
            && (search.Keys.IsDefaultOrEmpty || search.Keys.Contains(c.Key)))));

    public Task<Customer?> GetCustomerAsync(int id) => Task.FromResult(S.Customers.GetValueOrDefault(id));

    public Task<GrainResult<Page<AccountView>>> GetCustomerAccountsAsync(int customerId, PageRequest page) =>
        Task.FromResult(S.Customers.ContainsKey(customerId)
            ? GrainResult<Page<AccountView>>.Ok(page.Of(S.Accounts.Values.Where(a => a.CustomerId == customerId).Select(View)))
            : GrainResult<Page<AccountView>>.NotFound($"Customer '{customerId}' not found"));

    public async Task<GrainResult<Customer>> CreateCustomerAsync(CustomerInput input)
    {
        if (CustomerByKey(input.Key) is not null)
        {
            return GrainResult<Customer>.Invalid($"Customer with key '{input.Key}' already exists");
        }

        var customer = new Customer(S.LastCustomerId + 1, input.Key, input.Name);
        await CommitAsync(S with { Customers = S.Customers.Add(customer.Id, customer), LastCustomerId = customer.Id });
        return GrainResult<Customer>.Ok(customer);
    }

    public async Task<GrainResult<Customer>> UpdateCustomerAsync(string key, CustomerInput input)
    {
        if (CustomerByKey(key) is not { } existing)
        {
            return GrainResult<Customer>.NotFound($"Customer '{key}' not found");
        }

        if (input.Key != existing.Key && CustomerByKey(input.Key) is not null)
        {
            return GrainResult<Customer>.Invalid($"Customer with key '{input.Key}' already exists");
        }

        var updated = existing with { Key = input.Key, Name = input.Name };
        await CommitAsync(S with { Customers = S.Customers.SetItem(updated.Id, updated) });
        return GrainResult<Customer>.Ok(updated);
    }

    public async Task<GrainResult<bool>> DeleteCustomerAsync(string key)
    {
        if (CustomerByKey(key) is not { } customer)
        {
            return GrainResult<bool>.NotFound($"Customer '{key}' not found");
        }

        var users = S.Accounts.Values.Where(a => a.CustomerId == customer.Id).Select(a => a.Key).ToArray();
        if (users.Length > 0)
        {
            return GrainResult<bool>.Invalid($"Customer '{key}' can't be deleted: accounts {Quote(users)} use it");
        }

        await CommitAsync(S with { Customers = S.Customers.Remove(customer.Id) });
        return GrainResult.Done;
    }

    // ---- Categories ------------------------------------------------------------------------------------------

    public Task<ImmutableArray<Category>> ListCategoriesAsync(int? id) =>
        Task.FromResult<ImmutableArray<Category>>(id is { } only
            ? S.Categories.TryGetValue(only, out var category) ? [category] : []
            : [.. S.Categories.Values]);

    public Task<Category?> GetCategoryAsync(string key) => Task.FromResult(CategoryByKey(key));

    public async Task<GrainResult<Category>> CreateCategoryAsync(CategoryInput input)
    {
        if (CategoryByKey(input.Key) is not null)
        {
            return GrainResult<Category>.Invalid($"Category with key '{input.Key}' already exists");
        }

        var category = new Category(S.LastCategoryId + 1, input.Key, input.Name, input.TypeName);
        await CommitAsync(S with { Categories = S.Categories.Add(category.Id, category), LastCategoryId = category.Id });
        return GrainResult<Category>.Ok(category);
    }

    public async Task<GrainResult<Category>> UpdateCategoryAsync(string key, CategoryInput input)
    {
        if (CategoryByKey(key) is not { } existing)
        {
            return GrainResult<Category>.NotFound($"Category '{key}' not found");
        }

        if (input.Key != existing.Key && CategoryByKey(input.Key) is not null)
        {
            return GrainResult<Category>.Invalid($"Category with key '{input.Key}' already exists");
        }

        var updated = existing with { Key = input.Key, Name = input.Name, TypeName = input.TypeName };
        await CommitAsync(S with { Categories = S.Categories.SetItem(updated.Id, updated) });
        return GrainResult<Category>.Ok(updated);
    }

    public async Task<GrainResult<bool>> DeleteCategoryAsync(string key)
    {
        if (CategoryByKey(key) is not { } category)
        {
            return GrainResult<bool>.NotFound($"Category '{key}' not found");
        }

        var users = S.Accounts.Values.Where(a => a.CategoryId == category.Id).Select(a => a.Key).ToArray();
        if (users.Length > 0)
        {
            return GrainResult<bool>.Invalid($"Category '{key}' can't be deleted: accounts {Quote(users)} use it");
        }

        await CommitAsync(S with { Categories = S.Categories.Remove(category.Id) });
        return GrainResult.Done;
    }

    // ---- Accounts --------------------------------------------------------------------------------------------

    public Task<Page<AccountView>> ListAccountsAsync(PageRequest page) =>
        Task.FromResult(page.Of(S.Accounts.Values.Where(a => a.Status != AccountStatuses.Archived).Select(View)));

    public Task<Page<AccountView>> SearchAccountsAsync(AccountSearch search, PageRequest page) =>
        Task.FromResult(page.Of(S.Accounts.Values.Where(a =>
            (search.Ids.IsDefaultOrEmpty || search.Ids.Contains(a.Id))
            && (search.Keys.IsDefaultOrEmpty || search.Keys.Contains(a.Key))
            && (search.Statuses.IsDefaultOrEmpty || search.Statuses.Contains(a.Status))
            && (search.Global is not { } global || a.Global == global)).Select(View)));

    public Task<AccountView?> GetAccountAsync(int id) =>
        Task.FromResult(S.Accounts.TryGetValue(id, out var account) ? View(account) : null);

    public Task<AccountView?> GetAccountByKeyAsync(string key) =>
        Task.FromResult(AccountByKey(key) is { } account ? View(account) : null);

    public Task<GrainResult<Page<AccountLinkView>>> GetAccountLinksAsync(string accountKey, PageRequest page) =>
        Task.FromResult(AccountByKey(accountKey) is { } account
            ? GrainResult<Page<AccountLinkView>>.Ok(page.Of(S.Links.Values.Where(l => l.AccountId == account.Id).Select(LinkView)))
            : GrainResult<Page<AccountLinkView>>.NotFound($"Account '{accountKey}' not found"));

    public async Task<GrainResult<AccountView>> CreateAccountAsync(AccountInput input)
    {
        if (AccountByKey(input.Key) is not null)
        {
            return GrainResult<AccountView>.Invalid($"Account with key '{input.Key}' already exists");
        }

        var resolved = Resolve(input, S.LastAccountId + 1);
        if (resolved.Status != ResultStatus.Ok)
        {
            return resolved.As<AccountView>();
        }

        var account = resolved.Value!;
        await CommitAsync(S with { Accounts = S.Accounts.Add(account.Id, account), LastAccountId = account.Id });
        return GrainResult<AccountView>.Ok(View(account));
    }

    public async Task<GrainResult<AccountView>> UpdateAccountAsync(string key, AccountInput input)
    {
        if (AccountByKey(key) is not { } existing)
        {
            return GrainResult<AccountView>.NotFound($"Account '{key}' not found");
        }

        if (input.Key != existing.Key && AccountByKey(input.Key) is not null)
        {
            return GrainResult<AccountView>.Invalid($"Account with key '{input.Key}' already exists");
        }

        var resolved = Resolve(input, existing.Id);
        if (resolved.Status != ResultStatus.Ok)
        {
            return resolved.As<AccountView>();
        }

        var account = resolved.Value!;
        await CommitAsync(S with { Accounts = S.Accounts.SetItem(account.Id, account) });
        return GrainResult<AccountView>.Ok(View(account));
    }

    public async Task<GrainResult<bool>> DeleteAccountAsync(string key)
    {
        if (AccountByKey(key) is not { } account)
        {
            return GrainResult<bool>.NotFound($"Account '{key}' not found");
        }

        var links = S.Links.Values.Where(l => l.AccountId == account.Id).Select(l => l.Id);
        await CommitAsync(S with { Accounts = S.Accounts.Remove(account.Id), Links = S.Links.RemoveRange(links) });
        return GrainResult.Done;
    }

    // ---- Account links ---------------------------------------------------------------------------------------

    public Task<AccountLinkView?> GetLinkAsync(int id) =>
        Task.FromResult(S.Links.TryGetValue(id, out var link) ? LinkView(link) : null);

    public Task<ImmutableArray<AccountLinkView>> GetProjectLinksAsync(long projectId, bool includeGlobalAccounts) =>
        Task.FromResult<ImmutableArray<AccountLinkView>>([.. S.Links.Values
            .Where(l => l.ProjectId == projectId && (includeGlobalAccounts || !S.Accounts[l.AccountId].Global))
            .Select(LinkView)]);

    public async Task<GrainResult<AccountLinkView>> CreateLinkAsync(AccountLinkInput input)
    {
        if (AccountByKey(input.AccountKey) is not { } account)
        {
            return GrainResult<AccountLinkView>.NotFound($"Account '{input.AccountKey}' not found");
        }

        if (S.Links.Values.Any(l => l.AccountId == account.Id && l.ProjectId == input.ProjectId))
        {
            return GrainResult<AccountLinkView>.Invalid($"Account '{account.Key}' is already linked to project {input.ProjectId}");
        }

        var link = new AccountLink(S.LastLinkId + 1, account.Id, input.ProjectId, input.Default);
        var links = input.Default ? WithoutDefault(S.Links, input.ProjectId) : S.Links;
        await CommitAsync(S with { Links = links.Add(link.Id, link), LastLinkId = link.Id });
        return GrainResult<AccountLinkView>.Ok(LinkView(link));
    }

    public async Task<GrainResult<bool>> DeleteLinkAsync(int id)
    {
        if (!S.Links.ContainsKey(id))
        {
            return GrainResult<bool>.NotFound($"Account link '{id}' not found");
        }

        await CommitAsync(S with { Links = S.Links.Remove(id) });
        return GrainResult.Done;
    }

    public async Task<GrainResult<bool>> MakeLinkDefaultAsync(int id)
    {
        if (!S.Links.TryGetValue(id, out var link))
        {
            return GrainResult<bool>.NotFound($"Account link '{id}' not found");
        }

        if (!link.Default)
        {
            var links = WithoutDefault(S.Links, link.ProjectId).SetItem(id, link with { Default = true });
            await CommitAsync(S with { Links = links });
        }

        return GrainResult.Done;
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private GrainResult<Account> Resolve(AccountInput input, int id)
    {
        Category? category = null;
        if (input.CategoryKey is { } categoryKey && (category = CategoryByKey(categoryKey)) is null)
        {
            return GrainResult<Account>.NotFound($"Category '{categoryKey}' not found");
        }

        Customer? customer = null;
        if (input.CustomerKey is { } customerKey && (customer = CustomerByKey(customerKey)) is null)
        {
            return GrainResult<Account>.NotFound($"Customer '{customerKey}' not found");
        }

        return GrainResult<Account>.Ok(new Account(
            id, input.Key, input.Name, input.Status, input.Global, input.MonthlyBudget, input.LeadAccountId,
            input.ContactAccountId, input.ExternalContactName, category?.Id, customer?.Id));
    }

    private static ImmutableSortedDictionary<int, AccountLink> WithoutDefault(ImmutableSortedDictionary<int, AccountLink> links, long projectId) =>
        links.SetItems(links.Values.Where(l => l.ProjectId == projectId && l.Default)
            .Select(l => KeyValuePair.Create(l.Id, l with { Default = false })));

    private AccountView View(Account account) => new(
        account,
        account.CategoryId is { } categoryId ? S.Categories.GetValueOrDefault(categoryId) : null,
        account.CustomerId is { } customerId ? S.Customers.GetValueOrDefault(customerId) : null);

    private AccountLinkView LinkView(AccountLink link) => new(link, S.Accounts[link.AccountId].Key);

    private Customer? CustomerByKey(string key) => S.Customers.Values.FirstOrDefault(c => c.Key == key);

    private Category? CategoryByKey(string key) => S.Categories.Values.FirstOrDefault(c => c.Key == key);

    private Account? AccountByKey(string key) => S.Accounts.Values.FirstOrDefault(a => a.Key == key);

    private static string Quote(IEnumerable<string> keys) => string.Join(", ", keys.Select(k => $"'{k}'"));

    /// <summary>Writes the next state; on failure the grain keeps the previous state and reloads on next activation.</summary>
    private Task CommitAsync(AccountsState next) => state.CommitAsync(next, DeactivateOnIdle);
}
