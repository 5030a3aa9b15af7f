using Tempo.Api.Tests.Infrastructure;
using static Tempo.Api.Tests.Infrastructure.ScopedClients;

namespace Tempo.Api.Tests.Schemes;

public sealed class SchemesConformanceTests(TempoApiFactory factory) : IClassFixture<TempoApiFactory>
{
    [Fact]
    public async Task Every_schemes_operation_answers_as_the_contract_says()
    {
        var api = await factory.ApiClientAsync("schemes", "MANAGE");
        var workload = await api.CreateWorkloadAsync(28_800, 28_800, 28_800, 28_800, 14_400, 0, 0);
        var doomedWorkload = await api.CreateWorkloadAsync(3_600, 3_600, 3_600, 3_600, 3_600, 0, 0);
        var holidays = await api.CreateHolidaySchemeAsync();
        var doomedHolidays = await api.CreateHolidaySchemeAsync();
        var christmas = await api.CreateHolidayAsync(holidays, "FIXED", "2020-12-25");
        var easter = await api.CreateHolidayAsync(holidays, "FLOATING", "2026-04-06", 14_400);
        var doomedHoliday = await api.CreateHolidayAsync(holidays, "FLOATING", "2026-05-14");
        var alice = SchemesTestData.NewAccount();
        await api.AssignAsync("workload", workload, alice);
        await api.AssignAsync("holiday", holidays, alice);

        ConformanceCase[] cases =
        [
            new("getWorkloadSchemes", "/4/workload-schemes?offset=0&limit=10"),
            new("createWorkloadScheme", "/4/workload-schemes", SchemesTestData.Workload(Unique("WS"), 0, 0, 0, 0, 0, 28_800, 28_800)),
            new("searchWorkloadSchemeMembers", "/4/workload-schemes/members/search", new { schemeIds = new[] { workload }, offset = 0, limit = 10 }),
            new("getUserWorkloadScheme", $"/4/workload-schemes/users/{alice}"),
            new("getWorkloadSchemeById", $"/4/workload-schemes/{workload}"),
            new("updateWorkloadScheme", $"/4/workload-schemes/{workload}", SchemesTestData.Workload(Unique("WS"), 28_800, 28_800, 28_800, 28_800, 28_800, 0, 0)),
            new("setDefaultWorkloadScheme", "/4/workload-schemes/1/default"),
            new("getWorkloadSchemeMembers_1", $"/4/workload-schemes/{workload}/members?limit=5"),
            new("setWorkloadSchemeForUsers", $"/4/workload-schemes/{workload}/members", new { accountIds = new[] { SchemesTestData.NewAccount() } }, HttpStatusCode.NoContent),
            new("deleteWorkloadScheme", $"/4/workload-schemes/{doomedWorkload}", Expected: HttpStatusCode.NoContent),
            new("getHolidaySchemes", "/4/holiday-schemes"),
            new("createHolidayScheme", "/4/holiday-schemes", new { name = Unique("HS"), description = "Public holidays" }),
            new("searchHolidaySchemeMembers", "/4/holiday-schemes/members/search", new { schemeIds = new[] { holidays }, limit = 10 }),
            new("getUserHolidayScheme", $"/4/holiday-schemes/users/{alice}"),
            new("getHolidayScheme", $"/4/holiday-schemes/{holidays}"),
            new("updateHolidayScheme", $"/4/holiday-schemes/{holidays}", new { name = Unique("HS"), description = "Renamed" }),
            new("setDefaultScheme", "/4/holiday-schemes/1/default"),
            new("getHolidays", $"/4/holiday-schemes/{holidays}/holidays?year=2026"),
            new("createHoliday", $"/4/holiday-schemes/{holidays}/holidays", SchemesTestData.Holiday("New year", "FIXED", "2026-01-01")),
            new("getFloatingHolidays", $"/4/holiday-schemes/{holidays}/holidays/floating"),
            new("getHoliday", $"/4/holiday-schemes/{holidays}/holidays/{christmas}"),
            new("updateHoliday", $"/4/holiday-schemes/{holidays}/holidays/{easter}", SchemesTestData.Holiday("Easter Monday", "FLOATING", "2026-04-06", 28_800)),
            new("deleteHoliday", $"/4/holiday-schemes/{holidays}/holidays/{doomedHoliday}", Expected: HttpStatusCode.NoContent),
            new("getWorkloadSchemeMembers", $"/4/holiday-schemes/{holidays}/members"),
            new("setWorkloadSchemeMembership", $"/4/holiday-schemes/{holidays}/members", new { accountIds = new[] { SchemesTestData.NewAccount() } }, HttpStatusCode.NoContent),
            new("deleteHolidayScheme", $"/4/holiday-schemes/{doomedHolidays}", Expected: HttpStatusCode.NoContent),
            new("getAuthenticatedUserSchedule", "/4/user-schedule?from=2026-12-21&to=2026-12-27"),
            new("getUserSchedule", $"/4/user-schedule/{alice}?from=2026-12-21&to=2026-12-27"),
        ];

        await Conformance.RunAsync(api, "schemes", ["Workload Schemes", "Holiday Schemes", "User Schedule"], cases);
    }
}
