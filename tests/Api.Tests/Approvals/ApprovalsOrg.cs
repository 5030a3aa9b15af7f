using Microsoft.Extensions.DependencyInjection;
using Tempo.Api.Tests.Infrastructure;
using Tempo.Api.Tests.Worklogs;
using Tempo.Grains.Worklogs;

namespace Tempo.Api.Tests.Approvals;

/// <summary>The whole service with the real worklog lock, and barriers a test can put between a worklog write's steps.</summary>
public sealed class ApprovalsApiFactory : TempoApiFactory
{
    public WorklogStepScript Steps { get; } = new();

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<IWorklogWriteFaults>(Steps);
}

/// <summary>
/// A fresh tenant for one test: a team whose lead reviews its member, tokens for each person (approvals, worklogs,
/// teams and periods), and a signed-in administrator for the settings.
/// </summary>
public sealed class ApprovalsOrg
{
    private readonly TempoApiFactory _factory;

    private ApprovalsOrg(TempoApiFactory factory, string tenant)
    {
        _factory = factory;
        Tenant = tenant;
    }

    public string Tenant { get; }

    public string User { get; } = TempoClient.NewAccountId();

    public string Lead { get; } = TempoClient.NewAccountId();

    public int TeamId { get; private set; }

    /// <summary>The user's own token.</summary>
    public HttpClient AsUser { get; private set; } = null!;

    /// <summary>The token of the lead of the user's team.</summary>
    public HttpClient AsLead { get; private set; } = null!;

    public HttpClient Settings { get; private set; } = null!;

    public static async Task<ApprovalsOrg> CreateAsync(TempoApiFactory factory, string membershipFrom = "2025-01-01")
    {
        var org = new ApprovalsOrg(factory, TempoClient.NewTenant());
        org.AsUser = await org.TokenAsync(org.User);
        org.AsLead = await org.TokenAsync(org.Lead);
        org.Settings = await factory.SignedInAsync(TempoClient.NewAccountId(), org.Tenant, admin: true);
        org.TeamId = await org.TeamAsync(org.Lead, membershipFrom, org.User);
        return org;
    }

    /// <summary>A token of <paramref name="accountId"/> in this tenant; <paramref name="admin"/>: created while a tenant administrator.</summary>
    public async Task<HttpClient> TokenAsync(string accountId, bool admin = false)
    {
        var user = await _factory.SignedInAsync(accountId, Tenant, admin);
        var token = await user.CreateCustomTokenAsync(new Dictionary<string, string>
        {
            ["approvals"] = "MANAGE", ["worklogs"] = "MANAGE", ["teams"] = "MANAGE", ["periods"] = "VIEW",
        });
        return _factory.WithApiToken(token.Secret());
    }

    /// <summary>A team led by <paramref name="lead"/> with these members from <paramref name="from"/>; its id.</summary>
    public async Task<int> TeamAsync(string? lead, string from, params string[] members)
    {
        var team = await AsLead.PostJsonAsync("/4/teams", new { name = ScopedClients.Unique("Team"), leadAccountId = lead });
        var teamId = team["id"]!.GetValue<int>();
        foreach (var member in members)
        {
            await AsLead.PostJsonAsync("/4/team-memberships", new { teamId, accountId = member, from });
        }

        return teamId;
    }

    public static string Sheet(string accountId, string from, string action = "") =>
        $"/4/timesheet-approvals/user/{accountId}{(action.Length > 0 ? "/" + action : string.Empty)}?from={from}";

    public static async Task<JsonNode> ActAsync(HttpClient client, string accountId, string from, string action, object? body = null, HttpStatusCode expected = HttpStatusCode.OK) =>
        await client.PostJsonAsync(Sheet(accountId, from, action), body ?? new { }, expected);
}
