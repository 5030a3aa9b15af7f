using System.Security.Cryptography;
using System.Text;

namespace Tempo.Api.Tokens;

/// <summary>
/// HMAC-SHA256 of the whole token string under the server's key. Tokens carry 256 random bits, so a fast keyed
/// hash is the right tool: a slow password hash would add no strength and would hand attackers a CPU lever, while
/// the key means a stolen copy of storage cannot be checked against guesses.
/// </summary>
public sealed class TokenSecretHasher
{
    public const int MinKeyBytes = 32;
    private readonly byte[] _key;

    public TokenSecretHasher(byte[] key)
    {
        if (key.Length < MinKeyBytes)
        {
            throw new ArgumentException($"The token hash key must be at least {MinKeyBytes} bytes.", nameof(key));
        }

        _key = key;
    }

    public byte[] Hash(ReadOnlySpan<char> token)
    {
        Span<byte> ascii = stackalloc byte[ApiTokenFormat.Length];
        var written = Encoding.ASCII.GetBytes(token[..Math.Min(token.Length, ApiTokenFormat.Length)], ascii);
        return HMACSHA256.HashData(_key, ascii[..written]);
    }
}
