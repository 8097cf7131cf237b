using System.Buffers;
using System.Buffers.Binary;
using PacsViewer.Core.Codecs;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Core.Imaging;

public sealed partial class FrameReader
{
    /// <summary>Bytes read from the start of a fragment to recognise the start of a frame.</summary>
    private const int ProbeLength = 64;

    /// <summary>Item header (tag + length) before each fragment's value (PS3.5 A.4).</summary>
    private const int ItemHeaderLength = 8;

    /// <summary>The fragments holding one frame: items [First, First + Count), at most <see cref="Length"/> bytes of them.</summary>
    private readonly record struct FrameFragments(int First, int Count, long Length);

    private DecodedFrame ReadEncapsulated(DicomDataset dataset, DicomTransferSyntax syntax, DicomFragmentSequence sequence,
        FrameInfo info, int frameIndex)
    {
        var uncompressed = syntax == DicomTransferSyntax.EncapsulatedUncompressedExplicitVRLittleEndian;
        var decoder = uncompressed ? null : _codecs.GetDecoder(syntax);
        if (sequence.Fragments.Length == 0)
        {
            throw new PixelDataException("encapsulated pixel data has no fragments (PS3.5 A.4)");
        }
        var range = LocateFrame(dataset, syntax, sequence, info, frameIndex);
        if (range.Length > Array.MaxLength)
        {
            throw new PixelDataException($"frame {frameIndex} has {range.Length} compressed bytes, more than can be decoded at once");
        }
        var length = (int)range.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, length));
        try
        {
            var joined = buffer.AsSpan(0, length);
            var written = 0;
            for (var i = range.First; i < range.First + range.Count && written < length; i++)
            {
                var fragment = sequence.Fragments[i];
                var take = (int)Math.Min(fragment.Length, length - written);
                fragment.CopyTo(0, joined.Slice(written, take));
                written += take;
            }
            if (uncompressed)
            {
                // PS3.5 A.4.11: each frame is native data in its own fragment(s).
                if (length < info.FrameLength)
                {
                    throw new PixelDataException($"frame {frameIndex} holds {length} bytes; {info.FrameLength} expected");
                }
                if (info.BitsAllocated == 1 || IsNativeYbr422(info))
                {
                    throw new PixelDataException($"{syntax.Name} with Bits Allocated 1 or YBR_FULL_422 is not supported");
                }
                return FromNativeBytes(new MemoryValueSource(buffer.AsMemory(0, length)), 0, (int)info.FrameLength, info, frameIndex);
            }
            return Decode(decoder!, joined, info, frameIndex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static DecodedFrame Decode(IFrameDecoder decoder, ReadOnlySpan<byte> compressed, FrameInfo info, int frameIndex)
    {
        var frame = DecodedFrame.Allocate(decoder.GetDecodedInfo(info), frameIndex);
        try
        {
            decoder.Decode(compressed, info, frame.Pixels);
            return frame;
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            frame.Dispose();
            throw new PixelDataException($"{decoder.Name} could not decode frame {frameIndex}: the compressed data is corrupt", e);
        }
        catch
        {
            frame.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Which fragments hold frame <paramref name="frameIndex"/>: from the Extended Offset Table (PS3.3
    /// C.7.6.3.1.8), else the Basic Offset Table (PS3.5 A.4), else by content: one fragment per frame, all fragments
    /// for a single frame, or by recognising the first bytes of each frame. Real files sometimes carry a wrong or
    /// partial offset table; like pydicom and dcmtk, an unusable table is set aside and the frame is located by
    /// content, and only when that fails too is the frame rejected (naming both reasons).
    /// </summary>
    private static FrameFragments LocateFrame(DicomDataset dataset, DicomTransferSyntax syntax, DicomFragmentSequence sequence,
        FrameInfo info, int frameIndex)
    {
        var frames = info.NumberOfFrames;
        string? unusableTable = null;
        if (dataset[DicomTags.ExtendedOffsetTable] is DicomValueElement { Length: > 0 } extended)
        {
            unusableTable = TryExtendedOffsetTable(dataset, sequence, extended, frames, frameIndex, out var located);
            if (unusableTable is null)
            {
                return located;
            }
        }
        if (!sequence.BasicOffsetTableBytes.IsEmpty)
        {
            var reason = TryBasicOffsetTable(sequence, frames, frameIndex, out var located);
            if (reason is null)
            {
                return located;
            }
            unusableTable = unusableTable is null ? reason : $"{unusableTable}; {reason}";
        }
        try
        {
            return FromContent(syntax, sequence, info, frameIndex);
        }
        catch (PixelDataException e) when (unusableTable is not null)
        {
            throw new PixelDataException($"{unusableTable}, and locating the frames by content failed too: {e.Message}", e);
        }
    }

    /// <summary>No (usable) offset table: one fragment per frame, all fragments for one frame, or frame starts.</summary>
    private static FrameFragments FromContent(DicomTransferSyntax syntax, DicomFragmentSequence sequence, FrameInfo info, int frameIndex)
    {
        var fragments = sequence.Fragments;
        var frames = info.NumberOfFrames;
        if (fragments.Length == frames)
        {
            return new FrameFragments(frameIndex, 1, fragments[frameIndex].Length);
        }
        if (frames == 1)
        {
            return new FrameFragments(0, fragments.Length, TotalLength(fragments, 0, fragments.Length));
        }
        if (fragments.Length < frames)
        {
            throw new PixelDataException($"{fragments.Length} fragment(s) cannot hold {frames} frames (PS3.5 A.4: a frame never shares a fragment)");
        }
        return FromFrameStarts(syntax, info, fragments, frameIndex);
    }

    /// <summary>Returns null and the frame's fragments when the Extended Offset Table is usable, else why it is not.</summary>
    private static string? TryExtendedOffsetTable(DicomDataset dataset, DicomFragmentSequence sequence,
        DicomValueElement table, int frames, int frameIndex, out FrameFragments located)
    {
        located = default;
        var offsets = table.GetBytes().Span;
        if (dataset[DicomTags.ExtendedOffsetTableLengths] is not DicomValueElement lengthsElement)
        {
            return "Extended Offset Table (7FE0,0001) without Extended Offset Table Lengths (7FE0,0002)";
        }
        var lengths = lengthsElement.GetBytes().Span;
        if (offsets.Length != frames * 8L || lengths.Length != frames * 8L)
        {
            return $"Extended Offset Table has {offsets.Length / 8} offsets and {lengths.Length / 8} lengths for {frames} frames (PS3.3 C.7.6.3.1.8)";
        }
        var fragments = sequence.Fragments;
        var itemStarts = ItemStarts(fragments);
        var previous = -1L;
        for (var i = 0; i < frames; i++)
        {
            var offset = BinaryPrimitives.ReadInt64LittleEndian(offsets[(i * 8)..]);
            if (offset <= previous)
            {
                return $"Extended Offset Table offset {i} ({offset}) does not increase (PS3.3 C.7.6.3.1.8)";
            }
            if (Array.BinarySearch(itemStarts, offset) < 0)
            {
                return $"Extended Offset Table offset {offset} of frame {i} does not point at the start of a fragment item (PS3.3 C.7.6.3.1.8)";
            }
            previous = offset;
        }
        var first = Array.BinarySearch(itemStarts, BinaryPrimitives.ReadInt64LittleEndian(offsets[(frameIndex * 8)..]));
        var length = BinaryPrimitives.ReadInt64LittleEndian(lengths[(frameIndex * 8)..]);
        var available = TotalLength(fragments, first, fragments.Length - first);
        if (length <= 0 || length > available)
        {
            return $"Extended Offset Table gives frame {frameIndex} {length} bytes; {available} follow its offset";
        }
        var count = 0;
        for (long sum = 0; sum < length; count++)
        {
            sum += fragments[first + count].Length;
        }
        located = new FrameFragments(first, count, length);
        return null;
    }

    /// <summary>
    /// Returns null and the frame's fragments when the Basic Offset Table is usable (PS3.5 A.4: one offset per frame,
    /// the first 0, increasing, each at a fragment item), else why it is not.
    /// </summary>
    private static string? TryBasicOffsetTable(DicomFragmentSequence sequence, int frames, int frameIndex, out FrameFragments located)
    {
        located = default;
        var table = sequence.BasicOffsetTableBytes.Span;
        if (table.Length % 4 != 0 || table.Length / 4 != frames)
        {
            return $"Basic Offset Table of {table.Length} bytes does not hold one 32-bit offset for each of {frames} frames (PS3.5 A.4)";
        }
        var itemStarts = ItemStarts(sequence.Fragments);
        var previous = -1L;
        for (var i = 0; i < frames; i++)
        {
            var offset = BinaryPrimitives.ReadUInt32LittleEndian(table[(i * 4)..]);
            if (offset <= previous || (i == 0 && offset != 0))
            {
                return $"Basic Offset Table offset {i} ({offset}) does not increase from 0 (PS3.5 A.4)";
            }
            if (Array.BinarySearch(itemStarts, (long)offset) < 0)
            {
                return $"Basic Offset Table offset {offset} of frame {i} does not point at the start of a fragment item (PS3.5 A.4)";
            }
            previous = offset;
        }
        var first = Array.BinarySearch(itemStarts, (long)BinaryPrimitives.ReadUInt32LittleEndian(table[(frameIndex * 4)..]));
        var end = frameIndex + 1 < frames
            ? Array.BinarySearch(itemStarts, (long)BinaryPrimitives.ReadUInt32LittleEndian(table[((frameIndex + 1) * 4)..]))
            : sequence.Fragments.Length;
        located = new FrameFragments(first, end - first, TotalLength(sequence.Fragments, first, end - first));
        return null;
    }

    /// <summary>
    /// No offset table and several fragments per frame: a frame begins with a fragment that starts like a frame
    /// of the syntax (JPEG SOI, a JPEG 2000 codestream or JP2 signature, an RLE header). The count must match.
    /// </summary>
    private static FrameFragments FromFrameStarts(DicomTransferSyntax syntax, FrameInfo info,
        IReadOnlyList<DicomValueSource> fragments, int frameIndex)
    {
        var kind = FrameStartKindOf(syntax);
        if (kind == FrameStartKind.None)
        {
            throw new PixelDataException(
                $"{fragments.Count} fragments hold {info.NumberOfFrames} frames of {syntax.Name} without an offset table; their frame boundaries cannot be found");
        }
        Span<byte> probe = stackalloc byte[ProbeLength];
        var starts = new List<int>(info.NumberOfFrames + 1);
        for (var i = 0; i < fragments.Count; i++)
        {
            var fragment = fragments[i];
            var head = probe[..(int)Math.Min(ProbeLength, fragment.Length)];
            fragment.CopyTo(0, head);
            if (IsFrameStart(kind, head, info))
            {
                starts.Add(i);
            }
        }
        if (starts.Count != info.NumberOfFrames || starts[0] != 0)
        {
            throw new PixelDataException(
                $"{starts.Count} of {fragments.Count} fragments start a {syntax.Name} frame; {info.NumberOfFrames} frames expected and the first fragment must start one");
        }
        var first = starts[frameIndex];
        var end = frameIndex + 1 < starts.Count ? starts[frameIndex + 1] : fragments.Count;
        return new FrameFragments(first, end - first, TotalLength(fragments, first, end - first));
    }

    private enum FrameStartKind
    {
        None,
        Jpeg,
        Jpeg2000,
        Rle,
    }

    private static FrameStartKind FrameStartKindOf(DicomTransferSyntax syntax)
    {
        if (syntax == DicomTransferSyntax.RleLossless)
        {
            return FrameStartKind.Rle;
        }
        const string JpegFamily = "1.2.840.10008.1.2.4.";
        if (!syntax.Uid.StartsWith(JpegFamily, StringComparison.Ordinal) || !int.TryParse(syntax.Uid.AsSpan(JpegFamily.Length), out var process))
        {
            return FrameStartKind.None;
        }
        return process switch
        {
            >= 50 and <= 81 => FrameStartKind.Jpeg,          // JPEG (ISO 10918-1) and JPEG-LS (ISO 14495-1)
            >= 90 and <= 93 => FrameStartKind.Jpeg2000,      // JPEG 2000 (ISO 15444-1/-2)
            >= 201 and <= 203 => FrameStartKind.Jpeg2000,    // HTJ2K (ISO 15444-15)
            _ => FrameStartKind.None,
        };
    }

    private static bool IsFrameStart(FrameStartKind kind, ReadOnlySpan<byte> head, FrameInfo info)
    {
        switch (kind)
        {
            case FrameStartKind.Jpeg:
                return head.Length >= 2 && head[0] == 0xFF && head[1] == 0xD8;   // SOI
            case FrameStartKind.Jpeg2000:
                return (head.Length >= 4 && head[0] == 0xFF && head[1] == 0x4F && head[2] == 0xFF && head[3] == 0x51) // SOC SIZ
                    || (head.Length >= 8 && head[..8].SequenceEqual((ReadOnlySpan<byte>)[0, 0, 0, 0x0C, 0x6A, 0x50, 0x20, 0x20])); // JP2 signature box
            case FrameStartKind.Rle:
                // PS3.5 G.5: segment count, first offset 64, increasing offsets, unused offsets zero.
                if (head.Length < 64 || info.BitsAllocated == 1)
                {
                    return false;
                }
                var count = BinaryPrimitives.ReadUInt32LittleEndian(head);
                if (count != info.SamplesPerPixel * info.BytesPerSample || BinaryPrimitives.ReadUInt32LittleEndian(head[4..]) != 64)
                {
                    return false;
                }
                for (var i = 1; i < 15; i++)
                {
                    var offset = BinaryPrimitives.ReadUInt32LittleEndian(head[(4 + (i * 4))..]);
                    var plausible = i < count
                        ? offset > BinaryPrimitives.ReadUInt32LittleEndian(head[(i * 4)..])
                        : offset == 0;
                    if (!plausible)
                    {
                        return false;
                    }
                }
                return true;
            default:
                return false;
        }
    }

    /// <summary>Where each fragment's item starts, counted from the first fragment item (PS3.5 A.4 offsets).</summary>
    private static long[] ItemStarts(IReadOnlyList<DicomValueSource> fragments)
    {
        var starts = new long[fragments.Count];
        var position = 0L;
        for (var i = 0; i < fragments.Count; i++)
        {
            starts[i] = position;
            position += ItemHeaderLength + fragments[i].Length;
        }
        return starts;
    }

    private static long TotalLength(IReadOnlyList<DicomValueSource> fragments, int first, int count)
    {
        var total = 0L;
        for (var i = first; i < first + count; i++)
        {
            total += fragments[i].Length;
        }
        return total;
    }
}
