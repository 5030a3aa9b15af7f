using System.Buffers;

namespace Tempo.Grains.Interfaces;

/// <summary>
/// What text a person names things with may hold. Names and keys refuse control characters (C0, DEL, C1) and
/// the invisible bidirectional formatting characters that make text display other than it reads; free text
/// (descriptions, comments) keeps tabs and line breaks. Logs get any user-provided text through <see cref="ForLog"/>.
/// </summary>
public static class TextSafety
{
    private static readonly SearchValues<char> Bidi = SearchValues.Create("\u200E\u200F\u061C\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069");

    public const string NameMessageSuffix = "must not contain control characters or bidirectional formatting characters.";

    /// <summary>No control character and no bidirectional formatting character.</summary>
    public static bool IsSafeName(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }

        return text.IndexOfAny(Bidi) < 0;
    }

    /// <summary>No control character but tab, line feed and carriage return.</summary>
    public static bool IsSafeFreeText(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The text as a log line may carry it: control and bidirectional formatting characters written as <c>\uXXXX</c>,
    /// at most <paramref name="maxLength"/> characters of it, so nobody can forge lines or hide text in a log.
    /// </summary>
    public static string ForLog(string? text, int maxLength = 256)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var cut = text.Length > maxLength ? text[..maxLength] : text;
        if (IsSafeName(cut))
        {
            return cut.Length < text.Length ? cut + "…" : cut;
        }

        var builder = new System.Text.StringBuilder(cut.Length + 16);
        foreach (var c in cut)
        {
            if (char.IsControl(c) || Bidi.Contains(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return cut.Length < text.Length ? builder.Append('…').ToString() : builder.ToString();
    }
}
