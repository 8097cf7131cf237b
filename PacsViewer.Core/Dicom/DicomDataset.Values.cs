using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace PacsViewer.Core.Dicom;

/// <summary>Typed access to values. Nothing here mutates the dataset or throws for a missing element.</summary>
public sealed partial class DicomDataset
{
    /// <summary>The whole value as text (multiple values joined by '\'), trimmed of padding; null if absent.</summary>
    public string? GetString(DicomTag tag)
    {
        var values = GetStrings(tag);
        return values.Length == 0 ? null : string.Join('\\', values);
    }

    /// <summary>The first value as text, or null when the element is absent or empty.</summary>
    public string? GetFirstString(DicomTag tag)
    {
        var values = GetStrings(tag);
        return values.Length == 0 || values[0].Length == 0 && values.Length == 1 ? null : values[0];
    }

    /// <summary>
    /// The values of a string element, decoded through the Specific Character Set where the VR uses it and
    /// split on backslash (PS3.5 6.4) except for the single-valued LT, ST, UT and UR. Empty for binary VRs.
    /// </summary>
    public string[] GetStrings(DicomTag tag)
    {
        if (!TryGetElement(tag, out var element) || element is not DicomValueElement value)
        {
            return [];
        }
        var vr = value.VR;
        if (!vr.IsString() && vr != DicomVR.UN)
        {
            return [];
        }
        var bytes = value.GetBytes().Span;
        if (bytes.IsEmpty)
        {
            return [];
        }
        var text = vr.UsesSpecificCharacterSet() ? CharacterSet.Decode(bytes, vr) : Encoding.Latin1.GetString(bytes);
        if (vr.IsSingleValuedText())
        {
            return [TrimValue(text, vr)];
        }
        var parts = text.Split('\\');
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = TrimValue(parts[i], vr);
        }
        return parts;
    }

    /// <summary>
    /// An integer: IS text, or a binary US/SS/UL/SL/UV/SV value at <paramref name="index"/>. False when absent,
    /// out of range or not a valid integer.
    /// </summary>
    public bool TryGetInt32(DicomTag tag, out int value, int index = 0)
    {
        value = 0;
        if (TryGetInt64(tag, out var v, index) && v is >= int.MinValue and <= int.MaxValue)
        {
            value = (int)v;
            return true;
        }
        return false;
    }

    public int GetInt32(DicomTag tag, int defaultValue, int index = 0) =>
        TryGetInt32(tag, out var v, index) ? v : defaultValue;

    public bool TryGetInt64(DicomTag tag, out long value, int index = 0)
    {
        value = 0;
        if (!TryGetElement(tag, out var element) || element is not DicomValueElement e || index < 0)
        {
            return false;
        }
        switch (e.VR)
        {
            case DicomVR.IS:
            case DicomVR.DS:
                var strings = GetStrings(tag);
                if (index >= strings.Length)
                {
                    return false;
                }
                if (long.TryParse(strings[index], NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out value))
                {
                    return true;
                }
                // Lenient: IS written as "12.0" by some writers.
                if (DicomDecimalString.TryParse(strings[index], out var d) && d == Math.Floor(d) && Math.Abs(d) < 9.2e18)
                {
                    value = (long)d;
                    return true;
                }
                return false;
        }
        var span = e.GetBytes().Span;
        var size = e.VR.ValueSize();
        if (size == 0 || (long)(index + 1) * size > span.Length)
        {
            return false;
        }
        var at = span.Slice(index * size, size);
        value = e.VR switch
        {
            DicomVR.US or DicomVR.OW => BinaryPrimitives.ReadUInt16LittleEndian(at),
            DicomVR.SS => BinaryPrimitives.ReadInt16LittleEndian(at),
            DicomVR.UL or DicomVR.OL => BinaryPrimitives.ReadUInt32LittleEndian(at),
            DicomVR.SL => BinaryPrimitives.ReadInt32LittleEndian(at),
            DicomVR.SV => BinaryPrimitives.ReadInt64LittleEndian(at),
            DicomVR.UV or DicomVR.OV when BinaryPrimitives.ReadUInt64LittleEndian(at) <= long.MaxValue =>
                (long)BinaryPrimitives.ReadUInt64LittleEndian(at),
            DicomVR.OB => at[0],
            _ => long.MinValue,
        };
        return value != long.MinValue || e.VR == DicomVR.SV;
    }

    /// <summary>A real number: DS/IS text, FL/FD, or a binary integer, at <paramref name="index"/>.</summary>
    public bool TryGetDouble(DicomTag tag, out double value, int index = 0)
    {
        value = 0;
        if (!TryGetElement(tag, out var element) || element is not DicomValueElement e || index < 0)
        {
            return false;
        }
        switch (e.VR)
        {
            case DicomVR.DS:
            case DicomVR.IS:
                var strings = GetStrings(tag);
                return index < strings.Length && DicomDecimalString.TryParse(strings[index], out value);
            case DicomVR.FL:
            case DicomVR.OF:
                var f = e.GetBytes().Span;
                if ((long)(index + 1) * 4 > f.Length)
                {
                    return false;
                }
                value = BinaryPrimitives.ReadSingleLittleEndian(f[(index * 4)..]);
                return true;
            case DicomVR.FD:
            case DicomVR.OD:
                var d = e.GetBytes().Span;
                if ((long)(index + 1) * 8 > d.Length)
                {
                    return false;
                }
                value = BinaryPrimitives.ReadDoubleLittleEndian(d[(index * 8)..]);
                return true;
            default:
                if (TryGetInt64(tag, out var l, index))
                {
                    value = l;
                    return true;
                }
                return false;
        }
    }

    public double GetDouble(DicomTag tag, double defaultValue, int index = 0) =>
        TryGetDouble(tag, out var v, index) ? v : defaultValue;

    /// <summary>
    /// All numeric values of a DS/IS/FL/FD/integer element. Text values that are not numbers are left out of
    /// <see cref="DicomNumbers.Values"/> and listed in <see cref="DicomNumbers.Invalid"/>, so callers can report them.
    /// </summary>
    public DicomNumbers GetNumbers(DicomTag tag)
    {
        if (!TryGetElement(tag, out var element) || element is not DicomValueElement e)
        {
            return DicomNumbers.None;
        }
        if (e.VR is DicomVR.DS or DicomVR.IS)
        {
            var values = new List<double>();
            var invalid = new List<string>();
            foreach (var s in GetStrings(tag))
            {
                if (DicomDecimalString.TryParse(s, out var v))
                {
                    values.Add(v);
                }
                else if (s.Length > 0)
                {
                    invalid.Add(s);
                }
            }
            return new DicomNumbers([.. values], [.. invalid]);
        }
        var size = e.VR.ValueSize();
        if (size == 0)
        {
            return DicomNumbers.None;
        }
        var count = (int)(e.Length / size);
        var result = new double[count];
        for (var i = 0; i < count; i++)
        {
            TryGetDouble(tag, out result[i], i);
        }
        return new DicomNumbers(result, []);
    }

    /// <summary>Unsigned 16-bit values of a US or OW element (e.g. LUT descriptors and data).</summary>
    public ushort[] GetUInt16s(DicomTag tag)
    {
        if (!TryGetElement(tag, out var element) || element is not DicomValueElement { VR: DicomVR.US or DicomVR.OW or DicomVR.SS or DicomVR.UN or DicomVR.OB } e)
        {
            return [];
        }
        var span = e.GetBytes().Span;
        var result = new ushort[span.Length / 2];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = BinaryPrimitives.ReadUInt16LittleEndian(span[(i * 2)..]);
        }
        return result;
    }

    /// <summary>Attribute tags of an AT element (PS3.5 6.2: pairs of 16-bit group and element).</summary>
    public DicomTag[] GetTags(DicomTag tag)
    {
        if (!TryGetElement(tag, out var element) || element is not DicomValueElement { VR: DicomVR.AT } e)
        {
            return [];
        }
        var span = e.GetBytes().Span;
        var result = new DicomTag[span.Length / 4];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(span[(i * 4)..]),
                BinaryPrimitives.ReadUInt16LittleEndian(span[(i * 4 + 2)..]));
        }
        return result;
    }

    /// <summary>The raw value bytes (little endian), or empty when absent or not a plain value.</summary>
    public ReadOnlyMemory<byte> GetBytes(DicomTag tag) =>
        TryGetElement(tag, out var e) && e is DicomValueElement v ? v.GetBytes() : ReadOnlyMemory<byte>.Empty;

    /// <summary>The items of a sequence, or empty when absent.</summary>
    public IReadOnlyList<DicomDataset> GetSequence(DicomTag tag) =>
        TryGetElement(tag, out var e) && e is DicomSequence s ? s.Items : [];

    /// <summary>A DA value (PS3.5 6.2), also accepting the ACR-NEMA "YYYY.MM.DD" form.</summary>
    public DateOnly? GetDate(DicomTag tag) => DicomDateTime.TryParseDate(GetFirstString(tag), out var d) ? d : null;

    /// <summary>A TM value; missing trailing components are zero.</summary>
    public TimeOnly? GetTime(DicomTag tag) => DicomDateTime.TryParseTime(GetFirstString(tag), out var t) ? t : null;

    /// <summary>A DT value; without an offset, UTC offset zero is assumed only if <paramref name="assumeOffset"/> is null.</summary>
    public DateTimeOffset? GetDateTime(DicomTag tag, TimeSpan? assumeOffset = null) =>
        DicomDateTime.TryParseDateTime(GetFirstString(tag), assumeOffset ?? TimeSpan.Zero, out var dt) ? dt : null;

    /// <summary>The first person name value, with its alphabetic, ideographic and phonetic groups.</summary>
    public DicomPersonName? GetPersonName(DicomTag tag)
    {
        var values = GetPersonNames(tag);
        return values.Count == 0 ? null : values[0];
    }

    public IReadOnlyList<DicomPersonName> GetPersonNames(DicomTag tag) =>
        TryGetElement(tag, out var e) && e.VR == DicomVR.PN
            ? GetStrings(tag).Select(DicomPersonName.Parse).ToArray()
            : [];

    private static string TrimValue(string value, DicomVR vr)
    {
        // PS3.5 6.2: trailing spaces (and NUL padding for UI) are insignificant; leading spaces too for most
        // VRs, but not for the text VRs LT, ST, UT, where leading spaces are kept.
        var trimmed = value.TrimEnd(' ', '\0');
        return vr is DicomVR.LT or DicomVR.ST or DicomVR.UT or DicomVR.PN ? trimmed : trimmed.TrimStart(' ');
    }
}
