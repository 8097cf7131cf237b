using PacsViewer.Core.Codecs;
using PacsViewer.Core.Dicom;

namespace PacsViewer.Tests.Core.Codecs;

/// <summary>
/// The checks every <see cref="IFrameDecoder"/> test class makes, written once: frame 0 against the pydicom
/// reference, and the hostile inputs (truncated, random, wrong dimensions, narrow container, wrong destination,
/// missing native library) that must end in a typed exception. Each test class keeps its own [Theory] rows.
/// </summary>
internal static class FrameDecoderAssert
{
    /// <summary>
    /// Frame 0 of <paramref name="sample"/> has the reference's min, max and mean stored value: exactly (lossless and
    /// deterministic decoders) or within the given tolerances (lossy JPEG, whose IDCT differs between libraries).
    /// </summary>
    public static void Frame0MatchesReference(IFrameDecoder decoder, string sample, double minMaxTolerance = 0, double meanTolerance = 1e-5, bool checkColorSpace = false)
    {
        var reference = SampleReference.For(sample);
        Assert.NotNull(reference);
        Assert.True(reference.IsDecodable, $"{sample}: the reference says pydicom could not decode it");
        var expected = reference.Frame0()!.Value;
        var (info, pixels) = CodecTestFrames.Decode(decoder, TestFiles.Sample(sample));
        if (checkColorSpace)
        {
            Assert.StartsWith(info.PhotometricInterpretation, reference.String("decoded_color_space"), StringComparison.Ordinal);
        }
        var actual = CodecTestFrames.StoredStatistics(info, pixels);
        Assert.True(Math.Abs(expected.Min - actual.Min) <= minMaxTolerance, $"min {actual.Min}, reference {expected.Min}");
        Assert.True(Math.Abs(expected.Max - actual.Max) <= minMaxTolerance, $"max {actual.Max}, reference {expected.Max}");
        Assert.True(Math.Abs(expected.Mean - actual.Mean) <= meanTolerance, $"mean {actual.Mean}, reference {expected.Mean}");
    }

    /// <summary>Frame 0 of <paramref name="sample"/> cut to its first <paramref name="keep"/> bytes is refused.</summary>
    public static PixelDataException TruncatedThrows(IFrameDecoder decoder, string sample, Func<int, int> keep)
    {
        var (source, bytes) = CodecTestFrames.Frame0(sample);
        return Assert.Throws<PixelDataException>(() => decoder.Decode(bytes.AsSpan(0, keep(bytes.Length)), source, new byte[source.FrameLength]));
    }

    /// <summary>
    /// Frame 0 of <paramref name="sample"/> decoded with Rows, Columns or Samples per Pixel larger than the
    /// codestream says is refused (the bit depth stays the dataset's).
    /// </summary>
    public static PixelDataException DimensionsDifferThrows(IFrameDecoder decoder, string sample, int extraRows, int extraColumns, int extraSamples)
    {
        var (source, bytes) = CodecTestFrames.Frame0(sample);
        var wrong = new FrameInfo(source.Rows + extraRows, source.Columns + extraColumns, source.SamplesPerPixel + extraSamples,
            source.BitsAllocated, source.BitsStored, source.HighBit, source.IsSigned, 0,
            source.SamplesPerPixel + extraSamples > 1 ? "RGB" : "MONOCHROME2");
        return Assert.Throws<PixelDataException>(() => decoder.Decode(bytes, wrong, new byte[wrong.FrameLength]));
    }

    /// <summary>A codestream of more than 8 bits decoded into Bits Allocated 8 is refused, naming the container.</summary>
    public static void NarrowContainerThrows(IFrameDecoder decoder, string sample)
    {
        var (source, bytes) = CodecTestFrames.Frame0(sample);
        Assert.True(source.BitsStored > 8, $"{sample} must hold more than 8 bits per sample");
        var narrow = new FrameInfo(source.Rows, source.Columns, 1, 8, 8, 7, false, 0, "MONOCHROME2");
        var ex = Assert.Throws<PixelDataException>(() => decoder.Decode(bytes, narrow, new byte[narrow.FrameLength]));
        Assert.Contains("Bits Allocated 8", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Frame 0 of <paramref name="sample"/> into a destination one byte short is an argument error.</summary>
    public static void DestinationOfWrongLengthThrows(IFrameDecoder decoder, string sample)
    {
        var (source, bytes) = CodecTestFrames.Frame0(sample);
        Assert.Throws<ArgumentException>(() => decoder.Decode(bytes, source, new byte[source.FrameLength - 1]));
    }

    /// <summary>
    /// <paramref name="length"/> random bytes from <paramref name="seed"/>, after <paramref name="patch"/> (e.g. a
    /// valid header written over them), decoded as <paramref name="info"/> are refused.
    /// </summary>
    public static PixelDataException RandomBytesThrow(IFrameDecoder decoder, int seed, int length, FrameInfo info, Action<byte[]>? patch = null)
    {
        var bytes = RandomBytes(seed, length);
        patch?.Invoke(bytes);
        return Assert.Throws<PixelDataException>(() => decoder.Decode(bytes, info, new byte[info.FrameLength]));
    }

    public static byte[] RandomBytes(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>
    /// A decoder built on a library that is not installed is unavailable with <paramref name="reason"/>, its Decode
    /// throws <see cref="CodecUnavailableException"/> with the install hint, and a registry of it cannot decode
    /// <paramref name="syntax"/>.
    /// </summary>
    public static void MissingLibraryIsUnavailable(IFrameDecoder decoder, string reason, string installHint, DicomTransferSyntax syntax)
    {
        Assert.False(decoder.IsAvailable);
        Assert.Equal(reason, decoder.UnavailableReason);
        var source = new FrameInfo(8, 8, 1, 8, 8, 7, false, 0, "MONOCHROME2");
        var ex = Assert.Throws<CodecUnavailableException>(() => decoder.Decode(new byte[16], source, new byte[64]));
        Assert.Contains(installHint, ex.Message, StringComparison.Ordinal);
        var registry = new CodecRegistry([decoder]);
        Assert.False(registry.CanDecode(syntax));
        Assert.Throws<CodecUnavailableException>(() => registry.GetDecoder(syntax));
    }
}
