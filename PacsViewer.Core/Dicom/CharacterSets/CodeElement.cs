using System.Buffers;
using System.Text;

namespace PacsViewer.Core.Dicom.CharacterSets;

/// <summary>
/// One graphic character set as it is designated to G0 or G1 by an ISO 2022 escape sequence
/// (PS3.3 C.12.1.1.2, PS3.5 6.1.2.5). Immutable; the encodings it holds are only read.
/// </summary>
internal sealed class CodeElement
{
    private readonly Lazy<Encoding>? encoding;

    private CodeElement(CodeElementKind kind, string name, bool isG1, bool isMultiByte, byte[] escape, Lazy<Encoding>? encoding)
    {
        Kind = kind;
        Name = name;
        IsG1 = isG1;
        IsMultiByte = isMultiByte;
        Escape = escape;
        this.encoding = encoding;
    }

    public CodeElementKind Kind { get; }

    /// <summary>The ISO-IR registration, for diagnostics.</summary>
    public string Name { get; }

    /// <summary>True for sets invoked in GR (bytes 80H-FFH), false for G0 sets invoked in GL.</summary>
    public bool IsG1 { get; }

    public bool IsMultiByte { get; }

    /// <summary>The designation escape sequence, ESC included; empty for the lenient fallback.</summary>
    public ReadOnlyMemory<byte> Escape { get; }

    public static CodeElement Ascii { get; } = new(CodeElementKind.Ascii, "ISO-IR 6", false, false, [0x1B, 0x28, 0x42], null);

    public static CodeElement Latin1Fallback { get; } =
        new(CodeElementKind.Latin1Fallback, "ISO 8859-1 (lenient)", true, false, [], null);

    public static CodeElement JisX0201Romaji { get; } =
        new(CodeElementKind.JisX0201Romaji, "ISO-IR 14", false, false, [0x1B, 0x28, 0x4A], null);

    public static CodeElement JisX0201Katakana { get; } =
        new(CodeElementKind.JisX0201Katakana, "ISO-IR 13", true, false, [0x1B, 0x29, 0x49], null);

    /// <summary>EUC-JP code page 20932 holds JIS X 0208 with the plain JIS mapping (51932 uses the CP932 variants).</summary>
    public static CodeElement JisX0208 { get; } =
        new(CodeElementKind.JisX0208, "ISO-IR 87", false, true, [0x1B, 0x24, 0x42], LazyCodePage(20932));

    public static CodeElement JisX0212 { get; } =
        new(CodeElementKind.JisX0212, "ISO-IR 159", false, true, [0x1B, 0x24, 0x28, 0x44], null);

    /// <summary>KS X 1001 in GR is EUC-KR; code page 949 (a superset) maps it like the standard, 51949 has a slip.</summary>
    public static CodeElement KsX1001 { get; } =
        new(CodeElementKind.KsX1001, "ISO-IR 149", true, true, [0x1B, 0x24, 0x29, 0x43], LazyCodePage(949));

    /// <summary>GB 2312 in GR is EUC-CN, a subset of code page 936.</summary>
    public static CodeElement Gb2312 { get; } =
        new(CodeElementKind.Gb2312, "ISO-IR 58", true, true, [0x1B, 0x24, 0x29, 0x41], LazyCodePage(936));

    /// <summary>A 96-character set designated to G1 by ESC 02/13 F (PS3.3 Table C.12-3).</summary>
    public static CodeElement SingleByte(string name, byte finalByte, int codePage) =>
        new(CodeElementKind.SingleByte, name, true, false, [0x1B, 0x2D, finalByte], LazyCodePage(codePage));

    /// <summary>Built on first use: most processes never meet most code pages.</summary>
    public static Lazy<Encoding> LazyCodePage(int codePage) => new(() => CodePage(codePage));

    /// <summary>A code page encoding that never guesses: unknown bytes become U+FFFD, unknown characters nothing.</summary>
    public static Encoding CodePage(int codePage)
    {
        Encoding source = codePage == 28591
            ? Encoding.Latin1
            : CodePagesEncodingProvider.Instance.GetEncoding(codePage)
              ?? throw new NotSupportedException($"Code page {codePage} is not available.");
        var clone = (Encoding)source.Clone();
        clone.EncoderFallback = new EncoderReplacementFallback(string.Empty);
        clone.DecoderFallback = new DecoderReplacementFallback("\uFFFD");
        return clone;
    }

    /// <summary>Appends the characters of a run of bytes that all belong to this set.</summary>
    public void Decode(ReadOnlySpan<byte> run, StringBuilder text)
    {
        switch (Kind)
        {
            case CodeElementKind.Ascii or CodeElementKind.JisX0201Romaji or CodeElementKind.Latin1Fallback:
                foreach (byte b in run)
                {
                    text.Append((char)b);
                }

                break;
            case CodeElementKind.JisX0201Katakana:
                // JIS X 0201 katakana A1H-DFH are the half-width forms U+FF61-U+FF9F.
                foreach (byte b in run)
                {
                    text.Append(b is >= 0xA1 and <= 0xDF ? (char)(0xFF61 + b - 0xA1) : '\uFFFD');
                }

                break;
            case CodeElementKind.JisX0208:
                DecodeAsGr(run, text);
                break;
            case CodeElementKind.JisX0212:
                for (int i = 0; i + 1 < run.Length; i += 2)
                {
                    text.Append(CharacterSets.JisX0212.ToChar(run[i], run[i + 1]));
                }

                break;
            default:
                text.Append(encoding!.Value.GetString(run));
                break;
        }
    }

    /// <summary>Writes the code of <paramref name="c"/> in this set; returns its length, 0 if the set lacks it.</summary>
    public int TryEncode(char c, Span<byte> destination)
    {
        switch (Kind)
        {
            case CodeElementKind.Ascii or CodeElementKind.JisX0201Romaji:
                if (c < 0x80)
                {
                    destination[0] = (byte)c;
                    return 1;
                }

                return 0;
            case CodeElementKind.JisX0201Katakana:
                if (c is >= '\uFF61' and <= '\uFF9F')
                {
                    destination[0] = (byte)(0xA1 + c - 0xFF61);
                    return 1;
                }

                return 0;
            case CodeElementKind.JisX0212:
                if (CharacterSets.JisX0212.TryGetCode(c, out byte first, out byte second))
                {
                    destination[0] = first;
                    destination[1] = second;
                    return 2;
                }

                return 0;
            case CodeElementKind.SingleByte:
            {
                Span<byte> buffer = stackalloc byte[8];
                int n = encoding!.Value.GetBytes([c], buffer);
                if (n == 1 && buffer[0] >= 0xA0)
                {
                    destination[0] = buffer[0];
                    return 1;
                }

                return 0;
            }

            case CodeElementKind.JisX0208 or CodeElementKind.KsX1001 or CodeElementKind.Gb2312:
            {
                // Only two-byte codes with both bytes in A1H-FEH belong to the 94 x 94 set itself.
                Span<byte> buffer = stackalloc byte[8];
                int n = encoding!.Value.GetBytes([c], buffer);
                if (n != 2 || buffer[0] is < 0xA1 or > 0xFE || buffer[1] is < 0xA1 or > 0xFE)
                {
                    return 0;
                }

                byte mask = IsG1 ? (byte)0xFF : (byte)0x7F;
                destination[0] = (byte)(buffer[0] & mask);
                destination[1] = (byte)(buffer[1] & mask);
                return 2;
            }

            default:
                return 0;
        }
    }

    public override string ToString() => Name;

    /// <summary>A G0 two-byte run (21H-7EH) is the GR form (EUC) with the high bit cleared.</summary>
    private void DecodeAsGr(ReadOnlySpan<byte> run, StringBuilder text)
    {
        byte[] rented = ArrayPool<byte>.Shared.Rent(run.Length);
        try
        {
            for (int i = 0; i < run.Length; i++)
            {
                rented[i] = (byte)(run[i] | 0x80);
            }

            text.Append(encoding!.Value.GetString(rented, 0, run.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
