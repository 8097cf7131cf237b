using System.Collections.Frozen;
using System.Text;

namespace PacsViewer.Core.Dicom.CharacterSets;

/// <summary>The Defined Terms of PS3.3 Tables C.12-2 to C.12-5 and the escape sequences that designate them.</summary>
internal static class CharacterSetTerms
{
    private static readonly (string Number, byte Final, int CodePage)[] SingleByteSets =
    [
        ("100", 0x41, 28591), // Latin alphabet No. 1
        ("101", 0x42, 28592), // Latin alphabet No. 2
        ("109", 0x43, 28593), // Latin alphabet No. 3
        ("110", 0x44, 28594), // Latin alphabet No. 4
        ("144", 0x4C, 28595), // Cyrillic
        ("127", 0x47, 28596), // Arabic
        ("126", 0x46, 28597), // Greek
        ("138", 0x48, 28598), // Hebrew
        ("148", 0x4D, 28599), // Latin alphabet No. 5
        ("203", 0x62, 28605), // Latin alphabet No. 9
        ("166", 0x54, 874), // Thai, TIS 620-2533 (code page 874 is a superset)
    ];

    public static FrozenDictionary<string, CharacterSetTerm> ByTerm { get; } = Build();

    /// <summary>Every escape sequence the decoder honours, longest first.</summary>
    public static IReadOnlyList<(byte[] Escape, CodeElement Element)> Escapes { get; } = BuildEscapes();

    /// <summary>Matches a known escape sequence at the start of <paramref name="bytes"/> (which starts with ESC).</summary>
    public static bool TryMatchEscape(ReadOnlySpan<byte> bytes, out CodeElement element, out int length)
    {
        foreach (var (escape, candidate) in Escapes)
        {
            if (bytes.StartsWith(escape))
            {
                element = candidate;
                length = escape.Length;
                return true;
            }
        }

        element = CodeElement.Ascii;
        length = 0;
        return false;
    }

    private static FrozenDictionary<string, CharacterSetTerm> Build()
    {
        var terms = new Dictionary<string, CharacterSetTerm>(StringComparer.Ordinal)
        {
            ["ISO_IR 6"] = new("ISO_IR 6", false, CodeElement.Ascii, null, null),
            ["ISO 2022 IR 6"] = new("ISO 2022 IR 6", true, CodeElement.Ascii, null, null),
            ["ISO_IR 13"] = new("ISO_IR 13", false, CodeElement.JisX0201Romaji, CodeElement.JisX0201Katakana, null),
            ["ISO 2022 IR 13"] = new("ISO 2022 IR 13", true, CodeElement.JisX0201Romaji, CodeElement.JisX0201Katakana, null),
            ["ISO 2022 IR 87"] = new("ISO 2022 IR 87", true, CodeElement.JisX0208, null, null),
            ["ISO 2022 IR 159"] = new("ISO 2022 IR 159", true, CodeElement.JisX0212, null, null),
            ["ISO 2022 IR 149"] = new("ISO 2022 IR 149", true, null, CodeElement.KsX1001, null),
            ["ISO 2022 IR 58"] = new("ISO 2022 IR 58", true, null, CodeElement.Gb2312, null),
            // PS3.3 Table C.12-5 and PS3.5 Annex J: multi-byte sets without code extensions.
            ["ISO_IR 192"] = new("ISO_IR 192", false, null, null, new Lazy<Encoding>(() => new UTF8Encoding(false, false))),
            ["GB18030"] = new("GB18030", false, null, null, CodeElement.LazyCodePage(54936)),
            ["GBK"] = new("GBK", false, null, null, CodeElement.LazyCodePage(936)),
        };

        foreach (var (number, final, codePage) in SingleByteSets)
        {
            var element = CodeElement.SingleByte("ISO-IR " + number, final, codePage);
            var whole = CodeElement.LazyCodePage(codePage);
            terms["ISO_IR " + number] = new("ISO_IR " + number, false, CodeElement.Ascii, element, whole);
            terms["ISO 2022 IR " + number] = new("ISO 2022 IR " + number, true, CodeElement.Ascii, element, null);
        }

        return terms.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static (byte[] Escape, CodeElement Element)[] BuildEscapes()
    {
        var list = new List<(byte[], CodeElement)>
        {
            (CodeElement.Ascii.Escape.ToArray(), CodeElement.Ascii),
            (CodeElement.JisX0201Romaji.Escape.ToArray(), CodeElement.JisX0201Romaji),
            (CodeElement.JisX0201Katakana.Escape.ToArray(), CodeElement.JisX0201Katakana),
            (CodeElement.JisX0208.Escape.ToArray(), CodeElement.JisX0208),
            ([0x1B, 0x24, 0x40], CodeElement.JisX0208), // ESC $ @, the JIS C 6226-1978 designation, read as JIS X 0208
            (CodeElement.JisX0212.Escape.ToArray(), CodeElement.JisX0212),
            (CodeElement.KsX1001.Escape.ToArray(), CodeElement.KsX1001),
            (CodeElement.Gb2312.Escape.ToArray(), CodeElement.Gb2312),
        };
        foreach (var (number, _, _) in SingleByteSets)
        {
            var element = ByTerm["ISO 2022 IR " + number].G1!;
            list.Add((element.Escape.ToArray(), element));
        }

        return list.OrderByDescending(e => e.Item1.Length).ToArray();
    }
}
