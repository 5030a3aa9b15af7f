namespace Tempo.Grains.Interfaces.Tokens;

/// <summary>
/// The public id of an API-integration token: 12 base62 characters, embedded in the token string so the API
/// finds the token's grain without a lookup. It is not secret (lists show it). The grain key is the id behind
/// a <c>t_</c> prefix so that no key ever looks like a hex number to the storage provider.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.TokenId")]
public readonly record struct TokenId([property: Id(0)] string Value)
{
    public const int Length = 12;
    private const string GrainKeyPrefix = "t_";

    public string GrainKey => GrainKeyPrefix + Value;

    public static bool IsValid(ReadOnlySpan<char> text)
    {
        if (text.Length != Length)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    public static bool TryParse(string? text, out TokenId id)
    {
        id = default;
        if (text is null || !IsValid(text))
        {
            return false;
        }

        id = new TokenId(text);
        return true;
    }

    public static TokenId FromGrainKey(string grainKey) =>
        grainKey.StartsWith(GrainKeyPrefix, StringComparison.Ordinal) && IsValid(grainKey.AsSpan(GrainKeyPrefix.Length))
            ? new TokenId(grainKey[GrainKeyPrefix.Length..])
            : throw new ArgumentException($"'{grainKey}' is not a token grain key.", nameof(grainKey));

    public override string ToString() => Value;
}
