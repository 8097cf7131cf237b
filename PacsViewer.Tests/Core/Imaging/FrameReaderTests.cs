using System.Buffers.Binary;
using PacsViewer.Core.Codecs;
using PacsViewer.Core.Codecs.Rle;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Imaging;
using static PacsViewer.Tests.Core.Imaging.PixelTestData;

namespace PacsViewer.Tests.Core.Imaging;

/// <summary>FrameReader on small datasets built in the test, including hostile ones.</summary>
public sealed class FrameReaderTests
{
    private static readonly FrameReader Reader = new(new CodecRegistry([new RleDecoder(), new EchoDecoder()]));

    private static readonly DicomTransferSyntax Native = DicomTransferSyntax.ExplicitVRLittleEndian;

    /// <summary>A stand-in codec for JPEG Baseline: copies the compressed bytes so the test sees which fragments it got.</summary>
    private sealed class EchoDecoder : IFrameDecoder
    {
        public string Name => "echo";
        public IReadOnlyList<string> TransferSyntaxUids { get; } = [DicomTransferSyntax.JpegBaseline8Bit.Uid, DicomTransferSyntax.Jpeg2000.Uid];
        public bool IsAvailable => true;
        public string? UnavailableReason => null;
        public FrameInfo GetDecodedInfo(FrameInfo source) => source;
        public void Decode(ReadOnlySpan<byte> compressed, FrameInfo source, Span<byte> destination)
        {
            destination.Clear();
            compressed[..Math.Min(compressed.Length, destination.Length)].CopyTo(destination);
        }
    }

    [Fact]
    public void ReadFrame_Native16BitSecondFrame_SlicesOnlyThatFrame()
    {
        var pixels = Enumerable.Range(0, 2 * 3 * 2 * 2).Select(i => (byte)i).ToArray();
        var dataset = PixelTestData.Native(Image(2, 3, 16, frames: 2), pixels);

        using var frame = Reader.ReadFrame(dataset, Native, 1);

        Assert.Equal(pixels[12..], frame.Pixels.ToArray());
        Assert.Equal(1, frame.FrameIndex);
    }

    [Fact]
    public void ReadFrame_OneBitOddSizeMultiFrame_UnpacksLsbFirstAcrossByteBoundaries()
    {
        const int Rows = 3, Columns = 5, Frames = 3;
        var bits = Enumerable.Range(0, Rows * Columns * Frames).Select(k => (byte)((k * 7) % 3 == 0 || k % 5 == 4 ? 1 : 0)).ToArray();
        var packed = new byte[((bits.Length + 7) / 8) + 1]; // PS3.5 8.1.1: LSB first, frames not byte aligned; even length
        for (var k = 0; k < bits.Length; k++)
        {
            packed[k / 8] |= (byte)(bits[k] << (k % 8));
        }
        var dataset = PixelTestData.Native(Image(Rows, Columns, 1, frames: Frames), packed);

        for (var f = 0; f < Frames; f++)
        {
            using var frame = Reader.ReadFrame(dataset, Native, f);
            Assert.Equal(bits.AsSpan(f * 15, 15).ToArray(), frame.Pixels.ToArray());
            Assert.Equal(8, frame.Info.BitsAllocated);
            Assert.Equal(1, frame.Info.BitsStored);
        }
    }

    [Fact]
    public void ReadFrame_PlanarConfigurationOne_InterleavesSamples()
    {
        // 1 x 2 RGB, planes R R G G B B (PS3.3 C.7.6.3.1.3).
        var dataset = PixelTestData.Native(Image(1, 2, 8, samples: 3, planar: 1), [10, 11, 20, 21, 30, 31]);

        using var frame = Reader.ReadFrame(dataset, Native, 0);

        Assert.Equal(new byte[] { 10, 20, 30, 11, 21, 31 }, frame.Pixels.ToArray());
        Assert.Equal(0, frame.Info.PlanarConfiguration);
    }

    [Fact]
    public void ReadFrame_PlanarConfigurationOne16Bit_InterleavesWholeSamples()
    {
        var dataset = PixelTestData.Native(Image(1, 2, 16, samples: 3, planar: 1), [1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0]);

        using var frame = Reader.ReadFrame(dataset, Native, 0);

        Assert.Equal(new byte[] { 1, 0, 3, 0, 5, 0, 2, 0, 4, 0, 6, 0 }, frame.Pixels.ToArray());
    }

    [Fact]
    public void ReadFrame_NativeYbrFull422_UpsamplesChroma()
    {
        var dataset = PixelTestData.Native(Image(1, 4, 8, samples: 3, photometric: "YBR_FULL_422"), [1, 2, 100, 200, 3, 4, 101, 201]);

        using var frame = Reader.ReadFrame(dataset, Native, 0);

        Assert.Equal(new byte[] { 1, 100, 200, 2, 100, 200, 3, 101, 201, 4, 101, 201 }, frame.Pixels.ToArray());
        Assert.Equal("YBR_FULL", frame.Info.PhotometricInterpretation);
    }

    [Fact]
    public void ReadFrame_DimensionsThatOverflow_ThrowsPixelDataException()
    {
        var dataset = PixelTestData.Native(Image(65535, 65535, 16, samples: 3), new byte[16]);

        Assert.Throws<PixelDataException>(() => Reader.ReadFrame(dataset, Native, 0));
    }

    [Fact]
    public void ReadFrame_PixelDataShorterThanDeclared_NamesExpectedAndActual()
    {
        var dataset = PixelTestData.Native(Image(4, 4, 16, frames: 2), new byte[48]);

        var e = Assert.Throws<PixelDataException>(() => Reader.ReadFrame(dataset, Native, 0));

        Assert.Contains("48", e.Message, StringComparison.Ordinal);
        Assert.Contains("64", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFrame_LongerPixelData_IgnoresTrailingPadding()
    {
        var dataset = PixelTestData.Native(Image(1, 2, 16), [1, 0, 2, 0, 9, 9, 9, 9]);

        using var frame = Reader.ReadFrame(dataset, Native, 0);

        Assert.Equal(new byte[] { 1, 0, 2, 0 }, frame.Pixels.ToArray());
    }

    [Theory]
    [InlineData("1000000000")]
    [InlineData("2147483647")]
    public void ReadFrame_AbsurdFrameCount_ThrowsPixelDataException(string frames)
    {
        var dataset = Image(16, 16, 16).Set(DicomTags.NumberOfFrames, frames).SetBytes(DicomTags.PixelData, DicomVR.OW, new byte[512]).ToDataset();

        Assert.Throws<PixelDataException>(() => Reader.ReadFrame(dataset, Native, 0));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2)]
    public void ReadFrame_FrameIndexOutOfRange_ThrowsPixelDataException(int index)
    {
        var dataset = PixelTestData.Native(Image(2, 2, 8, frames: 2), new byte[8]);

        Assert.Throws<PixelDataException>(() => Reader.ReadFrame(dataset, Native, index));
    }

    [Fact]
    public void ReadFrame_NoPixelData_ThrowsPixelDataException()
    {
        Assert.Throws<PixelDataException>(() => Reader.ReadFrame(Image(2, 2, 8).ToDataset(), Native, 0));
    }

    [Fact]
    public void ReadFrame_NoDecoderForSyntax_ThrowsCodecUnavailableException()
    {
        var dataset = Encapsulated(Image(2, 2, 8), [[0xFF, 0xD8]]);

        Assert.Throws<CodecUnavailableException>(() => Reader.ReadFrame(dataset, DicomTransferSyntax.JpegLSLossless, 0));
    }

    // ---- Encapsulated: locating one frame's fragments (PS3.5 A.4, PS3.3 C.7.6.3.1.8) ----

    private static byte[] Frame16(int frame) => [(byte)frame, 0x01, (byte)(frame + 1), 0x02, (byte)(frame + 2), 0x03, (byte)(frame + 3), 0x04];

    /// <summary>Three 2x2 16-bit RLE frames, each split into two fragments.</summary>
    private static (byte[][] Fragments, uint[] Bot) ThreeRleFramesInSixFragments()
    {
        var fragments = new List<byte[]>();
        var bot = new List<uint>();
        uint position = 0;
        for (var f = 0; f < 3; f++)
        {
            var rle = RleFrame(Frame16(f), 1, 2);
            var split = 64 + 2; // the RLE header stays in the first fragment of each frame
            bot.Add(position);
            foreach (var part in new[] { rle[..split], rle[split..] })
            {
                fragments.Add(part);
                position += 8 + (uint)part.Length;
            }
        }
        return ([.. fragments], [.. bot]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadFrame_RleSeveralFragmentsPerFrame_FindsEachFrame(bool withBasicOffsetTable)
    {
        var (fragments, bot) = ThreeRleFramesInSixFragments();
        var dataset = Encapsulated(Image(2, 2, 16, frames: 3), fragments, withBasicOffsetTable ? bot : null);

        for (var f = 0; f < 3; f++)
        {
            using var frame = Reader.ReadFrame(dataset, DicomTransferSyntax.RleLossless, f);
            Assert.Equal(Frame16(f), frame.Pixels.ToArray());
        }
    }

    [Fact]
    public void ReadFrame_ExtendedOffsetTable_UsesOffsetsAndLengths()
    {
        var frames = Enumerable.Range(0, 3).Select(f => RleFrame(Frame16(f), 1, 2)).ToArray();
        var offsets = new byte[24];
        var lengths = new byte[24];
        long position = 0;
        for (var f = 0; f < 3; f++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(offsets.AsSpan(f * 8), position);
            BinaryPrimitives.WriteInt64LittleEndian(lengths.AsSpan(f * 8), frames[f].Length);
            position += 8 + frames[f].Length;
        }
        var image = Image(2, 2, 16, frames: 3)
            .SetBytes(DicomTags.ExtendedOffsetTable, DicomVR.OV, offsets)
            .SetBytes(DicomTags.ExtendedOffsetTableLengths, DicomVR.OV, lengths);
        // Frame 2 is given first so a reader that ignored the table would return the wrong frame.
        var dataset = Encapsulated(image, frames);

        using var frame = Reader.ReadFrame(dataset, DicomTransferSyntax.RleLossless, 2);

        Assert.Equal(Frame16(2), frame.Pixels.ToArray());
    }

    [Fact]
    public void ReadFrame_ExtendedOffsetTableBeyondData_FallsBackToOneFragmentPerFrame()
    {
        var rle = RleFrame(Frame16(0), 1, 2);
        var offsets = new byte[8];
        var lengths = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(lengths, rle.Length + 100);
        var dataset = Encapsulated(Image(2, 2, 16)
            .SetBytes(DicomTags.ExtendedOffsetTable, DicomVR.OV, offsets)
            .SetBytes(DicomTags.ExtendedOffsetTableLengths, DicomVR.OV, lengths), [rle]);

        using var frame = Reader.ReadFrame(dataset, DicomTransferSyntax.RleLossless, 0);

        Assert.Equal(Frame16(0), frame.Pixels.ToArray());
    }

    [Fact]
    public void ReadFrame_ExtendedOffsetTableNotOnItemsWithSplitFrames_FallsBackToFrameStarts()
    {
        var (fragments, _) = ThreeRleFramesInSixFragments();
        var offsets = new byte[24];
        var lengths = new byte[24];
        for (var f = 0; f < 3; f++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(offsets.AsSpan(f * 8), 3 + f * 10);
            BinaryPrimitives.WriteInt64LittleEndian(lengths.AsSpan(f * 8), 10);
        }
        var dataset = Encapsulated(Image(2, 2, 16, frames: 3)
            .SetBytes(DicomTags.ExtendedOffsetTable, DicomVR.OV, offsets)
            .SetBytes(DicomTags.ExtendedOffsetTableLengths, DicomVR.OV, lengths), fragments);

        for (var f = 0; f < 3; f++)
        {
            using var frame = Reader.ReadFrame(dataset, DicomTransferSyntax.RleLossless, f);
            Assert.Equal(Frame16(f), frame.Pixels.ToArray());
        }
    }

    [Fact]
    public void ReadFrame_ExtendedOffsetTableWithoutLengthsAndNoFrameStarts_ThrowsPixelDataException()
    {
        byte[][] fragments = [[0xFF, 0xD8, 1, 2], [3, 4], [5, 6], [7, 8]];
        var dataset = Encapsulated(Image(2, 4, 8, frames: 3)
            .SetBytes(DicomTags.ExtendedOffsetTable, DicomVR.OV, new byte[24]), fragments);

        var e = Assert.Throws<PixelDataException>(() => Reader.ReadFrame(dataset, DicomTransferSyntax.JpegBaseline8Bit, 1));

        Assert.Contains("Extended Offset Table Lengths", e.Message);
    }

    public static TheoryData<uint[]> BadBasicOffsetTables() => new()
    {
        new uint[] { 0, 200, 100 },          // not increasing
        new uint[] { 0, 0, 0 },              // repeated
        new uint[] { 0, 4_000_000, 8_000_000 }, // beyond the data
        new uint[] { 0, 10, 20 },            // not on an item start
        new uint[] { 8, 16, 24 },            // first offset not 0
        new uint[] { 0 },                    // fewer entries than frames
        new uint[] { 0, 92 },                // one entry too few (the second is a real frame start)
    };

    [Theory]
    [MemberData(nameof(BadBasicOffsetTables))]
    public void ReadFrame_BadBasicOffsetTableWithSplitFrames_FallsBackToFrameStarts(uint[] table)
    {
        var (fragments, bot) = ThreeRleFramesInSixFragments();
        Assert.Equal(92u, bot[1]); // the "one entry too few" case above points at the real second frame
        var dataset = Encapsulated(Image(2, 2, 16, frames: 3), fragments, table);

        for (var f = 0; f < 3; f++)
        {
            using var frame = Reader.ReadFrame(dataset, DicomTransferSyntax.RleLossless, f);
            Assert.Equal(Frame16(f), frame.Pixels.ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(BadBasicOffsetTables))]
    public void ReadFrame_BadBasicOffsetTableOneFragmentPerFrame_FallsBackToFragments(uint[] table)
    {
        byte[][] fragments = [RleFrame(Frame16(0), 1, 2), RleFrame(Frame16(1), 1, 2), RleFrame(Frame16(2), 1, 2)];
        var dataset = Encapsulated(Image(2, 2, 16, frames: 3), fragments, table);

        for (var f = 0; f < 3; f++)
        {
            using var frame = Reader.ReadFrame(dataset, DicomTransferSyntax.RleLossless, f);
            Assert.Equal(Frame16(f), frame.Pixels.ToArray());
        }
    }

    [Fact]
    public void ReadFrame_WrongBasicOffsetTableAndNoFrameStarts_ThrowsPixelDataExceptionNamingBoth()
    {
        // Four fragments, three frames, only the first starts with SOI: neither the table nor the content helps.
        byte[][] fragments = [[0xFF, 0xD8, 1, 2], [3, 4], [5, 6], [7, 8]];
        var dataset = Encapsulated(Image(2, 4, 8, frames: 3), fragments, [0, 5, 9]);

        var e = Assert.Throws<PixelDataException>(() => Reader.ReadFrame(dataset, DicomTransferSyntax.JpegBaseline8Bit, 1));

        Assert.Contains("Basic Offset Table", e.Message);
        Assert.Contains("content", e.Message);
    }

    [Fact]
    public void ReadFrame_BasicOffsetTableTooShortAndTooFewFragments_ThrowsPixelDataException()
    {
        var dataset = Encapsulated(Image(2, 2, 16, frames: 3), [RleFrame(Frame16(0), 1, 2)], [0, 20]);

        Assert.Throws<PixelDataException>(() => Reader.ReadFrame(dataset, DicomTransferSyntax.RleLossless, 0));
    }

    [Fact]
    public void ReadFrame_TruncatedFragment_ThrowsPixelDataException()
    {
        var rle = RleFrame(Frame16(0), 1, 2);
        var dataset = Encapsulated(Image(2, 2, 16), [rle[..(rle.Length - 4)]]);

        Assert.Throws<PixelDataException>(() => Reader.ReadFrame(dataset, DicomTransferSyntax.RleLossless, 0));
    }

    [Fact]
    public void ReadFrame_JpegFragmentsWithoutTable_SplitsAtStartOfImage()
    {
        // Frame 0 in two fragments, frame 1 in three: each frame starts with SOI (FF D8).
        byte[][] fragments = [[0xFF, 0xD8, 1, 2], [3, 4], [0xFF, 0xD8, 5, 6], [7, 8], [9, 10]];
        var dataset = Encapsulated(Image(2, 4, 8, frames: 2), fragments);

        using var frame0 = Reader.ReadFrame(dataset, DicomTransferSyntax.JpegBaseline8Bit, 0);
        using var frame1 = Reader.ReadFrame(dataset, DicomTransferSyntax.JpegBaseline8Bit, 1);

        Assert.Equal(new byte[] { 0xFF, 0xD8, 1, 2, 3, 4, 0, 0 }, frame0.Pixels.ToArray());
        Assert.Equal(new byte[] { 0xFF, 0xD8, 5, 6, 7, 8, 9, 10 }, frame1.Pixels.ToArray());
    }

    [Fact]
    public void ReadFrame_Jpeg2000FragmentsWithoutTable_SplitsAtCodestreamStart()
    {
        byte[][] fragments = [[0xFF, 0x4F, 0xFF, 0x51], [1, 2], [0xFF, 0x4F, 0xFF, 0x51], [3, 4]];
        var dataset = Encapsulated(Image(2, 3, 8, frames: 2), fragments);

        using var frame1 = Reader.ReadFrame(dataset, DicomTransferSyntax.Jpeg2000, 1);

        Assert.Equal(new byte[] { 0xFF, 0x4F, 0xFF, 0x51, 3, 4 }, frame1.Pixels.ToArray());
    }

    [Fact]
    public void ReadFrame_FragmentStartsDoNotMatchFrameCount_ThrowsPixelDataException()
    {
        byte[][] fragments = [[0xFF, 0xD8, 1, 2], [3, 4], [5, 6], [7, 8]];
        var dataset = Encapsulated(Image(2, 4, 8, frames: 3), fragments);

        Assert.Throws<PixelDataException>(() => Reader.ReadFrame(dataset, DicomTransferSyntax.JpegBaseline8Bit, 1));
    }

    [Fact]
    public void ReadFrame_OneFragmentPerFrame_TakesFragmentOfFrame()
    {
        var dataset = Encapsulated(Image(2, 2, 16, frames: 2), [RleFrame(Frame16(0), 1, 2), RleFrame(Frame16(1), 1, 2)]);

        using var frame = Reader.ReadFrame(dataset, DicomTransferSyntax.RleLossless, 1);

        Assert.Equal(Frame16(1), frame.Pixels.ToArray());
    }
}
