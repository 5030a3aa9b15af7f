using System.Net.Http.Headers;
using Tempo.Api.Tests.Infrastructure;

namespace Tempo.Api.Tests.Schemes;

/// <summary>Each tenant has its own schemes: another tenant starts from its own defaults and can't reach this one's.</summary>
public sealed class SchemesTenantIsolationTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    [Fact]
    public async Task Another_tenant_sees_its_own_default_schemes_and_not_this_tenants()
    {
        var here = await factory.ApiClientAsync("schemes", "MANAGE");
        var workload = await here.CreateWorkloadAsync(3_600, 3_600, 3_600, 3_600, 3_600, 0, 0);
        var holidays = await here.CreateHolidaySchemeAsync();
        var user = SchemesTestData.NewAccount();
        await here.AssignAsync("workload", workload, user);
        var other = await OtherTenantClientAsync("other");

        var otherWorkloads = (await other.GetJsonAsync("/4/workload-schemes?limit=1000"))["results"]!.AsArray();
        var otherHolidays = (await other.GetJsonAsync("/4/holiday-schemes"))["results"]!.AsArray();

        Assert.Equal(["Default Workload Scheme"], otherWorkloads.Select(s => s!["name"]!.GetValue<string>()));
        Assert.Equal(["Default Holiday Scheme"], otherHolidays.Select(s => s!["name"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/4/workload-schemes/{workload}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/4/holiday-schemes/{holidays}")).StatusCode);
        Assert.Equal(1, (await other.GetJsonAsync($"/4/workload-schemes/users/{user}"))["id"]!.GetValue<int>());
    }

    /// <summary>A schemes:MANAGE token of a user of <paramref name="tenant"/>, by development sign-in with a tenant.</summary>
    private async Task<HttpClient> OtherTenantClientAsync(string tenant)
    {
        var client = factory.CreateClient();
        var signIn = await client.PostAsJsonAsync("/dev/sign-in", new { accountId = TempoClient.NewAccountId(), tenant });
        var jwt = (await signIn.ReadJsonAsync(HttpStatusCode.OK))["accessToken"]!.GetValue<string>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", jwt);
        var token = await client.CreateCustomTokenAsync(new Dictionary<string, string> { ["schemes"] = "MANAGE" });
        return factory.WithApiToken(token.Secret());
    }
}
