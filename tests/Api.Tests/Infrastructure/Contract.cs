using System.Text.RegularExpressions;

namespace Tempo.Api.Tests.Infrastructure;

/// <summary>
/// The Tempo v4 contract fixtures, copied from the reference: <c>fixtures/tempo-v4-contract.json</c> (the main
/// contract, <see cref="Operations"/>) and <c>fixtures/tempo-v4-adjacent.json</c> (namespaces next to it that some
/// scopes build too, <see cref="AdjacentOperations"/>). Schemas of both are looked up by name in one place
/// (<see cref="Schema"/>); a name both define must mean the same schema.
/// </summary>
public static partial class Contract
{
    private static readonly Lazy<JsonObject> Document = new(() => Load("tempo-v4-contract.json"));

    private static readonly Lazy<JsonObject> AdjacentDocument = new(() => Load("tempo-v4-adjacent.json"));

    /// <summary>The main contract.</summary>
    public static JsonObject Root => Document.Value;

    /// <summary>The adjacent contract.</summary>
    public static JsonObject Adjacent => AdjacentDocument.Value;

    public sealed record Operation(string Method, string Path, string Scope, string Namespace, string OperationId, JsonObject Raw, bool IsAdjacent = false)
    {
        /// <summary>The path with every parameter name blanked, for matching route templates: <c>/4/accounts/{}</c>.</summary>
        public string Shape => ShapeOf(Path);
    }

    /// <summary>The operations of the main contract.</summary>
    public static IReadOnlyList<Operation> Operations { get; } = OperationsOf(Root, adjacent: false);

    /// <summary>The operations of the adjacent contract.</summary>
    public static IReadOnlyList<Operation> AdjacentOperations { get; } = OperationsOf(Adjacent, adjacent: true);

    /// <summary>Both, for whatever walks every route or drives any operation.</summary>
    public static IReadOnlyList<Operation> AllOperations { get; } = [.. Operations, .. AdjacentOperations];

    /// <summary>A named schema of either contract, or null.</summary>
    public static JsonObject? Schema(string name) =>
        Root["schemas"]![name] as JsonObject ?? Adjacent["schemas"]![name] as JsonObject;

    /// <summary>Every named schema of both contracts, once each.</summary>
    public static IEnumerable<JsonObject> AllSchemas =>
        Root["schemas"]!.AsObject().Concat(Adjacent["schemas"]!.AsObject().Where(s => !Root["schemas"]!.AsObject().ContainsKey(s.Key)))
            .Select(s => s.Value!.AsObject());

    /// <summary>Blanks parameter names and constraints: <c>/4/accounts/{id:int}</c> and <c>/4/accounts/{key}</c> both become <c>/4/accounts/{}</c>.</summary>
    public static string ShapeOf(string path) => Parameter().Replace(path.TrimEnd('/'), "{}");

    private static JsonObject Load(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", file)))!.AsObject();

    private static List<Operation> OperationsOf(JsonObject document, bool adjacent) => [.. document["operations"]!.AsArray().Select(o => new Operation(
        o!["method"]!.GetValue<string>(),
        o["path"]!.GetValue<string>(),
        o["scope"]!.GetValue<string>(),
        o["namespace"]!.GetValue<string>(),
        o["operationId"]!.GetValue<string>(),
        o.AsObject(),
        adjacent))];

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}
