using Orleans.Concurrency;
using Tempo.Grains.Interfaces.Paging;

namespace Tempo.Grains.Interfaces.Accounts;

/// <summary>
/// The reference data of the Accounts scope for one tenant: customers, account categories, accounts and
/// account links, keyed by tenant (<see cref="AccountsGrainKeys.For"/>). One activation owns all four because their
/// rules span them (an account refers to a category and a customer; a link to an account; deleting one is refused
/// or cascades), so every rule holds atomically with one write. Ids are numeric, never reused; keys are unique.
/// Every command is durable in storage before it returns; reads never write.
/// </summary>
[Alias("tempo.IAccountsGrain")]
public interface IAccountsGrain : IGrainWithStringKey
{
    // Customers
    [ReadOnly, Alias("ListCustomers")] Task<Page<Customer>> ListCustomersAsync(PageRequest page);
    [ReadOnly, Alias("SearchCustomers")] Task<Page<Customer>> SearchCustomersAsync(CustomerSearch search, PageRequest page);
    [ReadOnly, Alias("GetCustomer")] Task<Customer?> GetCustomerAsync(int id);
    [ReadOnly, Alias("CustomerAccounts")] Task<GrainResult<Page<AccountView>>> GetCustomerAccountsAsync(int customerId, PageRequest page);
    [Alias("CreateCustomer")] Task<GrainResult<Customer>> CreateCustomerAsync(CustomerInput input);
    [Alias("UpdateCustomer")] Task<GrainResult<Customer>> UpdateCustomerAsync(string key, CustomerInput input);
    [Alias("DeleteCustomer")] Task<GrainResult<bool>> DeleteCustomerAsync(string key);

    // Categories
    [ReadOnly, Alias("ListCategories")] Task<ImmutableArray<Category>> ListCategoriesAsync(int? id);
    [ReadOnly, Alias("GetCategory")] Task<Category?> GetCategoryAsync(string key);
    [Alias("CreateCategory")] Task<GrainResult<Category>> CreateCategoryAsync(CategoryInput input);
    [Alias("UpdateCategory")] Task<GrainResult<Category>> UpdateCategoryAsync(string key, CategoryInput input);
    [Alias("DeleteCategory")] Task<GrainResult<bool>> DeleteCategoryAsync(string key);

    // Accounts
    /// <summary>OPEN and CLOSED accounts by id; archived ones only through search.</summary>
    [ReadOnly, Alias("ListAccounts")] Task<Page<AccountView>> ListAccountsAsync(PageRequest page);
    [ReadOnly, Alias("SearchAccounts")] Task<Page<AccountView>> SearchAccountsAsync(AccountSearch search, PageRequest page);
    [ReadOnly, Alias("GetAccount")] Task<AccountView?> GetAccountAsync(int id);
    [ReadOnly, Alias("GetAccountByKey")] Task<AccountView?> GetAccountByKeyAsync(string key);
    [ReadOnly, Alias("AccountLinks")] Task<GrainResult<Page<AccountLinkView>>> GetAccountLinksAsync(string accountKey, PageRequest page);
    [Alias("CreateAccount")] Task<GrainResult<AccountView>> CreateAccountAsync(AccountInput input);
    [Alias("UpdateAccount")] Task<GrainResult<AccountView>> UpdateAccountAsync(string key, AccountInput input);
    /// <summary>Deletes the account and its links.</summary>
    [Alias("DeleteAccount")] Task<GrainResult<bool>> DeleteAccountAsync(string key);

    // Account links
    [ReadOnly, Alias("GetLink")] Task<AccountLinkView?> GetLinkAsync(int id);
    /// <summary>A project's links; links of global accounts only when <paramref name="includeGlobalAccounts"/>.</summary>
    [ReadOnly, Alias("ProjectLinks")] Task<ImmutableArray<AccountLinkView>> GetProjectLinksAsync(long projectId, bool includeGlobalAccounts);
    [Alias("CreateLink")] Task<GrainResult<AccountLinkView>> CreateLinkAsync(AccountLinkInput input);
    [Alias("DeleteLink")] Task<GrainResult<bool>> DeleteLinkAsync(int id);
    /// <summary>Makes this link its project's default, and no other.</summary>
    [Alias("MakeDefaultLink")] Task<GrainResult<bool>> MakeLinkDefaultAsync(int id);
}

public static class AccountsGrainKeys
{
    public const string Kind = "accounts";

    /// <summary>The tenant's one <see cref="IAccountsGrain"/>: <c>accounts_&lt;tenant&gt;</c>.</summary>
    public static string For(TenantId tenant) => tenant.Key(Kind);

    public static IAccountsGrain GetAccountsGrain(this IGrainFactory grains, TenantId tenant) => grains.Reference<IAccountsGrain>(For(tenant));
}
