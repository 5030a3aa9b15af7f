using Microsoft.Extensions.DependencyInjection;
using Tempo.Api.Tests.Infrastructure;
using Tempo.Grains.Interfaces;
using Tempo.Grains.Interfaces.Schemes;

namespace Tempo.Api.Tests.Schemes;

/// <summary>Moving users between schemes, listing and searching members, and deleting a scheme with members.</summary>
public sealed class MembershipScenarioTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    [Theory]
    [InlineData("workload")]
    [InlineData("holiday")]
    public async Task Assigning_a_user_moves_it_out_of_its_old_scheme(string kind)
    {
        var api = await factory.ApiClientAsync("schemes", "MANAGE");
        var first = await CreateAsync(api, kind);
        var second = await CreateAsync(api, kind);
        var user = SchemesTestData.NewAccount();

        await api.AssignAsync(kind, first, user);
        Assert.Equal([user], await api.MemberIdsAsync(kind, first));
        await api.AssignAsync(kind, second, user);

        Assert.Empty(await api.MemberIdsAsync(kind, first));
        Assert.Equal([user], await api.MemberIdsAsync(kind, second));
        Assert.Equal(second, (await api.GetJsonAsync($"/4/{kind}-schemes/users/{user}"))["id"]!.GetValue<int>());
        Assert.Equal(0, (await api.GetJsonAsync($"/4/{kind}-schemes/{first}"))["memberCount"]!.GetValue<long>());
        Assert.Equal(1, (await api.GetJsonAsync($"/4/{kind}-schemes/{second}"))["memberCount"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("workload")]
    [InlineData("holiday")]
    public async Task Deleting_a_scheme_moves_its_members_to_the_default(string kind)
    {
        var api = await factory.ApiClientAsync("schemes", "MANAGE");
        var doomed = await CreateAsync(api, kind);
        var users = Enumerable.Range(0, 3).Select(_ => SchemesTestData.NewAccount()).ToArray();
        await api.AssignAsync(kind, doomed, users);

        var deleted = await api.DeleteAsync($"/4/{kind}-schemes/{doomed}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/4/{kind}-schemes/{doomed}")).StatusCode);
        var defaults = await api.MemberIdsAsync(kind, 1, limit: 5000);
        foreach (var user in users)
        {
            Assert.Equal(1, (await api.GetJsonAsync($"/4/{kind}-schemes/users/{user}"))["id"]!.GetValue<int>());
            Assert.Contains(user, defaults);
        }
    }

    [Fact]
    public async Task Deleting_a_holiday_scheme_deletes_its_holidays()
    {
        var api = await factory.ApiClientAsync("schemes", "MANAGE");
        var doomed = await api.CreateHolidaySchemeAsync();
        var holiday = await api.CreateHolidayAsync(doomed, "FIXED", "2026-12-25");

        await api.DeleteAsync($"/4/holiday-schemes/{doomed}");

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/4/holiday-schemes/{doomed}/holidays/{holiday}")).StatusCode);
    }

    [Fact]
    public async Task Members_are_paged_over_more_than_one_member_list_page()
    {
        var api = await factory.ApiClientAsync("schemes", "MANAGE");
        var scheme = await api.CreateWorkloadAsync(1, 1, 1, 1, 1, 0, 0);
        var users = Enumerable.Range(0, 300).Select(_ => SchemesTestData.NewAccount()).ToArray();
        await api.AssignAsync("workload", scheme, users);

        var all = await api.MemberIdsAsync("workload", scheme, limit: 1000);
        var tail = await api.GetJsonAsync($"/4/workload-schemes/{scheme}/members?offset=250&limit=100");
        var first = await api.GetJsonAsync($"/4/workload-schemes/{scheme}/members?limit=50");

        Assert.Equal(users.Order(StringComparer.Ordinal), all.Order(StringComparer.Ordinal));
        Assert.Equal(50, tail["results"]!.AsArray().Count);
        Assert.Null(tail["metadata"]!["next"]);
        Assert.Equal(50, first["metadata"]!["count"]!.GetValue<int>());
        Assert.NotNull(first["metadata"]!["next"]);
        Assert.Equal(300, (await api.GetJsonAsync($"/4/workload-schemes/{scheme}"))["memberCount"]!.GetValue<long>());
    }

    [Fact]
    public async Task Member_search_lists_the_members_of_each_scheme_with_its_scheme()
    {
        var api = await factory.ApiClientAsync("schemes", "MANAGE");
        var a = await api.CreateHolidaySchemeAsync();
        var b = await api.CreateHolidaySchemeAsync();
        var (u1, u2, u3) = (SchemesTestData.NewAccount(), SchemesTestData.NewAccount(), SchemesTestData.NewAccount());
        await api.AssignAsync("holiday", a, u1, u2);
        await api.AssignAsync("holiday", b, u3);

        var found = await api.PostJsonAsync("/4/holiday-schemes/members/search", new { schemeIds = new[] { a, b, 999_999 } });
        var page = await api.PostJsonAsync("/4/holiday-schemes/members/search", new { schemeIds = new[] { a, b }, offset = 1, limit = 1 });

        var pairs = found["results"]!.AsArray().Select(r => (r!["member"]!["accountId"]!.GetValue<string>(), r["schemeId"]!.GetValue<int>())).ToHashSet();
        Assert.Equal(new HashSet<(string, int)> { (u1, a), (u2, a), (u3, b) }, pairs);
        Assert.Equal(3, found["metadata"]!["count"]!.GetValue<int>());
        Assert.Single(page["results"]!.AsArray());
        Assert.Equal(1, page["metadata"]!["offset"]!.GetValue<int>());
    }

    [Fact]
    public async Task Assigning_to_an_unknown_scheme_is_404_and_without_account_ids_is_400()
    {
        var api = await factory.ApiClientAsync("schemes", "MANAGE");

        var unknown = await api.PostAsJsonAsync("/4/workload-schemes/999999/members", new { accountIds = new[] { "557058:x" } });
        var notANumber = await api.PostAsJsonAsync("/4/holiday-schemes/abc/members", new { accountIds = new[] { "557058:x" } });
        var empty = await api.PostAsJsonAsync("/4/workload-schemes/1/members", new { accountIds = Array.Empty<string>() });
        var searchWithout = await api.PostAsJsonAsync("/4/workload-schemes/members/search", new { offset = 0 });

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notANumber.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("'accountIds'", await empty.ErrorMessageAsync());
        Assert.Equal(HttpStatusCode.BadRequest, searchWithout.StatusCode);
        Assert.Contains("'schemeIds'", await searchWithout.ErrorMessageAsync());
    }

    [Fact]
    public async Task A_member_list_entry_the_users_grain_disagrees_with_is_not_listed()
    {
        var api = await factory.ApiClientAsync("schemes", "MANAGE");
        var scheme = await api.CreateWorkloadAsync(1, 1, 1, 1, 1, 0, 0);
        var member = SchemesTestData.NewAccount();
        await api.AssignAsync("workload", scheme, member);
        // What a crash between listing a user in the new scheme and recording the move in the user's grain leaves.
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        var ghost = SchemesTestData.NewAccount();
        var listed = await grains.GetGrain<ISchemeMemberPageGrain>(SchemesGrainKeys.Page(TenantId.Default, SchemeKind.Workload, scheme, 0)).AddAsync(ghost);
        await grains.GetGrain<ISchemeMemberDirectoryGrain>(SchemesGrainKeys.Directory(TenantId.Default, SchemeKind.Workload, scheme)).ReportAsync(0, listed, endsReservation: false);

        var members = await api.MemberIdsAsync("workload", scheme);
        var ghostsScheme = await api.GetJsonAsync($"/4/workload-schemes/users/{ghost}");

        Assert.Equal([member], members);
        Assert.Equal(1, ghostsScheme["id"]!.GetValue<int>());
    }

    private static Task<int> CreateAsync(HttpClient api, string kind) =>
        kind == "workload" ? api.CreateWorkloadAsync(28_800, 28_800, 28_800, 28_800, 28_800, 0, 0) : api.CreateHolidaySchemeAsync();
}
