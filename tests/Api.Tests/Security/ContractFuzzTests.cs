using System.Diagnostics;
using System.Globalization;
using System.Text;
using Tempo.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tempo.Api.Tests.Security;

/// <summary>
/// The standing fuzz: every <c>/4</c> operation of the contract fixture driven with about twenty hostile requests
/// (missing, wrong-typed, oversized, control-character and boundary values, for every body field and query
/// parameter, from a fixed seed) under a full-access MANAGE token. Nothing may answer 5xx, every 4xx carries Tempo's
/// error body in words, and refused requests create nothing: the lists of the implemented namespaces grow by no
/// more than the requests that were accepted.
/// </summary>
public sealed class ContractFuzzTests(TempoApiFactory factory, ITestOutputHelper output) : IClassFixture<TempoApiFactory>
{
    private const int Seed = 16;
    private const int CasesPerOperation = 20;

    private static readonly JsonObject Schemas = Contract.Root["schemas"]!.AsObject();

    [Fact]
    public async Task Every_operation_survives_hostile_input_in_tempos_error_shape_and_refusals_create_nothing()
    {
        var clock = Stopwatch.StartNew();
        var api = await factory.FullAccessClientAsync();
        var random = new Random(Seed);
        var lists = await ImplementedListsAsync(api);
        Assert.True(lists.Count >= 5, $"expected the implemented namespaces' lists, found {string.Join(", ", lists)}");
        var problems = new List<string>();
        var sent = 0;
        var statuses = new SortedDictionary<int, int>();

        foreach (var operation in Contract.Operations)
        {
            var before = await CountsAsync(api, lists);
            var accepted = 0;
            foreach (var fuzz in Cases(operation, random))
            {
                using var request = new HttpRequestMessage(new HttpMethod(operation.Method), fuzz.Url);
                if (fuzz.Body is { } body)
                {
                    request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                }

                using var response = await api.SendAsync(request);
                sent++;
                var text = await response.Content.ReadAsStringAsync();
                var what = $"{operation.OperationId} [{fuzz.What}] {operation.Method} {Shorten(fuzz.Url)}";
                var status = (int)response.StatusCode;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                if (status >= 500)
                {
                    problems.Add($"{what}: {status} {Shorten(text)}");
                }
                else if (status >= 400)
                {
                    try
                    {
                        SecurityAsserts.AssertTempoErrorBody(text, what);
                    }
                    catch (Xunit.Sdk.XunitException exception)
                    {
                        problems.Add($"{what}: {status} {Shorten(exception.Message)}");
                    }
                }
                else
                {
                    accepted++;
                }
            }

            var after = await CountsAsync(api, lists);
            var grown = lists.Sum(l => Math.Max(0, after[l] - before[l]));
            if (grown > accepted)
            {
                problems.Add($"{operation.OperationId}: the lists grew by {grown} while only {accepted} requests were accepted");
            }
        }

        output.WriteLine($"fuzz: {Contract.Operations.Count} operations, {sent} requests, {clock.Elapsed.TotalSeconds:F1} s; lists watched: {lists.Count}; statuses: {string.Join(", ", statuses.Select(s => $"{s.Key}x{s.Value}"))}");
        Assert.True(problems.Count == 0, $"{problems.Count} problems of {sent} requests:\n" + string.Join("\n", problems.Take(40)));
        Assert.True(sent >= Contract.Operations.Count * CasesPerOperation, $"only {sent} requests were sent");
    }

    private sealed record Fuzz(string What, string Url, string? Body);

    /// <summary>One case per body field and per query parameter first, then random ones up to the count, all from the seed.</summary>
    private static IEnumerable<Fuzz> Cases(Contract.Operation operation, Random random)
    {
        var parameters = operation.Raw["parameters"]!.AsArray().Select(p => p!.AsObject()).ToList();
        var query = parameters.Where(p => p["in"]!.GetValue<string>() == "query").ToList();
        var body = BodySchema(operation);
        var fields = body is null ? [] : Properties(body.Value.Item).ToList();
        var cases = new List<Fuzz>();

        foreach (var (name, schema) in fields)
        {
            cases.Add(BodyCase(operation, parameters, body!.Value, name, Hostile(schema, random), random));
        }

        foreach (var parameter in query)
        {
            cases.Add(QueryCase(operation, parameters, parameter, random));
        }

        while (cases.Count < CasesPerOperation)
        {
            var kind = random.Next(body is null ? 3 : 6);
            cases.Add(kind switch
            {
                0 when query.Count > 0 => QueryCase(operation, parameters, query[random.Next(query.Count)], random),
                1 => PathCase(operation, parameters, random),
                2 => new Fuzz("no body", Url(operation, parameters, null, random), body is null ? Hostile(new JsonObject { ["type"] = "string" }, random).Json : null),
                3 => new Fuzz("empty object", Url(operation, parameters, null, random), body!.Value.Array ? "[{}]" : "{}"),
                4 => new Fuzz("wrong body type", Url(operation, parameters, null, random), Pick(random, ["null", "[]", "42", "\"text\"", "true", "{\"a\":1,\"a\":2}", "{", "[[[[[[[[[[]]]]]]]]]]"])),
                _ when fields.Count > 0 => BodyCase(operation, parameters, body!.Value, fields[random.Next(fields.Count)].Name, Hostile(fields[random.Next(fields.Count)].Schema, random), random),
                _ => PathCase(operation, parameters, random),
            });
        }

        return cases;
    }

    private static Fuzz BodyCase(Contract.Operation operation, List<JsonObject> parameters, (JsonObject Item, bool Array) body, string field, (string What, string Json) value, Random random)
    {
        var item = new StringBuilder("{");
        foreach (var (name, schema) in Properties(body.Item))
        {
            if (name == field && value.What == "missing")
            {
                continue;
            }

            item.Append(item.Length > 1 ? "," : string.Empty).Append(JsonSerializer.Serialize(name)).Append(':')
                .Append(name == field ? value.Json : Plausible(schema));
        }

        var json = item.Append('}').ToString();
        return new Fuzz($"{field}: {value.What}", Url(operation, parameters, null, random), body.Array ? $"[{json}]" : json);
    }

    private static Fuzz QueryCase(Contract.Operation operation, List<JsonObject> parameters, JsonObject parameter, Random random)
    {
        var name = parameter["name"]!.GetValue<string>();
        var value = Pick(random, ["abc", "99999999999", "-1", "0", "1.5", "2026-13-45", "%00", "%1B%5B31m", "%E2%80%AE", new string('x', 4000), "true", string.Empty]);
        return new Fuzz($"?{name}={Shorten(value, 12)}", Url(operation, parameters, (name, value), random), operation.Method is "POST" or "PUT" ? "{}" : null);
    }

    private static Fuzz PathCase(Contract.Operation operation, List<JsonObject> parameters, Random random)
    {
        var path = operation.Path;
        foreach (var parameter in parameters.Where(p => p["in"]!.GetValue<string>() == "path"))
        {
            // No %00: the server refuses a NUL in the path before any middleware runs (README "Security").
            var value = Pick(random, ["-1", "0", "99999999999999999999", "%0A", "%E2%80%AE", "..", "%2F", new string('k', 3000), "1"]);
            path = path.Replace("{" + parameter["name"]!.GetValue<string>() + "}", value, StringComparison.Ordinal);
        }

        return new Fuzz("path", path, operation.Method is "POST" or "PUT" ? "{}" : null);
    }

    private static string Url(Contract.Operation operation, List<JsonObject> parameters, (string Name, string Value)? hostile, Random random)
    {
        var path = operation.Path;
        foreach (var parameter in parameters.Where(p => p["in"]!.GetValue<string>() == "path"))
        {
            var type = parameter["schema"]!["type"]?.GetValue<string>();
            path = path.Replace("{" + parameter["name"]!.GetValue<string>() + "}", type == "integer" ? random.Next(1, 100).ToString(CultureInfo.InvariantCulture) : "FUZZ_KEY", StringComparison.Ordinal);
        }

        return hostile is { } h ? $"{path}?{h.Name}={h.Value}" : path;
    }

    /// <summary>A hostile value for a field: missing, null, the wrong type, oversized, control characters, or a boundary.</summary>
    private static (string What, string Json) Hostile(JsonNode schema, Random random)
    {
        var type = TypeOf(schema);
        (string, string)[] common =
        [
            ("missing", string.Empty),
            ("null", "null"),
            ("object", "{\"nested\":{\"deep\":[1,2,3]}}"),
            ("huge string", JsonSerializer.Serialize(new string('x', 20_000))),
            ("control chars", JsonSerializer.Serialize("a\u0000b\u0007\u001b[31m\r\n\u202e\u0085")),
        ];
        (string, string)[] typed = type switch
        {
            "integer" or "number" => [("string number", "\"30\""), ("negative", "-1"), ("int32 overflow", "2147483648"), ("int64 overflow", "9223372036854775808"), ("fraction", "1.5"), ("exponent", "1e308")],
            "boolean" => [("string boolean", "\"true\""), ("number", "1")],
            "array" => [("string", "\"[]\""), ("many items", "[" + string.Join(",", Enumerable.Repeat("null", 10_000)) + "]"), ("nested nulls", "[null,{},[]]")],
            _ => [("number", "42"), ("empty", "\"\""), ("blank", "\"   \""), ("256 chars", JsonSerializer.Serialize(new string('n', 256))), ("bad date", "\"2026-02-30\""), ("bidi", "\"\\u202eevil\"")],
        };
        var all = common.Concat(typed).ToArray();
        return all[random.Next(all.Length)];
    }

    private static string Plausible(JsonNode schema) => TypeOf(schema) switch
    {
        "integer" or "number" => "1",
        "boolean" => "true",
        "array" => "[]",
        "object" => "{}",
        _ when schema["enum"] is JsonArray values => JsonSerializer.Serialize(values[0]!.GetValue<string>()),
        _ when schema["format"]?.GetValue<string>() is { } format && format.Contains("yyyy", StringComparison.Ordinal) => "\"2026-06-01\"",
        _ => "\"fuzz_value\"",
    };

    private static string TypeOf(JsonNode schema) =>
        schema["type"]?.GetValue<string>() ?? (schema["$ref"] is not null ? "object" : "string");

    private static (JsonObject Item, bool Array)? BodySchema(Contract.Operation operation)
    {
        if (operation.Raw["requestBody"]?["schema"] is not JsonObject schema)
        {
            return null;
        }

        var array = schema["type"]?.GetValue<string>() == "array";
        var item = array ? schema["items"]!.AsObject() : schema;
        return item["$ref"] is { } reference && Schemas[reference.GetValue<string>()] is JsonObject resolved
            ? (resolved, array)
            : (item, array);
    }

    private static IEnumerable<(string Name, JsonNode Schema)> Properties(JsonObject schema) =>
        (schema["properties"] as JsonObject ?? []).Select(p => (p.Key, p.Value!));

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    private static string Shorten(string text, int max = 160) => text.Length <= max ? text : text[..max] + "…";

    /// <summary>The contract's parameterless GET lists that this service implements (they answer 200 with results).</summary>
    private static async Task<List<string>> ImplementedListsAsync(HttpClient api)
    {
        var lists = new List<string>();
        foreach (var operation in Contract.Operations.Where(o => o.Method == "GET" && !o.Path.Contains('{', StringComparison.Ordinal)))
        {
            var response = await api.GetAsync(operation.Path + "?limit=5000");
            if (response.StatusCode == HttpStatusCode.OK && JsonNode.Parse(await response.Content.ReadAsStringAsync())?["results"] is JsonArray)
            {
                lists.Add(operation.Path);
            }
        }

        return lists;
    }

    private static async Task<Dictionary<string, int>> CountsAsync(HttpClient api, List<string> lists)
    {
        var counts = new Dictionary<string, int>();
        foreach (var list in lists)
        {
            var body = JsonNode.Parse(await api.GetStringAsync(list + "?limit=5000"))!;
            counts[list] = body["results"]!.AsArray().Count;
        }

        return counts;
    }
}
