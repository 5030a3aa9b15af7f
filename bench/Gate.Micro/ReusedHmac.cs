using System.Security.Cryptography;
using System.Text;
using Tempo.Api.Tokens;

namespace Tempo.Bench.Micro;

/// <summary>
/// A candidate for <see cref="TokenSecretHasher"/>: the same HMAC-SHA256 of the token's ASCII bytes, from one keyed
/// <see cref="IncrementalHash"/> per thread instead of the one-shot <c>HMACSHA256.HashData</c>, which on Linux
/// fetches the algorithm from OpenSSL 3's provider registry (locks, string compares, allocations) on every call.
/// </summary>
public sealed class ReusedHmac(byte[] key)
{
    [ThreadStatic]
    private static IncrementalHash? t_hmac;

    [ThreadStatic]
    private static byte[]? t_key;

    public byte[] Hash(ReadOnlySpan<char> token)
    {
        if (t_hmac is null || !ReferenceEquals(t_key, key))
        {
            t_hmac?.Dispose();
            t_hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
            t_key = key;
        }

        Span<byte> ascii = stackalloc byte[ApiTokenFormat.Length];
        var written = Encoding.ASCII.GetBytes(token[..Math.Min(token.Length, ApiTokenFormat.Length)], ascii);
        t_hmac.AppendData(ascii[..written]);
        return t_hmac.GetHashAndReset();
    }
}
