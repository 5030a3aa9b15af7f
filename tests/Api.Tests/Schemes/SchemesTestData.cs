using Tempo.Api.Tests.Infrastructure;

namespace Tempo.Api.Tests.Schemes;

/// <summary>Bodies and helpers the Schemes tests share.</summary>
internal static class SchemesTestData
{
    public static readonly string[] DayNames = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"];

    /// <summary>A workload body with the given seconds, Monday first.</summary>
    public static object Workload(string name, params long[] seconds) => new
    {
        name,
        description = "test scheme",
        days = DayNames.Select((d, i) => new { day = d, requiredSeconds = seconds[i] }).ToArray(),
    };

    public static object Holiday(string name, string type, string date, long durationSeconds = 28_800) =>
        new { name, description = "test holiday", type, date, durationSeconds };

    public static async Task<int> CreateWorkloadAsync(this HttpClient api, params long[] seconds) =>
        (await api.PostJsonAsync("/4/workload-schemes", Workload(ScopedClients.Unique("WS"), seconds)))["id"]!.GetValue<int>();

    public static async Task<int> CreateHolidaySchemeAsync(this HttpClient api) =>
        (await api.PostJsonAsync("/4/holiday-schemes", new { name = ScopedClients.Unique("HS"), description = "test" }))["id"]!.GetValue<int>();

    public static async Task<int> CreateHolidayAsync(this HttpClient api, int schemeId, string type, string date, long durationSeconds = 28_800) =>
        (await api.PostJsonAsync($"/4/holiday-schemes/{schemeId}/holidays", Holiday(ScopedClients.Unique("H"), type, date, durationSeconds)))["id"]!.GetValue<int>();

    public static async Task AssignAsync(this HttpClient api, string kind, int schemeId, params string[] accountIds)
    {
        var response = await api.PostAsJsonAsync($"/4/{kind}-schemes/{schemeId}/members", new { accountIds });
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"assign to {kind} scheme {schemeId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task<List<string>> MemberIdsAsync(this HttpClient api, string kind, int schemeId, int limit = 1000) =>
        [.. (await api.GetJsonAsync($"/4/{kind}-schemes/{schemeId}/members?limit={limit}"))["results"]!.AsArray().Select(m => m!["accountId"]!.GetValue<string>())];

    public static async Task<JsonArray> ScheduleAsync(this HttpClient api, string accountId, string from, string to) =>
        (await api.GetJsonAsync($"/4/user-schedule/{Uri.EscapeDataString(accountId)}?from={from}&to={to}"))["results"]!.AsArray();

    public static string NewAccount() => TempoClient.NewAccountId();
}
