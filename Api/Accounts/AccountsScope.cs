using Tempo.Api.Conventions;
using Tempo.Grains.Interfaces.Accounts;

namespace Tempo.Api.Accounts;

/// <summary>The token scope of the Accounts namespaces, and the tenant's grain that owns their data.</summary>
public static class AccountsScope
{
    public const string Scope = "accounts";

    public static IAccountsGrain Grain(this TenantGrains grains) => grains.Factory.GetAccountsGrain(grains.Tenant);
}
