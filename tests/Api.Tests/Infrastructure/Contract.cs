using System.Text.RegularExpressions;

namespace Tempo.Api.Tests.Infrastructure;

/// <summary>The Tempo v4 contract fixture (<c>fixtures/tempo-v4-contract.json</c>), copied from the reference.</summary>
public static partial class Contract
{
    private static readonly Lazy<JsonObject> Document = new(() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "tempo-v4-contract.json")))!.AsObject());

    public static JsonObject Root => Document.Value;

    public sealed record Operation(string Method, string Path, string Scope, string Namespace, string OperationId, JsonObject Raw)
    {
        /// <summary>The path with every parameter name blanked, for matching route templates: <c>/4/accounts/{}</c>.</summary>
        public string Shape => ShapeOf(Path);
    }

    public static IReadOnlyList<Operation> Operations { get; } = [.. Root["operations"]!.AsArray().Select(o => new Operation(
        o!["method"]!.GetValue<string>(),
        o["path"]!.GetValue<string>(),
        o["scope"]!.GetValue<string>(),
        o["namespace"]!.GetValue<string>(),
        o["operationId"]!.GetValue<string>(),
        o.AsObject()))];

    /// <summary>Blanks parameter names and constraints: <c>/4/accounts/{id:int}</c> and <c>/4/accounts/{key}</c> both become <c>/4/accounts/{}</c>.</summary>
    public static string ShapeOf(string path) => Parameter().Replace(path.TrimEnd('/'), "{}");

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}
