using System.Text;

namespace PacsViewer.Core.Dicom.CharacterSets;

/// <summary>Decodes a value that uses ISO 2022 code extensions (PS3.5 6.1.2.5, Annexes H, I, K).</summary>
internal static class Iso2022Decoder
{
    private const byte Esc = 0x1B;

    public static string Decode(ReadOnlySpan<byte> value, DicomVR vr, CodeElement initialG0, CodeElement? initialG1)
    {
        var text = new StringBuilder(value.Length);
        CodeElement g0 = initialG0;
        CodeElement? g1 = initialG1;
        CodeElement? runElement = null;
        int runStart = 0;

        void Flush(int end, ReadOnlySpan<byte> bytes)
        {
            if (runElement is not null && end > runStart)
            {
                runElement.Decode(bytes[runStart..end], text);
            }

            runElement = null;
        }

        int i = 0;
        while (i < value.Length)
        {
            byte b = value[i];
            if (b == Esc)
            {
                Flush(i, value);
                if (CharacterSetTerms.TryMatchEscape(value[i..], out var designated, out int length))
                {
                    // PS3.5 6.1.2.5.1: the escape sequence designates the set into G0 or G1.
                    if (designated.IsG1)
                    {
                        g1 = designated;
                    }
                    else
                    {
                        g0 = designated;
                    }

                    i += length;
                }
                else
                {
                    text.Append('\u001B'); // unknown escape: kept, so that nothing is silently lost
                    i++;
                }

                continue;
            }

            // PS3.5 6.1.2.5.3: the initial sets are active again after a control character (CR, LF, FF, TAB),
            // a value delimiter and, in PN, the component (^) and component group (=) delimiters. A byte of a
            // two-byte G0 character is never a delimiter.
            if (b < 0x20 || (!g0.IsMultiByte && IsDelimiter(b, vr)))
            {
                Flush(i, value);
                text.Append((char)b);
                g0 = initialG0;
                g1 = initialG1;
                i++;
                continue;
            }

            CodeElement element;
            int size = 1;
            if (b < 0x80)
            {
                element = g0;
                if (g0.IsMultiByte)
                {
                    if (b is 0x20 or 0x7F)
                    {
                        element = CodeElement.Ascii; // SPACE and DEL stay single bytes in a 94^n set
                    }
                    else if (i + 1 < value.Length && value[i + 1] is >= 0x21 and <= 0x7E)
                    {
                        size = 2;
                    }
                    else
                    {
                        Flush(i, value);
                        text.Append('\uFFFD'); // half a character
                        i++;
                        continue;
                    }
                }
            }
            else if (g1 is null)
            {
                element = CodeElement.Latin1Fallback;
            }
            else
            {
                element = g1;
                if (g1.IsMultiByte)
                {
                    if (b is >= 0xA1 and <= 0xFE && i + 1 < value.Length && value[i + 1] is >= 0xA1 and <= 0xFE)
                    {
                        size = 2;
                    }
                    else
                    {
                        Flush(i, value);
                        text.Append('\uFFFD');
                        i++;
                        continue;
                    }
                }
            }

            if (!ReferenceEquals(element, runElement))
            {
                Flush(i, value);
                runElement = element;
                runStart = i;
            }

            i += size;
        }

        Flush(value.Length, value);
        return text.ToString();
    }

    /// <summary>5CH separates values except in the single valued text VRs; PN adds ^ and = (PS3.5 6.2).</summary>
    internal static bool IsDelimiter(int c, DicomVR vr) =>
        (c == '\\' && !vr.IsSingleValuedText()) || (vr == DicomVR.PN && c is '^' or '=');
}
