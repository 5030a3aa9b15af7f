namespace Tempo.Api.Tokens;

internal static class Base62
{
    public const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>Writes <paramref name="value"/> as exactly <paramref name="destination"/>.Length digits, most significant first.</summary>
    public static void WriteFixed(ulong value, Span<char> destination)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = Alphabet[(int)(value % 62)];
            value /= 62;
        }
    }

    public static bool IsDigit(char c) => char.IsAsciiLetterOrDigit(c);
}
