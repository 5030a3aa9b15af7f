using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Tempo.Browser.Tests.Infrastructure;

/// <summary>What an integration does with a token copied from the page: plain HTTP calls against <c>/4</c>.</summary>
public static class TokenCalls
{
    /// <summary>GET /4/account-category-types: needs accounts:view.</summary>
    public static async Task<ApiAnswer> ViewAccountsAsync(this TempoServer server, string secret)
    {
        using var http = server.Http(secret);
        return await ApiAnswer.ReadAsync(await http.GetAsync("/4/account-category-types"));
    }

    /// <summary>POST /4/customers/search: a POST, so it needs accounts:manage.</summary>
    public static async Task<ApiAnswer> ManageAccountsAsync(this TempoServer server, string secret)
    {
        using var http = server.Http(secret);
        return await ApiAnswer.ReadAsync(await http.PostAsJsonAsync("/4/customers/search", new { keys = Array.Empty<string>() }));
    }
}

public sealed record ApiAnswer(HttpStatusCode Status, string Body)
{
    public static async Task<ApiAnswer> ReadAsync(HttpResponseMessage response) =>
        new(response.StatusCode, await response.Content.ReadAsStringAsync());

    /// <summary>The message of Tempo's error body.</summary>
    public string Message => JsonNode.Parse(Body)?["errors"]?[0]?["message"]?.GetValue<string>() ?? Body;

    public override string ToString() => $"{(int)Status} {Body}";
}
