using System.Text;

namespace PacsViewer.Core.Dicom.CharacterSets;

/// <summary>
/// The character set named by Specific Character Set (0008,0005), able to decode and encode the values of the VRs it
/// affects (SH, LO, UC, ST, LT, UT, PN; PS3.5 6.1.2.3). Immutable and safe to share between threads.
/// </summary>
/// <remarks>
/// Decode and Encode work on whole element values: backslashes between values are kept, and padding is neither
/// removed nor added (see <see cref="TrimPadding"/> and <see cref="DicomVRInfo.PaddingByte"/>).
/// Other VRs always use the default repertoire.
/// </remarks>
public sealed class DicomCharacterSet
{
    private static readonly Encoding AsciiForWriting =
        Encoding.GetEncoding("us-ascii", new EncoderReplacementFallback("?"), new DecoderReplacementFallback("\uFFFD"));

    private readonly Encoding? wholeValue;
    private readonly bool defaultRepertoire;
    private readonly CodeElement initialG0 = CodeElement.Ascii;
    private readonly CodeElement? initialG1;
    private readonly CodeElement[] declared = [];

    private DicomCharacterSet(string[] terms, string[] warnings, Encoding? wholeValue)
    {
        Terms = terms;
        Warnings = warnings;
        this.wholeValue = wholeValue;
        defaultRepertoire = ReferenceEquals(wholeValue, Encoding.Latin1);
    }

    private DicomCharacterSet(string[] terms, string[] warnings, CodeElement initialG0, CodeElement? initialG1,
        CodeElement[] declared)
        : this(terms, warnings, null)
    {
        this.initialG0 = initialG0;
        this.initialG1 = initialG1;
        this.declared = declared;
    }

    /// <summary>
    /// The default repertoire, ISO-IR 6 (PS3.5 6.1.2.2). Bytes 80H-FFH, which it does not have, are read leniently as
    /// ISO 8859-1 instead of failing; characters outside ASCII are written as '?'.
    /// </summary>
    public static DicomCharacterSet Default { get; } = new([], [], Encoding.Latin1);

    /// <summary>The values of (0008,0005) as given (trimmed of padding).</summary>
    public IReadOnlyList<string> Terms { get; }

    /// <summary>Problems found in the terms, such as "unknown character set X"; empty when all were understood.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>True when the values may contain ISO 2022 escape sequences (PS3.5 6.1.2.5).</summary>
    public bool UsesCodeExtensions => wholeValue is null;

    /// <summary>
    /// Interprets the values of (0008,0005). Never throws for bad input: unknown terms are reported in
    /// <see cref="Warnings"/> and the default repertoire takes their place.
    /// </summary>
    public static DicomCharacterSet FromTerms(IReadOnlyList<string>? terms)
    {
        if (terms is null || terms.Count == 0)
        {
            return Default;
        }

        var given = terms.Select(t => (t ?? string.Empty).Trim(' ', '\0')).ToArray();
        var warnings = new List<string>();
        var resolved = given.Select((t, i) => Resolve(t, i, warnings)).ToArray();
        CharacterSetTerm? first = resolved[0];

        // PS3.3 C.12.1.1.2: without code extensions there is a single value.
        if (given.Length == 1 || first?.IsMultiByteWithoutExtensions == true)
        {
            if (given.Length > 1)
            {
                warnings.Add($"Character set '{first!.Term}' cannot be combined with code extensions; " +
                    $"the other values ({string.Join(", ", given.Skip(1))}) are ignored.");
            }

            if (first is null)
            {
                return new DicomCharacterSet(given, [.. warnings], Encoding.Latin1);
            }

            if (first.WholeValue is not null)
            {
                return new DicomCharacterSet(given, [.. warnings], first.WholeValue.Value);
            }

            if (first.G0 == CodeElement.Ascii && first.G1 is null)
            {
                return new DicomCharacterSet(given, [.. warnings], Encoding.Latin1);
            }
        }

        var elements = new List<CodeElement>();
        for (int i = 0; i < resolved.Length; i++)
        {
            CharacterSetTerm? term = resolved[i];
            if (term is null)
            {
                continue;
            }

            if (term.IsMultiByteWithoutExtensions)
            {
                warnings.Add($"Character set '{given[i]}' cannot be used with code extensions and is ignored.");
                continue;
            }

            if (given.Length > 1 && !term.IsCodeExtension && term.Term != "ISO_IR 6")
            {
                warnings.Add($"Character set '{given[i]}' used with code extensions; read as " +
                    $"'{term.Term.Replace("ISO_IR", "ISO 2022 IR", StringComparison.Ordinal)}'.");
            }

            foreach (var element in new[] { term.G0, term.G1 })
            {
                if (element is not null && !elements.Contains(element))
                {
                    elements.Add(element);
                }
            }
        }

        // PS3.5 6.1.2.5.3: value 1 defines the sets active at the start of each value and after each delimiter.
        // A two-byte G0 set in value 1 is not honoured as initial state, so plain ASCII still reads as ASCII.
        CodeElement initialG0 = first?.G0 is { IsMultiByte: false } g0 ? g0 : CodeElement.Ascii;
        CodeElement? initialG1 = first?.G1;
        return new DicomCharacterSet(given, [.. warnings], initialG0, initialG1, [.. elements]);
    }

    /// <summary>
    /// Decodes one element value (all its values, with their 5CH delimiters) to text. Padding is kept.
    /// Malformed bytes become U+FFFD; unknown escape sequences are kept as U+001B followed by their bytes.
    /// </summary>
    public string Decode(ReadOnlySpan<byte> value, DicomVR vr)
    {
        if (value.IsEmpty)
        {
            return string.Empty;
        }

        if (!vr.UsesSpecificCharacterSet())
        {
            return Encoding.Latin1.GetString(value);
        }

        return wholeValue is not null
            ? wholeValue.GetString(value)
            : Iso2022Decoder.Decode(value, vr, initialG0, initialG1);
    }

    /// <summary>
    /// Encodes one element value. No padding is added. Characters the character set lacks are written as '?'
    /// (except with UTF-8 and GB18030, which have them all).
    /// </summary>
    public byte[] Encode(string text, DicomVR vr)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return [];
        }

        if (!vr.UsesSpecificCharacterSet() || defaultRepertoire)
        {
            return AsciiForWriting.GetBytes(text);
        }

        if (wholeValue is not null)
        {
            return EncodeWhole(text);
        }

        return Iso2022Encoder.Encode(text, vr, initialG0, initialG1, declared);
    }

    /// <summary>
    /// Removes the padding of a decoded value: trailing spaces and NULs (PS3.5 6.2 pads to an even length with a space,
    /// or NUL for UI). Leading spaces, significant in some VRs, are left to the caller.
    /// </summary>
    public static string TrimPadding(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.TrimEnd(' ', '\0');
    }

    public override string ToString() => Terms.Count == 0 ? "ISO_IR 6" : string.Join('\\', Terms);

    private static CharacterSetTerm? Resolve(string term, int index, List<string> warnings)
    {
        if (term.Length == 0)
        {
            // PS3.3 C.12.1.1.2: an empty value 1 means the default repertoire.
            if (index > 0)
            {
                warnings.Add($"Empty character set term at value {index + 1} ignored.");
            }

            return CharacterSetTerms.ByTerm["ISO 2022 IR 6"];
        }

        if (CharacterSetTerms.ByTerm.TryGetValue(term, out var known))
        {
            return known;
        }

        string? alias = Alias(term);
        if (alias is not null && CharacterSetTerms.ByTerm.TryGetValue(alias, out known))
        {
            warnings.Add($"Character set '{term}' is not a Defined Term; read as '{alias}'.");
            return known;
        }

        warnings.Add($"Unknown character set '{term}'; the default repertoire is used instead.");
        return null;
    }

    /// <summary>Spellings seen in the wild for the Defined Terms (case, hyphen, missing space, UTF-8).</summary>
    private static string? Alias(string term)
    {
        string upper = term.ToUpperInvariant().Replace('-', '_');
        if (upper is "UTF_8" or "UTF8")
        {
            return "ISO_IR 192";
        }

        foreach (string prefix in new[] { "ISO_IR_", "ISO_IR", "ISO IR ", "ISO IR" })
        {
            if (upper.StartsWith(prefix, StringComparison.Ordinal))
            {
                return "ISO_IR " + upper[prefix.Length..].Trim();
            }
        }

        return upper.Replace("ISO 2022 IR_", "ISO 2022 IR ", StringComparison.Ordinal);
    }

    private byte[] EncodeWhole(string text)
    {
        byte[] bytes = wholeValue!.GetBytes(text);
        if (wholeValue.GetCharCount(bytes) == text.Length || wholeValue is UTF8Encoding)
        {
            return bytes;
        }

        // The code page encodings drop what they lack; write '?' for those characters instead.
        var output = new List<byte>(bytes.Length + 8);
        Span<byte> one = stackalloc byte[8];
        Span<char> chars = stackalloc char[2];
        foreach (Rune rune in text.EnumerateRunes())
        {
            int charCount = rune.EncodeToUtf16(chars);
            int n = wholeValue.GetBytes(chars[..charCount], one);
            if (n == 0)
            {
                output.Add((byte)'?');
            }
            else
            {
                output.AddRange(one[..n]);
            }
        }

        return output.ToArray();
    }
}
