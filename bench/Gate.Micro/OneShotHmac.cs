using System.Security.Cryptography;
using System.Text;
using Tempo.Api.Tokens;

namespace Tempo.Bench.Micro;

/// <summary>
/// The keyed hash as the gate computed it before: the same HMAC-SHA256 of the same bytes through the one-shot
/// <c>HMACSHA256.HashData</c>, which on Linux fetches the algorithm from OpenSSL 3's provider registry (locks, string
/// compares, allocations) on every call. <see cref="TokenSecretHasher"/> now keeps one keyed HMAC per thread.
/// </summary>
public sealed class OneShotHmac(byte[] key)
{
    public byte[] Hash(string token)
    {
        Span<byte> ascii = stackalloc byte[ApiTokenFormat.HashedLength];
        var written = Encoding.ASCII.GetBytes(token.AsSpan(0, ApiTokenFormat.HashedLength), ascii);
        return HMACSHA256.HashData(key, ascii[..written]);
    }
}
