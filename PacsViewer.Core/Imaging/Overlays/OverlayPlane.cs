using PacsViewer.Core.Codecs;
using PacsViewer.Core.Dicom;

namespace PacsViewer.Core.Imaging.Overlays;

/// <summary>
/// One overlay plane of an image (PS3.3 C.9.2, repeating group 60xx, xx even 00..1E): a bitmap of Overlay Rows x
/// Overlay Columns placed at Overlay Origin (1-based row, column of the image). Its bits are either in Overlay Data
/// (60xx,3000), packed one bit per pixel, least significant bit first (PS3.5 8.1.2), or, in older files, in the
/// unused high bits of the pixel data: Overlay Bits Allocated equal to the pixel Bits Allocated and Overlay Bit
/// Position above High Bit (the retired form of PS3.3-2004 C.9.2.1.3). Multi-frame overlays (Number of Frames in
/// Overlay (60xx,0015), Image Frame Origin (60xx,0051)) cover consecutive image frames.
/// </summary>
public sealed class OverlayPlane
{
    private readonly ReadOnlyMemory<byte> _data;

    private OverlayPlane(ushort group, int rows, int columns, int originRow, int originColumn, int frames, int imageFrameOrigin,
        int bitPosition, bool embedded, string type, ReadOnlyMemory<byte> data)
    {
        Group = group;
        Rows = rows;
        Columns = columns;
        OriginRow = originRow;
        OriginColumn = originColumn;
        NumberOfFrames = frames;
        ImageFrameOrigin = imageFrameOrigin;
        BitPosition = bitPosition;
        IsEmbedded = embedded;
        Type = type;
        _data = data;
    }

    /// <summary>The group number, 0x6000 to 0x601E.</summary>
    public ushort Group { get; }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>Overlay Origin (60xx,0050) first value: the image row (1-based) of the overlay's top row.</summary>
    public int OriginRow { get; }

    /// <summary>Overlay Origin (60xx,0050) second value: the image column (1-based) of the overlay's left column.</summary>
    public int OriginColumn { get; }

    /// <summary>Number of Frames in Overlay (60xx,0015); 1 when absent.</summary>
    public int NumberOfFrames { get; }

    /// <summary>Image Frame Origin (60xx,0051): the image frame (1-based) the overlay's first frame belongs to; 1 when absent.</summary>
    public int ImageFrameOrigin { get; }

    /// <summary>Overlay Bit Position (60xx,0102): the bit of each pixel container that holds an embedded overlay.</summary>
    public int BitPosition { get; }

    /// <summary>True when the overlay lives in the unused high bits of the pixel data (retired, still found in files).</summary>
    public bool IsEmbedded { get; }

    /// <summary>Overlay Type (60xx,0040): G (graphics) or R (region of interest).</summary>
    public string Type { get; }

    /// <summary>
    /// The overlay planes of <paramref name="dataset"/> in group order. Planes without usable attributes (no rows or
    /// columns, no data and no embedded bit, data too short for a frame) are left out rather than failing the render.
    /// </summary>
    public static IReadOnlyList<OverlayPlane> FromDataset(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var pixelBitsAllocated = dataset.GetInt32(new DicomTag(0x0028, 0x0100), 0);
        var highBit = dataset.GetInt32(new DicomTag(0x0028, 0x0102), pixelBitsAllocated - 1);
        var planes = new List<OverlayPlane>();
        for (ushort group = 0x6000; group <= 0x601E; group += 2)
        {
            var rows = dataset.GetInt32(new DicomTag(group, 0x0010), 0);
            var columns = dataset.GetInt32(new DicomTag(group, 0x0011), 0);
            if (rows <= 0 || columns <= 0)
            {
                continue;
            }
            var frames = Math.Max(1, dataset.GetInt32(new DicomTag(group, 0x0015), 1));
            var frameOrigin = dataset.GetInt32(new DicomTag(group, 0x0051), 1);
            var originRow = dataset.GetInt32(new DicomTag(group, 0x0050), 1, 0);
            var originColumn = dataset.GetInt32(new DicomTag(group, 0x0050), 1, 1);
            var bitsAllocated = dataset.GetInt32(new DicomTag(group, 0x0100), 1);
            var bitPosition = dataset.GetInt32(new DicomTag(group, 0x0102), 0);
            var type = dataset.GetFirstString(new DicomTag(group, 0x0040))?.Trim() ?? "G";
            var data = dataset[new DicomTag(group, 0x3000)] is not null ? dataset.GetBytes(new DicomTag(group, 0x3000)) : ReadOnlyMemory<byte>.Empty;
            if (!data.IsEmpty)
            {
                // PS3.3 C.9.2.1.1: one bit per overlay pixel, frames one after another.
                if (data.Length * 8L < (long)rows * columns * frames)
                {
                    continue;
                }
                planes.Add(new OverlayPlane(group, rows, columns, originRow, originColumn, frames, frameOrigin, 0, false, type, data));
            }
            else if (bitsAllocated == pixelBitsAllocated && bitsAllocated > 1 && bitPosition > highBit && bitPosition < bitsAllocated)
            {
                // Retired: the overlay bit is bit Overlay Bit Position of each pixel's container (PS3.3-2004 C.9.2.1.3).
                planes.Add(new OverlayPlane(group, rows, columns, originRow, originColumn, frames, frameOrigin, bitPosition, true, type,
                    ReadOnlyMemory<byte>.Empty));
            }
        }
        return planes;
    }

    /// <summary>
    /// The overlay frame that image frame <paramref name="frameIndex"/> (0-based) shows, or -1 when this overlay does
    /// not cover that frame. An embedded overlay belongs to every frame (its bits travel with the pixels).
    /// </summary>
    public int OverlayFrameFor(int frameIndex)
    {
        if (IsEmbedded)
        {
            return 0;
        }
        var k = frameIndex + 1 - ImageFrameOrigin;
        return k >= 0 && k < NumberOfFrames ? k : -1;
    }

    /// <summary>
    /// Sets <paramref name="mask"/>[row * width + column] = 1 for every
    /// image pixel of <paramref name="frame"/> (width x height) this overlay turns on. Parts outside the image are clipped.
    /// </summary>
    public void Mark(DecodedFrame frame, Span<byte> mask)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var info = frame.Info;
        int width = info.Columns, height = info.Rows;
        if (mask.Length < (long)width * height)
        {
            throw new ArgumentException($"mask holds {mask.Length} bytes, {(long)width * height} needed", nameof(mask));
        }
        var overlayFrame = OverlayFrameFor(frame.FrameIndex);
        if (overlayFrame < 0)
        {
            return;
        }
        if (IsEmbedded)
        {
            MarkEmbedded(frame, mask);
            return;
        }
        var bits = _data.Span;
        var frameBit = (long)overlayFrame * Rows * Columns;
        for (var r = 0; r < Rows; r++)
        {
            var y = r + OriginRow - 1;
            if ((uint)y >= (uint)height)
            {
                continue;
            }
            var row = mask.Slice(y * width, width);
            var rowBit = frameBit + (long)r * Columns;
            for (var c = 0; c < Columns; c++)
            {
                var x = c + OriginColumn - 1;
                if ((uint)x >= (uint)width)
                {
                    continue;
                }
                var bit = rowBit + c;
                if ((bits[(int)(bit >> 3)] & (1 << (int)(bit & 7))) != 0)
                {
                    row[x] = 1;
                }
            }
        }
    }

    private void MarkEmbedded(DecodedFrame frame, Span<byte> mask)
    {
        var info = frame.Info;
        if (info.SamplesPerPixel != 1 || info.BitsAllocated != 8 && info.BitsAllocated != 16)
        {
            throw new PixelDataException($"overlay {Group:X4} is in the pixel data bits, which needs 8 or 16-bit single-sample pixels");
        }
        var pixels = frame.Pixels;
        int width = info.Columns, height = info.Rows;
        var bytes = info.BytesPerSample;
        // The bit's byte inside a little-endian container, and its position in that byte.
        var byteOffset = BitPosition >> 3;
        var bitMask = (byte)(1 << (BitPosition & 7));
        for (var r = 0; r < Rows; r++)
        {
            var y = r + OriginRow - 1;
            if ((uint)y >= (uint)height)
            {
                continue;
            }
            var row = mask.Slice(y * width, width);
            for (var c = 0; c < Columns; c++)
            {
                var x = c + OriginColumn - 1;
                // The bit sits in the image pixel the overlay pixel covers.
                if ((uint)x < (uint)width && (pixels[((y * width) + x) * bytes + byteOffset] & bitMask) != 0)
                {
                    row[x] = 1;
                }
            }
        }
    }
}
