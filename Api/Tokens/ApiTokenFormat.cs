using System.Security.Cryptography;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Api.Tokens;

/// <summary>
/// The token string: <c>tempo_</c> + the 12-character public id + <c>_</c> + 43 random base62 characters
/// (256 bits) + a 6-character base62 CRC-32 of everything before it. The fixed prefix lets secret scanners find
/// leaked tokens; the id routes to the token's grain with no lookup; the checksum rejects mistyped or forged
/// strings before any grain is called.
/// </summary>
public static class ApiTokenFormat
{
    public const string Prefix = "tempo_";
    public const int SecretLength = 43;
    public const int ChecksumLength = 6;
    private const int IdStart = 6;
    private const int SeparatorAt = IdStart + TokenId.Length;
    private const int SecretStart = SeparatorAt + 1;
    private const int ChecksumStart = SecretStart + SecretLength;
    public const int Length = ChecksumStart + ChecksumLength;

    /// <summary>A new random public id.</summary>
    public static TokenId NewId() => new(RandomNumberGenerator.GetString(Base62.Alphabet, TokenId.Length));

    /// <summary>A new token string for <paramref name="id"/> with a fresh 256-bit secret.</summary>
    public static string NewToken(TokenId id)
    {
        Span<char> token = stackalloc char[Length];
        Prefix.CopyTo(token);
        id.Value.CopyTo(token[IdStart..]);
        token[SeparatorAt] = '_';
        RandomNumberGenerator.GetItems(Base62.Alphabet, token.Slice(SecretStart, SecretLength));
        Base62.WriteFixed(Crc32.OfAscii(token[..ChecksumStart]), token[ChecksumStart..]);
        return new string(token);
    }

    /// <summary>
    /// Checks shape and checksum, allocation-free, and yields the id's characters. False for anything that is
    /// not a well-formed token of ours.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> token, out ReadOnlySpan<char> id)
    {
        id = default;
        if (token.Length != Length || !token.StartsWith(Prefix, StringComparison.Ordinal) || token[SeparatorAt] != '_')
        {
            return false;
        }

        foreach (var c in token[IdStart..SeparatorAt])
        {
            if (!Base62.IsDigit(c))
            {
                return false;
            }
        }

        foreach (var c in token[SecretStart..])
        {
            if (!Base62.IsDigit(c))
            {
                return false;
            }
        }

        Span<char> expected = stackalloc char[ChecksumLength];
        Base62.WriteFixed(Crc32.OfAscii(token[..ChecksumStart]), expected);
        if (!expected.SequenceEqual(token[ChecksumStart..]))
        {
            return false;
        }

        id = token[IdStart..SeparatorAt];
        return true;
    }
}
