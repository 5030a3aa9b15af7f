using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Api.Tokens;

/// <summary>
/// The token string: <c>tempo_</c> + the 12-character public id + <c>_</c> + 43 random base62 characters
/// (256 bits) + a 5-character keyed tag + a 6-character base62 CRC-32 of everything before it.
/// The fixed prefix lets secret scanners find leaked tokens; the id routes to the token's grain with no lookup; the
/// checksum rejects mistyped strings before any work, and anyone can check it offline. The tag is cut from the
/// keyed hash of the part before it (<see cref="TokenSecretHasher"/>), which the gate computes anyway: a string
/// this service did not issue fails it and is refused without a grain call, so invented ids cost no activation.
/// </summary>
public static class ApiTokenFormat
{
    public const string Prefix = "tempo_";
    public const int SecretLength = 43;
    public const int TagLength = 5;
    public const int ChecksumLength = 6;
    private const int IdStart = 6;
    private const int SeparatorAt = IdStart + TokenId.Length;
    private const int SecretStart = SeparatorAt + 1;

    /// <summary>Where the tag starts: the keyed hash covers the prefix, the id and the random secret.</summary>
    public const int HashedLength = SecretStart + SecretLength;

    private const int ChecksumStart = HashedLength + TagLength;
    public const int Length = ChecksumStart + ChecksumLength;

    /// <summary>A new random public id.</summary>
    public static TokenId NewId() => new(RandomNumberGenerator.GetString(Base62.Alphabet, TokenId.Length));

    /// <summary>Writes the prefix, the id and a fresh 256-bit random secret: the part the keyed hash covers.</summary>
    internal static void WriteHashedPart(TokenId id, Span<char> token)
    {
        Prefix.CopyTo(token);
        id.Value.CopyTo(token[IdStart..]);
        token[SeparatorAt] = '_';
        RandomNumberGenerator.GetItems(Base62.Alphabet, token.Slice(SecretStart, SecretLength));
    }

    /// <summary>Writes the tag cut from <paramref name="hash"/>, then the checksum of everything before it.</summary>
    internal static void WriteTagAndChecksum(ReadOnlySpan<byte> hash, Span<char> token)
    {
        WriteTag(hash, token.Slice(HashedLength, TagLength));
        Base62.WriteFixed(Crc32.OfAscii(token[..ChecksumStart]), token[ChecksumStart..]);
    }

    /// <summary>Whether the token's tag is the one cut from <paramref name="hash"/>; constant time.</summary>
    internal static bool HasTag(ReadOnlySpan<char> token, ReadOnlySpan<byte> hash)
    {
        Span<char> expected = stackalloc char[TagLength];
        WriteTag(hash, expected);
        return CryptographicOperations.FixedTimeEquals(
            MemoryMarshal.AsBytes(expected),
            MemoryMarshal.AsBytes(token.Slice(HashedLength, TagLength)));
    }

    /// <summary>The first 8 bytes of the hash as 5 base62 digits: about 29.8 bits, 1 in 916 million for a guess.</summary>
    private static void WriteTag(ReadOnlySpan<byte> hash, Span<char> tag) =>
        Base62.WriteFixed(BinaryPrimitives.ReadUInt64LittleEndian(hash), tag);

    /// <summary>
    /// The characters where a token of <see cref="Length"/> characters carries its id, unchecked: for a cache lookup
    /// before the parse (what is found is used only if the whole token equals one already verified).
    /// </summary>
    public static ReadOnlySpan<char> IdChars(ReadOnlySpan<char> token) => token.Slice(IdStart, TokenId.Length);

    /// <summary>
    /// Checks shape and checksum, allocation-free, and yields the id's characters. False for anything that is
    /// not a well-formed token of ours. The tag needs the key: <see cref="TokenSecretHasher.TryHash"/> checks it.
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
