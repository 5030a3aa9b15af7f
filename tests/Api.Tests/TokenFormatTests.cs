using Tempo.Api.Tokens;
using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Api.Tests;

public sealed class TokenFormatTests
{
    [Fact]
    public void A_token_has_prefix_id_256_random_bits_and_a_checksum()
    {
        var id = ApiTokenFormat.NewId();
        var token = ApiTokenFormat.NewToken(id);

        Assert.Matches($"^tempo_{id.Value}_[0-9A-Za-z]{{43}}[0-9A-Za-z]{{6}}$", token);
        Assert.True(43 * Math.Log2(62) >= 256, "43 base62 characters carry at least 256 bits");
        Assert.True(ApiTokenFormat.TryParse(token, out var parsed));
        Assert.Equal(id.Value, parsed.ToString());
    }

    [Fact]
    public void Every_single_character_change_breaks_the_checksum()
    {
        var token = ApiTokenFormat.NewToken(ApiTokenFormat.NewId());
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
        var tokens = Enumerable.Range(0, 1000).Select(_ => ApiTokenFormat.NewToken(id)).ToHashSet();
        Assert.Equal(1000, tokens.Count);
    }

    [Fact]
    public void The_hash_is_keyed()
    {
        var token = ApiTokenFormat.NewToken(ApiTokenFormat.NewId());
        var a = new TokenSecretHasher(new byte[32]).Hash(token);
        var b = new TokenSecretHasher(Enumerable.Repeat((byte)1, 32).ToArray()).Hash(token);
        Assert.NotEqual(a, b);
        Assert.Throws<ArgumentException>(() => new TokenSecretHasher(new byte[16]));
    }
}
