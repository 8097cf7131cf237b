using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Core.Codecs;

/// <summary>
/// How the frames of an image are laid out: the Image Pixel Module attributes (PS3.3 C.7.6.3) plus the frame
/// count (PS3.3 C.7.6.6). Validated on creation so that no later size computation can overflow.
/// </summary>
public sealed record FrameInfo
{
    /// <summary>Upper bound on one decoded frame (2 GiB less a little: the largest .NET array).</summary>
    public const long MaxFrameBytes = 0x7FFF_FFC7;

    /// <summary>Upper bound on Number of Frames: far above any real object, far below an allocation attack.</summary>
    public const int MaxFrames = 100_000;

    public FrameInfo(int rows, int columns, int samplesPerPixel, int bitsAllocated, int bitsStored, int highBit,
        bool isSigned, int planarConfiguration, string photometricInterpretation, int numberOfFrames = 1)
    {
        if (rows is <= 0 or > ushort.MaxValue || columns is <= 0 or > ushort.MaxValue)
        {
            throw new PixelDataException($"image size {columns} x {rows} is not valid (Rows and Columns are 1 to 65535)");
        }
        if (samplesPerPixel is not (1 or 3 or 4))
        {
            throw new PixelDataException($"Samples per Pixel {samplesPerPixel} is not supported (1, 3, or the retired 4)");
        }
        if (bitsAllocated is not (1 or 8 or 16 or 32 or 64))
        {
            throw new PixelDataException($"Bits Allocated {bitsAllocated} is not supported (1, 8, 16, 32 or 64)");
        }
        if (bitsStored < 1 || bitsStored > bitsAllocated || highBit < bitsStored - 1 || highBit >= bitsAllocated)
        {
            throw new PixelDataException($"Bits Stored {bitsStored} / High Bit {highBit} do not fit Bits Allocated {bitsAllocated} (PS3.5 8.1.1)");
        }
        if (numberOfFrames is < 1 or > MaxFrames)
        {
            throw new PixelDataException($"Number of Frames {numberOfFrames} is out of range (1 to {MaxFrames})");
        }
        Rows = rows;
        Columns = columns;
        SamplesPerPixel = samplesPerPixel;
        BitsAllocated = bitsAllocated;
        BitsStored = bitsStored;
        HighBit = highBit;
        IsSigned = isSigned;
        PlanarConfiguration = samplesPerPixel > 1 ? planarConfiguration : 0;
        PhotometricInterpretation = photometricInterpretation;
        NumberOfFrames = numberOfFrames;
        if (FrameLength > MaxFrameBytes)
        {
            throw new PixelDataException($"one frame of {columns} x {rows} x {samplesPerPixel} x {bitsAllocated} bits is larger than {MaxFrameBytes} bytes");
        }
    }

    public int Rows { get; }

    public int Columns { get; }

    public int SamplesPerPixel { get; }

    public int BitsAllocated { get; }

    public int BitsStored { get; }

    public int HighBit { get; }

    /// <summary>Pixel Representation 1: two's complement samples.</summary>
    public bool IsSigned { get; }

    /// <summary>0: samples interleaved (R1 G1 B1 R2 ...); 1: one plane per sample (PS3.3 C.7.6.3.1.3).</summary>
    public int PlanarConfiguration { get; }

    public string PhotometricInterpretation { get; }

    public int NumberOfFrames { get; }

    public long PixelCount => (long)Rows * Columns;

    /// <summary>Bytes per sample in a decoded frame (1-bit data is packed: see <see cref="FrameLength"/>).</summary>
    public int BytesPerSample => Math.Max(1, BitsAllocated / 8);

    /// <summary>Bytes of one frame as native (uncompressed) pixel data: packed bits for Bits Allocated 1 (PS3.5 8.1.1).</summary>
    public long FrameLength => BitsAllocated == 1
        ? (PixelCount * SamplesPerPixel + 7) / 8
        : PixelCount * SamplesPerPixel * BytesPerSample;

    /// <summary>
    /// Reads the Image Pixel Module of <paramref name="dataset"/>. Throws <see cref="PixelDataException"/> when an
    /// attribute is missing or out of range.
    /// </summary>
    public static FrameInfo FromDataset(DicomDataset dataset)
    {
        int Required(DicomTag tag, string name) => dataset.TryGetInt32(tag, out var v)
            ? v
            : throw new PixelDataException($"{name} {tag} is missing or not a number");
        var bitsAllocated = Required(DicomTags.BitsAllocated, "Bits Allocated");
        var bitsStored = dataset.GetInt32(DicomTags.BitsStored, bitsAllocated);
        var frames = dataset.GetInt32(DicomTags.NumberOfFrames, 1);
        return new FrameInfo(
            Required(DicomTags.Rows, "Rows"),
            Required(DicomTags.Columns, "Columns"),
            dataset.GetInt32(DicomTags.SamplesPerPixel, 1),
            bitsAllocated,
            bitsStored,
            dataset.GetInt32(DicomTags.HighBit, bitsStored - 1),
            dataset.GetInt32(DicomTags.PixelRepresentation, 0) == 1,
            dataset.GetInt32(DicomTags.PlanarConfiguration, 0),
            dataset.GetFirstString(DicomTags.PhotometricInterpretation) ?? (dataset.GetInt32(DicomTags.SamplesPerPixel, 1) == 1 ? "MONOCHROME2" : "RGB"),
            frames <= 0 ? 1 : frames);
    }

    /// <summary>The same layout with another photometric interpretation / planar configuration (what a codec outputs).</summary>
    public FrameInfo With(string? photometricInterpretation = null, int? planarConfiguration = null, int? bitsAllocated = null) =>
        new(Rows, Columns, SamplesPerPixel, bitsAllocated ?? BitsAllocated, BitsStored, HighBit, IsSigned,
            planarConfiguration ?? PlanarConfiguration, photometricInterpretation ?? PhotometricInterpretation, NumberOfFrames);
}
