using System.Text;

namespace PacsViewer.Core.Dicom.CharacterSets;

/// <summary>
/// Encodes text with ISO 2022 code extensions (PS3.5 6.1.2.5). ASCII stays in the initial G0 set; other characters
/// use the current G1 or G0 set when it has them, else the first declared set that does, designated by its escape
/// sequence. Before each delimiter and control character, and at the end of the value, G0 is switched back to its
/// initial set (PS3.5 6.1.2.5.3); G1 returns there implicitly, as in the examples of PS3.5 Annexes I and K.
/// Characters that no declared set has are written as '?'.
/// </summary>
internal static class Iso2022Encoder
{
    public static byte[] Encode(string text, DicomVR vr, CodeElement initialG0, CodeElement? initialG1,
        IReadOnlyList<CodeElement> declared)
    {
        var output = new List<byte>(text.Length * 2);
        CodeElement g0 = initialG0;
        CodeElement? g1 = initialG1;
        CodeElement singleByteG0 = initialG0.IsMultiByte ? CodeElement.Ascii : initialG0;
        Span<byte> code = stackalloc byte[4];

        void Designate(CodeElement element)
        {
            output.AddRange(element.Escape.Span);
            if (element.IsG1)
            {
                g1 = element;
            }
            else
            {
                g0 = element;
            }
        }

        void WriteAscii(byte b)
        {
            if (g0.IsMultiByte)
            {
                Designate(singleByteG0);
            }

            output.Add(b);
        }

        foreach (Rune rune in text.EnumerateRunes())
        {
            int value = rune.Value;
            if (value < 0x20 || Iso2022Decoder.IsDelimiter(value, vr))
            {
                if (!ReferenceEquals(g0, initialG0))
                {
                    Designate(initialG0);
                }

                g1 = initialG1;
                output.Add((byte)value);
                continue;
            }

            if (value < 0x80)
            {
                WriteAscii((byte)value);
                continue;
            }

            if (rune.IsBmp && FindSet((char)value, code, g0, g1, declared) is { } found)
            {
                if (!ReferenceEquals(found.Element, g0) && !ReferenceEquals(found.Element, g1))
                {
                    Designate(found.Element);
                }

                output.AddRange(code[..found.Length]);
                continue;
            }

            WriteAscii((byte)'?');
        }

        if (!ReferenceEquals(g0, initialG0))
        {
            Designate(initialG0);
        }

        return output.ToArray();
    }

    /// <summary>The current G1 set first, then the current two-byte G0 set, then the declared sets in order.</summary>
    private static (CodeElement Element, int Length)? FindSet(char c, Span<byte> code, CodeElement g0, CodeElement? g1,
        IReadOnlyList<CodeElement> declared)
    {
        int n;
        if (g1 is not null && (n = g1.TryEncode(c, code)) > 0)
        {
            return (g1, n);
        }

        if (g0.IsMultiByte && (n = g0.TryEncode(c, code)) > 0)
        {
            return (g0, n);
        }

        foreach (var element in declared)
        {
            if (element.Kind is not (CodeElementKind.Ascii or CodeElementKind.JisX0201Romaji)
                && (n = element.TryEncode(c, code)) > 0)
            {
                return (element, n);
            }
        }

        return null;
    }
}
