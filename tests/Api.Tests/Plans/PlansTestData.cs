using Tempo.Api.Tests.Infrastructure;

namespace Tempo.Api.Tests.Plans;

public static class PlansTestData
{
    /// <summary>A client whose token holds MANAGE on plans, schemes and teams, for a user of <paramref name="tenant"/>.</summary>
    public static async Task<HttpClient> PlannerAsync(this TempoApiFactory factory, string? tenant = null)
    {
        var user = await factory.SignedInAsync(TempoClient.NewAccountId(), tenant);
        var token = await user.CreateCustomTokenAsync(new Dictionary<string, string> { ["plans"] = "MANAGE", ["schemes"] = "MANAGE", ["teams"] = "MANAGE" });
        return factory.WithApiToken(token.Secret());
    }

    public static object UserPlan(string accountId, long issueId, string start, string end, long perDay = 3_600, string rule = "NEVER", string? until = null, bool includeNonWorking = false) => new
    {
        assigneeId = accountId,
        assigneeType = "USER",
        planItemId = issueId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        planItemType = "ISSUE",
        startDate = start,
        endDate = end,
        effortPersistenceType = "SECONDS_PER_DAY",
        plannedSecondsPerDay = perDay,
        rule,
        recurrenceEndDate = until,
        includeNonWorkingDays = includeNonWorking,
    };

    public static async Task<JsonNode> CreatePlanAsync(this HttpClient api, object body) => await api.PostJsonAsync("/4/plans", body);

    public static async Task<int> CreateResourceAsync(this HttpClient api, string? name = null) =>
        (await api.PostJsonAsync("/4/generic-resources", new { name = name ?? ScopedClients.Unique("Dev") }))["id"]!.GetValue<int>();

    public static long Total(this JsonNode plan) => plan["totalPlannedSeconds"]!.GetValue<long>();

    public static long InScope(this JsonNode plan) => plan["totalPlannedSecondsInScope"]!.GetValue<long>();

    public static List<(string Date, long Seconds)> Days(this JsonNode plan) =>
        [.. plan["plannedTime"]!["days"]!["values"]!.AsArray().Select(d => (d!["date"]!.GetValue<string>(), d["plannedSeconds"]!.GetValue<long>()))];

    public static long NewItem() => Random.Shared.NextInt64(1_000_000, 9_000_000_000);
}
