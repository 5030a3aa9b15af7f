using Tempo.Api.Tests.Infrastructure;
using static Tempo.Api.Tests.Infrastructure.ScopedClients;

namespace Tempo.Api.Tests.Teams;

/// <summary>Short ways to set up teams, roles and memberships, each with names and account ids of its own.</summary>
public static class TeamsTestData
{
    /// <summary>The day the factory's fake clock starts on (2026-06-01): what "today" is for active memberships.</summary>
    public static readonly DateOnly Today = DateOnly.FromDateTime(TempoApiFactory.Start.UtcDateTime);

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The default role as a reference in a response.</summary>
    public static readonly object MemberRole = new { self = "http://localhost/4/roles/1", id = 1, name = "Member" };

    /// <summary>JSON text of an anonymous object, to compare a whole response, field order included.</summary>
    public static string JsonOf(object value) => JsonSerializer.Serialize(value);

    public static string NewPerson() => TempoClient.NewAccountId();

    public static async Task<int> NewTeamAsync(this HttpClient api, string? name = null, int? programId = null) =>
        (await api.PostJsonAsync("/4/teams", new { name = name ?? Unique("Team"), programId }))["id"]!.GetValue<int>();

    public static async Task<int> NewRoleAsync(this HttpClient api, string? name = null) =>
        (await api.PostJsonAsync("/4/roles", new { name = name ?? Unique("Role") }))["id"]!.GetValue<int>();

    /// <summary>A membership from <paramref name="from"/> through <paramref name="lastDay"/> (inclusive), either open when null.</summary>
    public static Task<JsonNode> JoinAsync(this HttpClient api, int teamId, string accountId, DateOnly? from, DateOnly? lastDay, int? roleId = null) =>
        api.PostJsonAsync("/4/team-memberships", new
        {
            teamId,
            accountId,
            roleId,
            from = from is { } f ? Day(f) : null,
            to = lastDay is { } l ? Day(l) : null,
            useInclusiveEndDate = true,
        });

    public static int IntOf(this JsonNode node, string property = "id") => node[property]!.GetValue<int>();

    public static string Text(this JsonNode node, string property) => node[property]!.GetValue<string>();

    public static JsonArray Results(this JsonNode page) => page["results"]!.AsArray();

    public static async Task<(HttpStatusCode Status, string Message)> FailureAsync(this Task<HttpResponseMessage> call)
    {
        var response = await call;
        return (response.StatusCode, await response.ErrorMessageAsync());
    }
}
