using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace PacsViewer.Tests.Core.Dicom.IO;

/// <summary>
/// Assembles DICOM bytes by hand for reader tests: element headers in explicit or implicit VR, little or big
/// endian (PS3.5 7.1.1-7.1.3), items and delimiters (PS3.5 7.5), File Meta Information (PS3.10 7.1).
/// Nothing here checks validity: tests use it to write exactly the bytes they mean, wrong ones included.
/// </summary>
internal sealed class DicomTestBytes(bool explicitVR = true, bool bigEndian = false)
{
    public const uint Undefined = 0xFFFFFFFF;

    private readonly MemoryStream _bytes = new();

    /// <summary>Number of bytes written so far: the offset the next element will start at.</summary>
    public long Length => _bytes.Length;

    public static DicomTestBytes ExplicitLittle() => new(true, false);

    public static DicomTestBytes ImplicitLittle() => new(false, false);

    public static DicomTestBytes ExplicitBig() => new(true, true);

    /// <summary>An element header with the length exactly as given (no value follows).</summary>
    public DicomTestBytes Header(ushort group, ushort element, string vr, uint length)
    {
        U16(group);
        U16(element);
        if (!explicitVR)
        {
            U32(length);
            return this;
        }
        _bytes.WriteByte((byte)vr[0]);
        _bytes.WriteByte((byte)vr[1]);
        if (vr is "OB" or "OD" or "OF" or "OL" or "OV" or "OW" or "SQ" or "SV" or "UC" or "UN" or "UR" or "UT" or "UV")
        {
            U16(0);
            U32(length);
        }
        else
        {
            U16((ushort)length);
        }
        return this;
    }

    /// <summary>A whole element: header with the value's length, then the value.</summary>
    public DicomTestBytes Element(ushort group, ushort element, string vr, byte[] value) =>
        Header(group, element, vr, (uint)value.Length).Raw(value);

    /// <summary>A text element, padded to even length with a space (NUL for UI) as PS3.5 6.2 asks.</summary>
    public DicomTestBytes Text(ushort group, ushort element, string vr, string value)
    {
        var bytes = Encoding.ASCII.GetBytes(value);
        if (bytes.Length % 2 == 1)
        {
            bytes = [.. bytes, vr == "UI" ? (byte)0 : (byte)' '];
        }
        return Element(group, element, vr, bytes);
    }

    /// <summary>A US element written in this stream's byte order.</summary>
    public DicomTestBytes UInt16(ushort group, ushort element, params ushort[] values)
    {
        Header(group, element, "US", (uint)values.Length * 2);
        foreach (var v in values)
        {
            U16(v);
        }
        return this;
    }

    /// <summary>Sequence header; use <see cref="Undefined"/> for an undefined length.</summary>
    public DicomTestBytes Sequence(ushort group, ushort element, uint length) => Header(group, element, "SQ", length);

    public DicomTestBytes Item(uint length) => Delimiter(0xE000, length);

    public DicomTestBytes ItemDelimiter() => Delimiter(0xE00D, 0);

    public DicomTestBytes SequenceDelimiter() => Delimiter(0xE0DD, 0);

    /// <summary>(FFFE,eeee) with a 32-bit length and no VR, in every transfer syntax (PS3.5 7.5).</summary>
    public DicomTestBytes Delimiter(ushort element, uint length)
    {
        U16(0xFFFE);
        U16(element);
        U32(length);
        return this;
    }

    public DicomTestBytes Raw(params byte[] bytes)
    {
        _bytes.Write(bytes);
        return this;
    }

    public DicomTestBytes Raw(DicomTestBytes other) => Raw(other.ToArray());

    public DicomTestBytes U16(ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(b, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b, value);
        }
        _bytes.Write(b);
        return this;
    }

    public DicomTestBytes U32(uint value)
    {
        Span<byte> b = stackalloc byte[4];
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(b, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        }
        _bytes.Write(b);
        return this;
    }

    public byte[] ToArray() => _bytes.ToArray();

    /// <summary>128-byte zero preamble, "DICM" and File Meta Information declaring <paramref name="transferSyntaxUid"/>.</summary>
    public static byte[] Part10Header(string transferSyntaxUid)
    {
        var meta = ExplicitLittle()
            .Element(0x0002, 0x0001, "OB", [0x00, 0x01])
            .Text(0x0002, 0x0002, "UI", "1.2.840.10008.5.1.4.1.1.7")
            .Text(0x0002, 0x0003, "UI", "1.2.3.4")
            .Text(0x0002, 0x0010, "UI", transferSyntaxUid)
            .ToArray();
        var header = new DicomTestBytes().Raw(new byte[128]).Raw("DICM"u8.ToArray());
        header.Element(0x0002, 0x0000, "UL", BitConverter.GetBytes((uint)meta.Length));
        return [.. header.ToArray(), .. meta];
    }

    /// <summary>Preamble, DICM, File Meta Information, then this dataset.</summary>
    public byte[] ToPart10(string transferSyntaxUid) => [.. Part10Header(transferSyntaxUid), .. ToArray()];

    /// <summary>Part 10 file with Deflated Explicit VR Little Endian (PS3.5 A.5): the dataset as raw deflate.</summary>
    public static byte[] Deflated(byte[] dataset)
    {
        using var compressed = new MemoryStream();
        using (var deflate = new DeflateStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            deflate.Write(dataset);
        }
        return [.. Part10Header("1.2.840.10008.1.2.1.99"), .. compressed.ToArray()];
    }
}
