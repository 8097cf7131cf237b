using System.Buffers.Binary;

namespace PacsViewer.Core.Codecs.Jpeg2000;

/// <summary>
/// The image and tile size (SIZ) segment of a JPEG 2000 codestream (ISO/IEC 15444-1 A.5.1), read in managed code so
/// that the dimensions can be checked against the dataset before any byte reaches the native library. Accepts a bare
/// codestream (PS3.5 A.4.4) and, leniently, a JP2 file (15444-1 I.2) whose contiguous codestream box holds it.
/// </summary>
internal sealed record J2kHeader(bool IsJp2, int Width, int Height, int ComponentCount, ushort Capabilities, J2kComponent[] Components)
{
    /// <summary>Rsiz bit 14 (15444-15 A.2): the codestream uses High-Throughput block coding (HTJ2K).</summary>
    public bool IsHighThroughput => (Capabilities & 0x4000) != 0;

    private static ReadOnlySpan<byte> Jp2Signature => [0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A];

    /// <summary>Reads the SIZ segment; throws <see cref="PixelDataException"/> when there is none or it is malformed.</summary>
    public static J2kHeader Read(ReadOnlySpan<byte> data)
    {
        var isJp2 = data.StartsWith(Jp2Signature);
        var codestream = isJp2 ? FindContiguousCodestream(data) : data;
        // A.4.1 SOC (FF4F) then A.5.1 SIZ (FF51) as the first marker segment of the main header.
        if (codestream.Length < 4 || codestream[0] != 0xFF || codestream[1] != 0x4F || codestream[2] != 0xFF || codestream[3] != 0x51)
        {
            throw new PixelDataException($"JPEG 2000: the frame data ({data.Length} bytes) does not begin with SOC + SIZ markers (ISO/IEC 15444-1 A.4.1)");
        }
        var siz = codestream[4..];
        if (siz.Length < 38)
        {
            throw new PixelDataException("JPEG 2000: the SIZ marker segment is truncated");
        }
        var lsiz = BinaryPrimitives.ReadUInt16BigEndian(siz);
        var rsiz = BinaryPrimitives.ReadUInt16BigEndian(siz[2..]);
        var xsiz = BinaryPrimitives.ReadUInt32BigEndian(siz[4..]);
        var ysiz = BinaryPrimitives.ReadUInt32BigEndian(siz[8..]);
        var xosiz = BinaryPrimitives.ReadUInt32BigEndian(siz[12..]);
        var yosiz = BinaryPrimitives.ReadUInt32BigEndian(siz[16..]);
        var xtsiz = BinaryPrimitives.ReadUInt32BigEndian(siz[20..]);
        var ytsiz = BinaryPrimitives.ReadUInt32BigEndian(siz[24..]);
        var xtosiz = BinaryPrimitives.ReadUInt32BigEndian(siz[28..]);
        var ytosiz = BinaryPrimitives.ReadUInt32BigEndian(siz[32..]);
        var csiz = BinaryPrimitives.ReadUInt16BigEndian(siz[36..]);
        if (csiz is 0 or > 16384 || lsiz != 38 + 3 * csiz || siz.Length < lsiz)
        {
            throw new PixelDataException($"JPEG 2000: the SIZ marker segment is malformed (Lsiz {lsiz}, Csiz {csiz}, {siz.Length} bytes left)");
        }
        // A.5.1 constraints: the image area is non-empty and the tile grid covers it.
        if (xsiz <= xosiz || ysiz <= yosiz || xtsiz == 0 || ytsiz == 0 || xtosiz > xosiz || ytosiz > yosiz
            || (ulong)xtosiz + xtsiz <= xosiz || (ulong)ytosiz + ytsiz <= yosiz)
        {
            throw new PixelDataException($"JPEG 2000: the SIZ image or tile geometry is invalid ({xsiz} x {ysiz} from {xosiz},{yosiz}; tiles {xtsiz} x {ytsiz})");
        }
        var width = xsiz - xosiz;
        var height = ysiz - yosiz;
        if (width > ushort.MaxValue || height > ushort.MaxValue)
        {
            throw new PixelDataException($"JPEG 2000: the codestream is {width} x {height}, larger than any DICOM image (65535 x 65535)");
        }
        var components = new J2kComponent[csiz];
        for (var i = 0; i < csiz; i++)
        {
            var c = siz.Slice(38 + 3 * i, 3);
            // Ssiz: bit 7 sign, bits 0-6 precision minus one (A.5.1, Table A.11).
            components[i] = new J2kComponent((c[0] & 0x7F) + 1, (c[0] & 0x80) != 0, c[1], c[2]);
        }
        return new J2kHeader(isJp2, (int)width, (int)height, csiz, rsiz, components);
    }

    /// <summary>Walks the JP2 boxes (15444-1 I.4) to the contents of the first 'jp2c' box.</summary>
    private static ReadOnlySpan<byte> FindContiguousCodestream(ReadOnlySpan<byte> data)
    {
        var rest = data;
        while (rest.Length >= 8)
        {
            ulong length = BinaryPrimitives.ReadUInt32BigEndian(rest);
            var type = BinaryPrimitives.ReadUInt32BigEndian(rest[4..]);
            var header = 8;
            if (length == 1)
            {
                if (rest.Length < 16)
                {
                    break;
                }
                length = BinaryPrimitives.ReadUInt64BigEndian(rest[8..]);
                header = 16;
            }
            else if (length == 0)
            {
                length = (ulong)rest.Length;
            }
            if (type == 0x6A703263) // 'jp2c'
            {
                return rest[header..];
            }
            if (length < (ulong)header || length > (ulong)rest.Length)
            {
                break;
            }
            rest = rest[(int)length..];
        }
        throw new PixelDataException("JPEG 2000: the JP2 file has no contiguous codestream box (jp2c)");
    }
}
