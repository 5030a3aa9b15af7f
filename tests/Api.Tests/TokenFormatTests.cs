using Tempo.Api.Tokens;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Api.Tests;

public sealed class TokenFormatTests
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static readonly TokenSecretHasher Hasher = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public void A_token_has_prefix_id_256_random_bits_a_tag_and_a_checksum()
    {
        var id = ApiTokenFormat.NewId();
        var token = Hasher.NewToken(id, out _);

        Assert.Matches($"^tempo_{id.Value}_[0-9A-Za-z]{{43}}[0-9A-Za-z]{{5}}[0-9A-Za-z]{{6}}$", token);
        Assert.Equal(ApiTokenFormat.Length, token.Length);
        Assert.True(43 * Math.Log2(62) >= 256, "43 base62 characters carry at least 256 bits");
        Assert.True(ApiTokenFormat.TryParse(token, out var parsed));
        Assert.Equal(id.Value, parsed.ToString());
    }

    [Fact]
    public void Every_single_character_change_breaks_the_checksum()
    {
        var token = Hasher.NewToken(ApiTokenFormat.NewId(), out _);
        for (var i = 0; i < token.Length; i++)
        {
            var chars = token.ToCharArray();
            chars[i] = chars[i] == 'x' ? 'y' : 'x';
            Assert.False(ApiTokenFormat.TryParse(new string(chars), out _), $"a change at {i} went unnoticed");
        }
    }

    [Fact]
    public void Two_tokens_never_share_a_secret()
    {
        var id = new TokenId("abcdefABCDEF");
        var tokens = Enumerable.Range(0, 1000).Select(i => Hasher.NewToken(id, out _)).ToHashSet();
        Assert.Equal(1000, tokens.Count);
    }

    [Fact]
    public void The_hash_handed_out_at_creation_is_the_one_the_gate_computes()
    {
        var token = Hasher.NewToken(ApiTokenFormat.NewId(), out var created);

        Assert.Equal(TokenSecretHasher.HashBytes, created.Length);
        Assert.True(Hasher.TryHash(token, out var checkedHash));
        Assert.Equal(created, checkedHash);
        Assert.True(Hasher.TryHash(token, out var again), "the per-thread HMAC is reset after each use");
        Assert.Equal(created, again);
    }

    [Fact]
    public void The_hash_is_keyed_and_a_token_of_another_key_fails_the_tag()
    {
        var other = new TokenSecretHasher(new byte[32]);
        var ours = Hasher.NewToken(ApiTokenFormat.NewId(), out var ourHash);
        var theirs = other.NewToken(ApiTokenFormat.NewId(), out _);

        Assert.True(ApiTokenFormat.TryParse(theirs, out _), "the checksum needs no key");
        Assert.False(Hasher.TryHash(theirs, out _));
        Assert.False(other.TryHash(ours, out var otherHash));
        Assert.NotEqual(ourHash, otherHash);
        Assert.Throws<ArgumentException>(() => new TokenSecretHasher(new byte[16]));
    }

    [Fact]
    public void A_secret_changed_with_a_fresh_checksum_fails_the_tag()
    {
        // What a forger who knows the format can do: change the secret and recompute the public checksum.
        var token = Hasher.NewToken(new TokenId("abcdefABCDEF"), out _);
        var tag = token[ApiTokenFormat.HashedLength..(ApiTokenFormat.HashedLength + ApiTokenFormat.TagLength)];
        var refused = 0;
        for (var i = 0; i < 200; i++)
        {
            var secret = System.Security.Cryptography.RandomNumberGenerator.GetString(Alphabet, ApiTokenFormat.SecretLength);
            var forged = Reseal("tempo_abcdefABCDEF_" + secret + tag);
            Assert.True(ApiTokenFormat.TryParse(forged, out _));
            refused += Hasher.TryHash(forged, out _) ? 0 : 1;
        }

        Assert.Equal(200, refused);
    }

    /// <summary>Appends a correct public checksum, as anyone can.</summary>
    private static string Reseal(string withoutChecksum)
    {
        // CRC-32 (IEEE, reflected) as base62, computed here independently of the service's code.
        var crc = 0xFFFFFFFFu;
        foreach (var c in withoutChecksum)
        {
            crc ^= (byte)c;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        ulong value = ~crc;
        var digits = new char[ApiTokenFormat.ChecksumLength];
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            digits[i] = Alphabet[(int)(value % 62)];
            value /= 62;
        }

        return withoutChecksum + new string(digits);
    }
}
