using Tempo.Grains.Interfaces.Tokens;

namespace Tempo.Api.Tests.Gate;

/// <summary>The gate's constant-time equality of secrets and hashes.</summary>
public sealed class ConstantTimeTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(156)]
    public void Equal_bytes_are_equal_and_a_difference_in_any_position_is_seen(int length)
    {
        var left = Enumerable.Range(0, length).Select(i => (byte)(i * 37 + 11)).ToArray();
        Assert.True(ConstantTime.AreEqual(left, left.ToArray()));
        for (var position = 0; position < length; position++)
        {
            foreach (var bit in new[] { 0x01, 0x80 })
            {
                var right = left.ToArray();
                right[position] ^= (byte)bit;
                Assert.False(ConstantTime.AreEqual(left, right));
                Assert.False(ConstantTime.AreEqual(right, left));
            }
        }
    }

    [Fact]
    public void Different_lengths_are_never_equal()
    {
        Assert.False(ConstantTime.AreEqual(new byte[32], new byte[31]));
        Assert.False(ConstantTime.AreEqual(new byte[0], new byte[1]));
        Assert.False(ConstantTime.AreEqual("tempo_abc".AsSpan(), "tempo_ab".AsSpan()));
    }

    [Fact]
    public void Tokens_compare_by_every_character()
    {
        const string token = "tempo_AbCdEfGhIjKl_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ";
        Assert.True(ConstantTime.AreEqual(token.AsSpan(), new string(token.AsSpan()).AsSpan()));
        for (var i = 0; i < token.Length; i++)
        {
            var changed = token.ToCharArray();
            changed[i] = changed[i] == 'x' ? 'y' : 'x';
            Assert.False(ConstantTime.AreEqual(token.AsSpan(), changed));
        }

        // A character whose high byte differs (UTF-16): the comparison covers both bytes.
        Assert.False(ConstantTime.AreEqual("a".AsSpan(), "\u0161".AsSpan()));
    }
}
