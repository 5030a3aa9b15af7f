namespace Tempo.Api.Tokens;

/// <summary>CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) over ASCII text.</summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    public static uint OfAscii(ReadOnlySpan<char> text)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var c in text)
        {
            crc = Table[(crc ^ (byte)c) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < table.Length; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
