using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;

namespace PacsViewer.Core.Dicom.IO.Json;

public static partial class DicomJsonWriter
{
    // JavaScript numbers are exact up to 2^53 - 1; larger SV/UV values are written as strings (PS3.18 F.2.3 note).
    private const long MaxSafeInteger = (1L << 53) - 1;

    private static void WriteValueElement(Utf8JsonWriter writer, DicomDataset dataset, DicomValueElement element,
        string key, string path, DicomJsonWriterOptions options)
    {
        var vr = element.VR;
        if (IsBinary(vr))
        {
            WriteBinaryElement(writer, element, key, path, options);
            return;
        }
        writer.WriteStartObject(key);
        writer.WriteString("vr", VRCode(vr));
        if (element.Value is DicomBulkDataReference reference)
        {
            writer.WriteString("BulkDataURI", reference.Uri); // PS3.18 F.2.6
        }
        else if (element.Length > 0)
        {
            WriteValues(writer, dataset, element);
        }
        // PS3.18 F.2.5: an attribute with no value has no "Value".
        writer.WriteEndObject();
    }

    private static void WriteBinaryElement(Utf8JsonWriter writer, DicomValueElement element, string key, string path, DicomJsonWriterOptions options)
    {
        string? uri = element.Value is DicomBulkDataReference reference ? reference.Uri
            : element.Length > 0 ? options.BulkDataUriProvider?.Invoke(path, element) : null;
        if (uri is null && element.Length > options.MaxInlineBinaryLength)
        {
            return; // left out rather than written as if empty
        }
        writer.WriteStartObject(key);
        writer.WriteString("vr", VRCode(element.VR));
        if (uri is not null)
        {
            writer.WriteString("BulkDataURI", uri); // PS3.18 F.2.6
        }
        else if (element.Length > 0)
        {
            // PS3.18 F.2.7: base64 of the Value Field in little endian byte order.
            writer.WriteBase64String("InlineBinary", element.GetBytes().Span);
        }
        writer.WriteEndObject();
    }

    private static void WriteValues(Utf8JsonWriter writer, DicomDataset dataset, DicomValueElement element)
    {
        var tag = element.Tag;
        switch (element.VR)
        {
            case DicomVR.US or DicomVR.SS or DicomVR.UL or DicomVR.SL or DicomVR.SV or DicomVR.UV:
                WriteIntegers(writer, element);
                return;
            case DicomVR.FL or DicomVR.FD:
                WriteFloats(writer, element);
                return;
            case DicomVR.AT:
                // PS3.18 F.2.3: AT as a string of eight upper-case hex digits, group then element.
                writer.WriteStartArray("Value");
                foreach (var t in dataset.GetTags(tag))
                {
                    writer.WriteStringValue(t.ToJsonKey());
                }
                writer.WriteEndArray();
                return;
        }

        var values = dataset.GetStrings(tag);
        if (values.Length == 0 || values is [""])
        {
            return; // only padding: no value (F.2.5)
        }
        writer.WriteStartArray("Value");
        foreach (var value in values)
        {
            if (value.Length == 0)
            {
                writer.WriteNullValue(); // PS3.18 F.2.5: an empty value among several is null.
            }
            else if (element.VR == DicomVR.PN)
            {
                WritePersonName(writer, value);
            }
            else if (element.VR is DicomVR.DS or DicomVR.IS)
            {
                WriteNumberString(writer, value, element.VR);
            }
            else
            {
                writer.WriteStringValue(value);
            }
        }
        writer.WriteEndArray();
    }

    /// <summary>
    /// PS3.18 F.2.2: a PN value is an object with the non-empty component groups, each as its PS3.5 text
    /// (components separated by '^').
    /// </summary>
    private static void WritePersonName(Utf8JsonWriter writer, string value)
    {
        var groups = value.Split('=');
        writer.WriteStartObject();
        string[] names = ["Alphabetic", "Ideographic", "Phonetic"];
        for (var i = 0; i < Math.Min(groups.Length, names.Length); i++)
        {
            if (groups[i].Length > 0)
            {
                writer.WriteString(names[i], groups[i]);
            }
        }
        writer.WriteEndObject();
    }

    /// <summary>
    /// DS and IS are JSON numbers (PS3.18 F.2.3). Text that already is a JSON number is written as it stands, so
    /// no digit is lost; other valid forms ("+5", ".5", "007") are written as the number they mean; text that
    /// is no number at all is kept as a JSON string, as the F.2.3 note allows, rather than dropped.
    /// </summary>
    private static void WriteNumberString(Utf8JsonWriter writer, string value, DicomVR vr)
    {
        var text = value.Trim(' ');
        if (IsJsonNumber(text))
        {
            writer.WriteRawValue(text, skipInputValidation: true);
        }
        else if (vr == DicomVR.IS && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            writer.WriteNumberValue(l);
        }
        else if (DicomDecimalString.TryParse(text, out var d))
        {
            writer.WriteNumberValue(d);
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }

    private static void WriteIntegers(Utf8JsonWriter writer, DicomValueElement element)
    {
        var bytes = element.GetBytes().Span;
        var size = element.VR.ValueSize();
        writer.WriteStartArray("Value");
        for (var offset = 0; offset + size <= bytes.Length; offset += size)
        {
            var at = bytes.Slice(offset, size);
            switch (element.VR)
            {
                case DicomVR.US: writer.WriteNumberValue(BinaryPrimitives.ReadUInt16LittleEndian(at)); break;
                case DicomVR.SS: writer.WriteNumberValue(BinaryPrimitives.ReadInt16LittleEndian(at)); break;
                case DicomVR.UL: writer.WriteNumberValue(BinaryPrimitives.ReadUInt32LittleEndian(at)); break;
                case DicomVR.SL: writer.WriteNumberValue(BinaryPrimitives.ReadInt32LittleEndian(at)); break;
                case DicomVR.SV:
                    var sv = BinaryPrimitives.ReadInt64LittleEndian(at);
                    if (Math.Abs((decimal)sv) <= MaxSafeInteger)
                    {
                        writer.WriteNumberValue(sv);
                    }
                    else
                    {
                        writer.WriteStringValue(sv.ToString(CultureInfo.InvariantCulture));
                    }
                    break;
                default:
                    var uv = BinaryPrimitives.ReadUInt64LittleEndian(at);
                    if (uv <= MaxSafeInteger)
                    {
                        writer.WriteNumberValue(uv);
                    }
                    else
                    {
                        writer.WriteStringValue(uv.ToString(CultureInfo.InvariantCulture));
                    }
                    break;
            }
        }
        writer.WriteEndArray();
    }

    /// <summary>FL and FD are JSON numbers; NaN and the infinities, which JSON cannot express, are strings.</summary>
    private static void WriteFloats(Utf8JsonWriter writer, DicomValueElement element)
    {
        var bytes = element.GetBytes().Span;
        var single = element.VR == DicomVR.FL;
        var size = single ? 4 : 8;
        writer.WriteStartArray("Value");
        for (var offset = 0; offset + size <= bytes.Length; offset += size)
        {
            double value = single ? BinaryPrimitives.ReadSingleLittleEndian(bytes[offset..]) : BinaryPrimitives.ReadDoubleLittleEndian(bytes[offset..]);
            if (!double.IsFinite(value))
            {
                writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
            }
            else if (single)
            {
                writer.WriteNumberValue((float)value);
            }
            else
            {
                writer.WriteNumberValue(value);
            }
        }
        writer.WriteEndArray();
    }

    private static bool IsBinary(DicomVR vr) => vr is DicomVR.OB or DicomVR.OD or DicomVR.OF or DicomVR.OL
        or DicomVR.OV or DicomVR.OW or DicomVR.UN or DicomVR.None;

    /// <summary>RFC 8259 section 6: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?</summary>
    internal static bool IsJsonNumber(ReadOnlySpan<char> s)
    {
        var i = 0;
        if (i < s.Length && s[i] == '-')
        {
            i++;
        }
        if (i >= s.Length || !char.IsAsciiDigit(s[i]))
        {
            return false;
        }
        if (s[i] == '0')
        {
            i++;
        }
        else
        {
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }
        }
        if (i < s.Length && s[i] == '.')
        {
            i++;
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }
            if (i == start)
            {
                return false;
            }
        }
        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            i++;
            if (i < s.Length && (s[i] == '+' || s[i] == '-'))
            {
                i++;
            }
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }
            if (i == start)
            {
                return false;
            }
        }
        return i == s.Length;
    }
}
