using System.Net.Http.Headers;
using Tempo.Api.Tests.Infrastructure;

namespace Tempo.Api.Tests.Projects;

/// <summary>Clients and objects the Cost Tracker tests share.</summary>
public static class ProjectsTestData
{
    /// <summary>A MANAGE client on scope projects whose token belongs to <paramref name="accountId"/> of <paramref name="tenant"/>.</summary>
    public static async Task<HttpClient> ProjectsClientAsync(this TempoApiFactory factory, string accountId, string? tenant = null, string level = "MANAGE")
    {
        var user = factory.CreateClient();
        var response = await user.PostAsJsonAsync("/dev/sign-in", tenant is null ? new { accountId } : (object)new { accountId, tenant });
        var signIn = await response.ReadJsonAsync(HttpStatusCode.OK);
        user.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", signIn["accessToken"]!.GetValue<string>());
        var token = await user.CreateCustomTokenAsync(new Dictionary<string, string> { ["projects"] = level });
        return factory.WithApiToken(token.Secret());
    }

    public static Task<JsonNode> CreateProjectAsync(this HttpClient api, object? body = null) =>
        api.PostJsonAsync("/4/projects", body ?? new { name = ScopedClients.Unique("Project") });

    public static Task<JsonNode> CreateAttributeAsync(this HttpClient api, string type, params string[] options) =>
        api.PostJsonAsync("/4/project-attributes", options.Length == 0
            ? new { name = ScopedClients.Unique(type), type }
            : new { name = ScopedClients.Unique(type), type, selectListOptions = options.Select(value => new { value }).ToArray() });

    public static string Id(this JsonNode node) => node["id"]!.GetValue<string>();

    /// <summary>The JSON text of a property, exactly as the server wrote it (for decimal exactness).</summary>
    public static string Raw(this JsonNode node) => node.ToJsonString();
}
