using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PacsViewer.Core.Dicom.CharacterSets;

namespace PacsViewer.Core.Dicom.IO.Json;

public static partial class DicomJsonReader
{
    private static byte[] EncodeValues(JsonElement array, DicomVR vr, string path, DicomCharacterSet characterSet)
    {
        switch (vr)
        {
            case DicomVR.US or DicomVR.SS or DicomVR.UL or DicomVR.SL or DicomVR.SV or DicomVR.UV or DicomVR.FL or DicomVR.FD:
                return EncodeBinaryNumbers(array, vr, path);
            case DicomVR.AT:
                return EncodeTags(array, path);
        }

        var values = new List<string>();
        foreach (var item in array.EnumerateArray())
        {
            values.Add(item.ValueKind switch
            {
                JsonValueKind.Null => "", // PS3.18 F.2.5
                JsonValueKind.String => item.GetString()!,
                // DS and IS (PS3.18 F.2.3): the number exactly as written keeps every digit.
                JsonValueKind.Number when vr is DicomVR.DS or DicomVR.IS => item.GetRawText(),
                JsonValueKind.Object when vr == DicomVR.PN => PersonName(item, path),
                _ => throw Fail(path, $"a {item.ValueKind} value is not valid for VR {vr.Code()}"),
            });
        }
        if (vr.IsSingleValuedText() && values.Count > 1)
        {
            throw Fail(path, $"{vr.Code()} has a single value (PS3.5 6.4) but {values.Count} were given");
        }
        var text = string.Join('\\', values);
        var bytes = vr.UsesSpecificCharacterSet() ? characterSet.Encode(text, vr) : Encoding.Latin1.GetBytes(text);
        return PadEven(bytes, vr.PaddingByte()); // PS3.5 7.1.1: even length
    }

    /// <summary>PS3.18 F.2.2: groups in the order Alphabetic, Ideographic, Phonetic, joined by '=' (PS3.5 6.2.1).</summary>
    private static string PersonName(JsonElement value, string path)
    {
        string Group(string name)
        {
            if (!value.TryGetProperty(name, out var g) || g.ValueKind == JsonValueKind.Null)
            {
                return "";
            }
            return g.ValueKind == JsonValueKind.String ? g.GetString()! : throw Fail(path, $"PN \"{name}\" is not a string");
        }
        var groups = new[] { Group("Alphabetic"), Group("Ideographic"), Group("Phonetic") };
        var n = groups.Length;
        while (n > 0 && groups[n - 1].Length == 0)
        {
            n--;
        }
        return string.Join('=', groups.Take(n));
    }

    private static byte[] EncodeTags(JsonElement array, string path)
    {
        var result = new byte[array.GetArrayLength() * 4];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            // PS3.18 F.2.3: AT is a string of eight hex digits, group first.
            if (item.ValueKind != JsonValueKind.String || item.GetString() is not { Length: 8 } s
                || !uint.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v))
            {
                throw Fail(path, $"AT value {item.GetRawText()} is not eight hex digits");
            }
            BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(i * 4), (ushort)(v >> 16));
            BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(i * 4 + 2), (ushort)v);
            i++;
        }
        return result;
    }

    private static byte[] EncodeBinaryNumbers(JsonElement array, DicomVR vr, string path)
    {
        var size = vr.ValueSize();
        var result = new byte[array.GetArrayLength() * size];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (!TryEncodeNumber(item, vr, result.AsSpan(i * size, size)))
            {
                throw Fail(path, $"{item.GetRawText()} is not a valid {vr.Code()} value");
            }
            i++;
        }
        return result;
    }

    private static bool TryEncodeNumber(JsonElement item, DicomVR vr, Span<byte> span)
    {
        if (vr is DicomVR.FL or DicomVR.FD)
        {
            if (!TryReal(item, out var d))
            {
                return false;
            }
            if (vr == DicomVR.FL)
            {
                BinaryPrimitives.WriteSingleLittleEndian(span, (float)d);
            }
            else
            {
                BinaryPrimitives.WriteDoubleLittleEndian(span, d);
            }
            return true;
        }
        var (min, max) = vr switch
        {
            DicomVR.US => ((Int128)ushort.MinValue, (Int128)ushort.MaxValue),
            DicomVR.SS => (short.MinValue, short.MaxValue),
            DicomVR.UL => (uint.MinValue, uint.MaxValue),
            DicomVR.SL => (int.MinValue, int.MaxValue),
            DicomVR.SV => (long.MinValue, long.MaxValue),
            _ => (ulong.MinValue, (Int128)ulong.MaxValue),
        };
        if (!TryInteger(item, min, max, out var n))
        {
            return false;
        }
        switch (vr)
        {
            case DicomVR.US: BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)n); break;
            case DicomVR.SS: BinaryPrimitives.WriteInt16LittleEndian(span, (short)n); break;
            case DicomVR.UL: BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)n); break;
            case DicomVR.SL: BinaryPrimitives.WriteInt32LittleEndian(span, (int)n); break;
            case DicomVR.SV: BinaryPrimitives.WriteInt64LittleEndian(span, (long)n); break;
            default: BinaryPrimitives.WriteUInt64LittleEndian(span, (ulong)n); break;
        }
        return true;
    }

    /// <summary>A JSON number, or a string (SV and UV beyond 2^53 are written as strings, PS3.18 F.2.3 note).</summary>
    private static bool TryInteger(JsonElement item, Int128 min, Int128 max, out Int128 value)
    {
        var text = item.ValueKind switch
        {
            JsonValueKind.Number => item.GetRawText(),
            JsonValueKind.String => item.GetString()!.Trim(),
            _ => null,
        };
        value = 0;
        if (text is null)
        {
            return false;
        }
        if (!Int128.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            // Tolerate "12.0" and "1E3" for integers when the number is whole.
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || d != Math.Floor(d) || Math.Abs(d) > 1.8e19)
            {
                return false;
            }
            value = (Int128)d;
        }
        return value >= min && value <= max;
    }

    private static bool TryReal(JsonElement item, out double value)
    {
        value = 0;
        switch (item.ValueKind)
        {
            case JsonValueKind.Number:
                return item.TryGetDouble(out value);
            case JsonValueKind.String:
                var s = item.GetString()!;
                value = s switch
                {
                    "NaN" => double.NaN,
                    "Infinity" or "+Infinity" => double.PositiveInfinity,
                    "-Infinity" => double.NegativeInfinity,
                    _ => double.NaN,
                };
                return s is "NaN" or "Infinity" or "+Infinity" or "-Infinity"
                    || double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
            default:
                return false;
        }
    }

    private static bool IsBinary(DicomVR vr) => vr is DicomVR.OB or DicomVR.OD or DicomVR.OF or DicomVR.OL
        or DicomVR.OV or DicomVR.OW or DicomVR.UN;

    private static byte[] PadEven(byte[] bytes, byte padding)
    {
        if (bytes.Length % 2 == 0)
        {
            return bytes;
        }
        var padded = new byte[bytes.Length + 1];
        bytes.CopyTo(padded, 0);
        padded[^1] = padding;
        return padded;
    }
}
