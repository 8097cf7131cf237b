using System.Buffers.Binary;
using System.Text;

namespace PacsViewer.Tests.Core.Dicom.IO.DicomDir;

/// <summary>One record for <see cref="DicomDirBuilder"/>. Links are record indexes; raw offsets override them.</summary>
internal sealed record TestRecord(string Type)
{
    public string[]? FileId { get; init; }
    public string? SopInstanceUid { get; init; }
    public int? Next { get; init; }
    public int? Lower { get; init; }
    public uint? RawNext { get; init; }
    public uint? RawLower { get; init; }
    public bool InUse { get; init; } = true;

    /// <summary>Leave out (0004,1400) and (0004,1420) when they would be zero, as some writers do.</summary>
    public bool OmitZeroOffsets { get; init; }
}

/// <summary>
/// Writes small DICOMDIRs byte by byte (explicit VR little endian, defined lengths) so that tests can place
/// offsets exactly, hostile ones included. Offsets count from the first byte of the file (PS3.3 F.3.2.2).
/// </summary>
internal static class DicomDirBuilder
{
    /// <param name="root">Index of the first root record; null for none.</param>
    /// <param name="rawRoot">A raw root offset, overriding <paramref name="root"/>.</param>
    public static byte[] Build(IReadOnlyList<TestRecord> records, int? root = 0, uint? rawRoot = null)
    {
        var header = Header();
        // Items have a fixed size whatever the offset values, so lay out once with zeros, then for real.
        var sizes = records.Select(r => Item(r, _ => 0).Length).ToArray();
        var dataset = new MemoryStream();
        var sequenceStart = header.Length + DatasetPrefix(0, 0).Length + 12; // + the (0004,1220) SQ header
        var offsets = new uint[records.Count];
        var at = (uint)sequenceStart;
        for (var i = 0; i < records.Count; i++)
        {
            offsets[i] = at;
            at += (uint)sizes[i];
        }
        uint Offset(int? index) => index is { } i ? offsets[i] : 0;

        var rootOffset = rawRoot ?? Offset(root);
        var lastRoot = rootOffset;
        dataset.Write(DatasetPrefix(rootOffset, lastRoot));
        var items = records.Select(r => Item(r, Offset)).ToArray();
        var sequenceLength = (uint)items.Sum(i => i.Length);
        dataset.Write(LongHeader(0x0004, 0x1220, "SQ", sequenceLength));
        foreach (var item in items)
        {
            dataset.Write(item);
        }
        return [.. header, .. dataset.ToArray()];
    }

    /// <summary>Writes the DICOMDIR into <paramref name="folder"/> and returns its path.</summary>
    public static string WriteFileSet(string folder, IReadOnlyList<TestRecord> records, int? root = 0, uint? rawRoot = null)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "DICOMDIR");
        File.WriteAllBytes(path, Build(records, root, rawRoot));
        return path;
    }

    /// <summary>A minimal Part 10 file: File Meta Information and a SOP Instance UID.</summary>
    public static byte[] InstanceFile(string sopInstanceUid)
    {
        var meta = new MemoryStream();
        meta.Write(new byte[128]);
        meta.Write("DICM"u8);
        meta.Write(Element(0x0002, 0x0010, "UI", Uid("1.2.840.10008.1.2.1")));
        meta.Write(Element(0x0008, 0x0018, "UI", Uid(sopInstanceUid)));
        return meta.ToArray();
    }

    private static byte[] Header()
    {
        var s = new MemoryStream();
        s.Write(new byte[128]);
        s.Write("DICM"u8);
        s.Write(LongHeader(0x0002, 0x0001, "OB", 2));
        s.Write([0x00, 0x01]);
        s.Write(Element(0x0002, 0x0002, "UI", Uid("1.2.840.10008.1.3.10")));
        s.Write(Element(0x0002, 0x0003, "UI", Uid("1.2.826.0.1.3680043.2.1125.1")));
        s.Write(Element(0x0002, 0x0010, "UI", Uid("1.2.840.10008.1.2.1")));
        return s.ToArray();
    }

    private static byte[] DatasetPrefix(uint first, uint last)
    {
        var s = new MemoryStream();
        s.Write(Element(0x0004, 0x1130, "CS", Text("TESTSET")));
        s.Write(Element(0x0004, 0x1200, "UL", UL(first)));
        s.Write(Element(0x0004, 0x1202, "UL", UL(last)));
        s.Write(Element(0x0004, 0x1212, "US", [0, 0]));
        return s.ToArray();
    }

    private static byte[] Item(TestRecord r, Func<int?, uint> offset)
    {
        var s = new MemoryStream();
        var next = r.RawNext ?? offset(r.Next);
        var lower = r.RawLower ?? offset(r.Lower);
        if (!(r.OmitZeroOffsets && next == 0 && r.Next is null))
        {
            s.Write(Element(0x0004, 0x1400, "UL", UL(next)));
        }
        s.Write(Element(0x0004, 0x1410, "US", r.InUse ? [0xFF, 0xFF] : [0, 0]));
        if (!(r.OmitZeroOffsets && lower == 0 && r.Lower is null))
        {
            s.Write(Element(0x0004, 0x1420, "UL", UL(lower)));
        }
        s.Write(Element(0x0004, 0x1430, "CS", Text(r.Type)));
        if (r.FileId is not null)
        {
            s.Write(Element(0x0004, 0x1500, "CS", Text(string.Join('\\', r.FileId))));
        }
        if (r.SopInstanceUid is not null)
        {
            s.Write(Element(0x0004, 0x1510, "UI", Uid("1.2.840.10008.5.1.4.1.1.7")));
            s.Write(Element(0x0004, 0x1511, "UI", Uid(r.SopInstanceUid)));
        }
        var content = s.ToArray();
        var item = new byte[8 + content.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(item, 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(item.AsSpan(2), 0xE000);
        BinaryPrimitives.WriteUInt32LittleEndian(item.AsSpan(4), (uint)content.Length);
        content.CopyTo(item, 8);
        return item;
    }

    private static byte[] Element(ushort group, ushort element, string vr, byte[] value)
    {
        var e = new byte[8 + value.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(e, group);
        BinaryPrimitives.WriteUInt16LittleEndian(e.AsSpan(2), element);
        e[4] = (byte)vr[0];
        e[5] = (byte)vr[1];
        BinaryPrimitives.WriteUInt16LittleEndian(e.AsSpan(6), (ushort)value.Length);
        value.CopyTo(e, 8);
        return e;
    }

    private static byte[] LongHeader(ushort group, ushort element, string vr, uint length)
    {
        var e = new byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(e, group);
        BinaryPrimitives.WriteUInt16LittleEndian(e.AsSpan(2), element);
        e[4] = (byte)vr[0];
        e[5] = (byte)vr[1];
        BinaryPrimitives.WriteUInt32LittleEndian(e.AsSpan(8), length);
        return e;
    }

    private static byte[] UL(uint value)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        return b;
    }

    private static byte[] Text(string value) => Encoding.Latin1.GetBytes(value.Length % 2 == 0 ? value : value + " ");

    private static byte[] Uid(string value) => Encoding.ASCII.GetBytes(value.Length % 2 == 0 ? value : value + "\0");
}
