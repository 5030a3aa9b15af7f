using System.Security.Cryptography;
using System.Text.Json;
using Tempo.Api.Errors;
using Tempo.Api.Tokens;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Api.SecretScanning;

/// <summary>
/// The ECDSA public keys secret scanners sign their reports with: <c>SecretScanning:PublicKeys:&lt;key id&gt;</c> =
/// a PEM public key (P-256, as GitHub's partner program uses).
/// </summary>
public sealed class SecretScanningKeys(IReadOnlyDictionary<string, ECDsa> keys)
{
    public bool TryGet(string id, out ECDsa key) => keys.TryGetValue(id, out key!);

    public static SecretScanningKeys From(IConfiguration configuration)
    {
        var keys = new Dictionary<string, ECDsa>(StringComparer.Ordinal);
        foreach (var entry in configuration.GetSection("SecretScanning:PublicKeys").GetChildren())
        {
            var key = ECDsa.Create();
            try
            {
                key.ImportFromPem(entry.Value);
            }
            catch (Exception exception) when (exception is ArgumentException or CryptographicException)
            {
                throw new Tempo.Grains.Hosting.StartupConfigurationException($"'SecretScanning:PublicKeys:{entry.Key}' is not a PEM public key.");
            }

            keys[entry.Key] = key;
        }

        return new SecretScanningKeys(keys);
    }
}

/// <summary>
/// <c>POST /secret-scanning/report</c>: a leaked-token report in GitHub's secret scanning partner program shape
/// (<c>[{"token","type","url","source"}]</c>), signed with ECDSA over the exact body: the key id in
/// <c>Github-Public-Key-Identifier</c>, the base64 DER signature in <c>Github-Public-Key-Signature</c>. Unsigned or
/// wrongly signed: 401 and nothing happens. Each token of ours (format, checksum and keyed tag checked first, no grain
/// call otherwise) is revoked at once; the answer labels every reported token <c>true_positive</c> or
/// <c>false_positive</c>.
/// </summary>
public static class SecretScanningEndpoints
{
    public const string KeyIdHeader = "Github-Public-Key-Identifier";
    public const string SignatureHeader = "Github-Public-Key-Signature";
    public const int MaxTokensPerReport = 1000;

    public static IEndpointRouteBuilder MapSecretScanningEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/secret-scanning/report", Report)
            .WithTags("Secret scanning")
            .WithName("reportLeakedTokens").WithSummary("A secret scanner reports leaked tokens (signed); tokens of this service are revoked at once");
        return app;
    }

    private static async Task<IResult> Report(HttpContext http, SecretScanningKeys keys, TokenSecretHasher hasher, IGrainFactory grains)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        var body = buffer.ToArray();
        if (!IsSigned(http.Request.Headers, body, keys))
        {
            return TypedResults.Json(ErrorBody.Of("The report is not signed with a known secret scanning key."), statusCode: StatusCodes.Status401Unauthorized);
        }

        List<(string Token, string Type, string? Url, string? Source)> reported;
        try
        {
            reported = Parse(body);
        }
        catch (JsonException)
        {
            return TempoResults.BadRequest("The report must be a JSON array of {\"token\",\"type\",\"url\",\"source\"} objects.");
        }

        if (reported.Count > MaxTokensPerReport)
        {
            return TempoResults.BadRequest($"A report may hold at most {MaxTokensPerReport} tokens.");
        }

        var answers = new List<LeakLabel>(reported.Count);
        foreach (var (token, type, url, source) in reported)
        {
            var ours = ApiTokenFormat.TryParse(token, out var idChars) && hasher.TryHash(token, out var hash)
                && await grains.Reference<ITokenGrain>(new TokenId(new string(idChars)).GrainKey).ReportLeakAsync(hash, url, source);
            answers.Add(new LeakLabel(token, type, ours ? "true_positive" : "false_positive"));
        }

        return TypedResults.Ok(answers);
    }

    private static bool IsSigned(IHeaderDictionary headers, byte[] body, SecretScanningKeys keys)
    {
        if (headers[KeyIdHeader] is not [{ } keyId] || headers[SignatureHeader] is not [{ } signature] || !keys.TryGet(keyId, out var key))
        {
            return false;
        }

        byte[] der;
        try
        {
            der = Convert.FromBase64String(signature);
        }
        catch (FormatException)
        {
            return false;
        }

        try
        {
            return key.VerifyData(body, der, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static List<(string, string, string?, string?)> Parse(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException();
        }

        var items = new List<(string, string, string?, string?)>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("token", out var token) || token.ValueKind != JsonValueKind.String)
            {
                throw new JsonException();
            }

            items.Add((token.GetString()!, Text(item, "type") ?? string.Empty, Text(item, "url"), Text(item, "source")));
        }

        return items;
    }

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? Tempo.Grains.Interfaces.TextSafety.ForLog(value.GetString(), 2000) : null;
}

/// <summary>One reported token as GitHub's partner program expects the answer: <c>token_raw</c>, <c>token_type</c>, <c>label</c>.</summary>
public sealed record LeakLabel(
    [property: System.Text.Json.Serialization.JsonPropertyName("token_raw")] string TokenRaw,
    [property: System.Text.Json.Serialization.JsonPropertyName("token_type")] string TokenType,
    [property: System.Text.Json.Serialization.JsonPropertyName("label")] string Label);
