namespace Tempo.Api.Tests.Infrastructure;

/// <summary>One call of a contract operation: the concrete path, the body, and the success status expected.</summary>
public sealed record ConformanceCase(string OperationId, string Path, object? Body = null, HttpStatusCode Expected = HttpStatusCode.OK);

/// <summary>
/// Drives contract operations: every operation of the chosen namespaces must have a case; each case must answer
/// its documented success status with a body that carries every required field with the right JSON types and enums.
/// </summary>
public static class Conformance
{
    public static async Task RunAsync(HttpClient client, string scope, IEnumerable<string> namespaces, IReadOnlyList<ConformanceCase> cases)
    {
        var wanted = namespaces.ToHashSet();
        var operations = Contract.AllOperations.Where(o => o.Scope == scope && wanted.Contains(o.Namespace)).ToDictionary(o => o.OperationId);
        var uncovered = operations.Keys.Except(cases.Select(c => c.OperationId)).ToArray();
        Assert.True(uncovered.Length == 0, "operations without a conformance case: " + string.Join(", ", uncovered));

        foreach (var @case in cases)
        {
            Assert.True(operations.TryGetValue(@case.OperationId, out var operation), $"{@case.OperationId} is not an operation of {string.Join(", ", wanted)}");
            Assert.True(operation.Raw["responses"]!.AsObject().ContainsKey(((int)@case.Expected).ToString()), $"{@case.OperationId}: {(int)@case.Expected} is not a documented status");
            var template = "^" + System.Text.RegularExpressions.Regex.Escape(Contract.ShapeOf(operation.Path)).Replace(@"\{}", "[^/]+") + "$";
            Assert.Matches(template, @case.Path.Split('?')[0]);

            using var request = new HttpRequestMessage(new HttpMethod(operation.Method), @case.Path)
            {
                Content = @case.Body is null ? null : JsonContent.Create(@case.Body),
            };
            var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == @case.Expected, $"{@case.OperationId} {operation.Method} {@case.Path}: expected {(int)@case.Expected}, got {(int)response.StatusCode} {body}");
            ContractSchema.AssertValid(operation, (int)response.StatusCode, body);
        }
    }
}
