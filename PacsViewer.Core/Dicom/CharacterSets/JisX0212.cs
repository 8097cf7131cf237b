using System.Collections.Frozen;

namespace PacsViewer.Core.Dicom.CharacterSets;

/// <summary>
/// JIS X 0212 (ISO-IR 159, PS3.5 Annex H): .NET has no code page for it, so the 94 x 94 table is generated
/// into <c>JisX0212.Table.cs</c> by <c>generate_jisx0212.py</c>.
/// </summary>
internal static partial class JisX0212
{
    private static readonly Lazy<FrozenDictionary<char, ushort>> Reverse = new(BuildReverse);

    /// <summary>Maps a two-byte G0 code (each byte 21H-7EH) to its character, U+FFFD when unassigned.</summary>
    public static char ToChar(byte first, byte second)
    {
        if (first is < 0x21 or > 0x7E || second is < 0x21 or > 0x7E)
        {
            return '\uFFFD';
        }

        char c = Table[((first - 0x21) * 94) + (second - 0x21)];
        return c == '\0' ? '\uFFFD' : c;
    }

    /// <summary>Finds the two-byte G0 code of a character; false when JIS X 0212 does not have it.</summary>
    public static bool TryGetCode(char c, out byte first, out byte second)
    {
        if (c != '\0' && Reverse.Value.TryGetValue(c, out ushort code))
        {
            first = (byte)(code >> 8);
            second = (byte)code;
            return true;
        }

        first = second = 0;
        return false;
    }

    private static FrozenDictionary<char, ushort> BuildReverse()
    {
        var map = new Dictionary<char, ushort>(Table.Length);
        for (int i = 0; i < Table.Length; i++)
        {
            char c = Table[i];
            if (c != '\0')
            {
                map.TryAdd(c, (ushort)(((0x21 + (i / 94)) << 8) | (0x21 + (i % 94))));
            }
        }

        return map.ToFrozenDictionary();
    }
}
