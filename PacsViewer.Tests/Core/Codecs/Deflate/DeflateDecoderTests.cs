using System.IO.Compression;
using PacsViewer.Core.Codecs;
using PacsViewer.Core.Codecs.Deflate;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Imaging;
using PacsViewer.Tests.Cli;
using PacsViewer.Tests.Core.Imaging;
using PacsViewer.Tests.Core.Imaging.Grayscale;

namespace PacsViewer.Tests.Core.Codecs.Deflate;

/// <summary>
/// No sample of Deflated Image Frame Compression (PS3.5 A.4.13) exists, so each test builds one from a native
/// corpus file with pydicom and Python's zlib (raw RFC 1951 deflate, one fragment per frame, padded to even length
/// by pydicom's encapsulate); the reference is pydicom's pixel array of the native source file.
/// </summary>
public sealed class DeflateDecoderTests : IDisposable
{
    private static readonly DeflateDecoder Decoder = new();

    /// <summary>argv[1] native source, argv[2] deflated output, argv[3] pydicom's pixels of the source (interleaved).</summary>
    private const string DeflateScript = """
import sys, zlib, numpy as np, pydicom
from pydicom.encaps import encapsulate
from pydicom.uid import UID
from pydicom._uid_dict import UID_dictionary
# pydicom 2.3 predates the syntax: register it so that dcmwrite accepts it as a compressed transfer syntax.
UID_dictionary.setdefault('1.2.840.10008.1.2.8.1', ('Deflated Image Frame Compression', 'Transfer Syntax', '', '', 'DeflatedImageFrameCompression'))
ds = pydicom.dcmread(sys.argv[1])
arr = ds.pixel_array
open(sys.argv[3], 'wb').write(arr.astype(arr.dtype.newbyteorder('<')).tobytes())
frames = int(ds.get('NumberOfFrames', 1) or 1)
length = ds.Rows * ds.Columns * ds.SamplesPerPixel * (ds.BitsAllocated // 8)
raw = ds.PixelData
def deflate(b):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)   # raw deflate, no zlib header (RFC 1951)
    return c.compress(b) + c.flush()
ds.PixelData = encapsulate([deflate(raw[i * length:(i + 1) * length]) for i in range(frames)], has_bot=True)
ds['PixelData'].VR = 'OB'
ds['PixelData'].is_undefined_length = True
ds.file_meta.TransferSyntaxUID = UID('1.2.840.10008.1.2.8.1')
ds.is_little_endian = True
ds.is_implicit_VR = False
ds.save_as(sys.argv[2], write_like_original=False)
""";

    private readonly TempDirectory _temp = new("pv-deflate-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Registry_Default_DecodesDeflatedImageFrameCompression()
    {
        var syntax = DicomTransferSyntax.FromUid("1.2.840.10008.1.2.8.1");
        Assert.Same(DicomTransferSyntax.DeflatedImageFrameCompression, syntax);
        Assert.True(syntax.IsEncapsulated);
        Assert.False(syntax.IsLossy);
        Assert.Equal("Deflated Image Frame Compression", syntax.Name);
        var registry = DefaultCodecs.CreateDefault();
        Assert.True(registry.CanDecode(syntax));
        Assert.IsType<DeflateDecoder>(registry.GetDecoder(syntax));
        Assert.Contains(registry.Decoders, d => d is DeflateDecoder);
    }

    [Fact]
    public void GetDecoder_RegistryWithoutDeflate_ThrowsCodecUnavailableNamingTheSyntax()
    {
        var registry = new CodecRegistry([new PacsViewer.Core.Codecs.Rle.RleDecoder()]);
        var ex = Assert.Throws<CodecUnavailableException>(() => registry.GetDecoder(DicomTransferSyntax.DeflatedImageFrameCompression));
        Assert.Equal("1.2.840.10008.1.2.8.1", ex.TransferSyntaxUid);
        Assert.Contains("Deflated Image Frame Compression", ex.Message, StringComparison.Ordinal);
    }

    // 8-bit, 16-bit unsigned and signed (one with junk above Bits Stored), multi-frame grey and colour,
    // RGB planar 0, RGB planar 1, and a 3x3 RGB frame whose 27 bytes give an odd-length deflate stream.
    [Theory]
    [InlineData("lut/vlut_04.dcm")]
    [InlineData("ct/CT-MONO2-16-ankle.dcm")]
    [InlineData("mr/12bitSigned_0x0F0F.dcm")]
    [InlineData("nm_pt/NM-MONO2-16-13x-heart.dcm")]
    [InlineData("us/IM00001.implicit_little_endian.dcm")]
    [InlineData("sc/SC_rgb.dcm")]
    [InlineData("us/color-pl.dcm")]
    [InlineData("sc/SC_rgb_small_odd.dcm")]
    public void ReadFrame_DeflatedFromNativeSample_EveryFrameEqualsPydicomPixels(string sample)
    {
        var (path, expected) = MakeDeflated(sample);
        var file = DicomFile.Open(path);
        Assert.Equal(DicomTransferSyntax.DeflatedImageFrameCompression, file.TransferSyntax);
        var source = FrameInfo.FromDataset(file.Dataset);
        var reader = new FrameReader(DefaultCodecs.CreateDefault());
        var frameLength = (int)source.FrameLength;
        Assert.Equal(expected.Length, frameLength * source.NumberOfFrames);
        for (var f = 0; f < source.NumberOfFrames; f++)
        {
            using var frame = reader.ReadFrame(file, f);
            Assert.Equal(0, frame.Info.PlanarConfiguration);
            Assert.Equal(source.PhotometricInterpretation, frame.Info.PhotometricInterpretation);
            Assert.True(expected.AsSpan(f * frameLength, frameLength).SequenceEqual(frame.Pixels), $"frame {f} of deflated {sample} differs from pydicom");
        }
    }

    [Fact]
    public void Decode_OddLengthFrame_IsPaddedWithOneNulAndDecodes()
    {
        var (path, expected) = MakeDeflated("sc/SC_rgb_small_odd.dcm");
        var file = DicomFile.Open(path);
        var fragment = CodecTestFrames.FrameBytes(file, 0);
        Assert.Equal(0, fragment.Length % 2);
        var (info, pixels) = CodecTestFrames.Decode(Decoder, path);
        Assert.Equal(expected, pixels);
        Assert.Equal(27, info.FrameLength);
    }

    [Fact]
    public async Task RenderCommand_DeflatedCt_MatchesDcmj2pnmOfTheNativeSourceWithinOneLevel()
    {
        const string sample = "ct/CT-MONO2-16-ankle.dcm";
        var (path, _) = MakeDeflated(sample);
        var outPath = _temp.File("out.png");
        var (code, output, error) = await CliRunner.RunAsync("render", path, "--window", "500,2000", "-o", outPath);
        Assert.True(code == 0, error);
        Assert.Equal("", output);
        // dcmtk 3.6.7 does not know this transfer syntax: its reference is rendered from the native source.
        await DcmtkRender.AssertPngWithinOneLevelAsync(outPath, TestFiles.Sample(sample), "+Ww", "500", "2000");
    }

    /// <summary>256 MiB of zeros deflate to about 256 KiB: decoding into a 64x64 frame stops at the frame.</summary>
    [Fact]
    public void Decode_StreamExpandingBeyondTheFrame_ThrowsBeforeAllocatingMoreThanTheBound()
    {
        var bomb = RawDeflate(new byte[1 << 20], repeat: 256);
        var source = new FrameInfo(64, 64, 1, 16, 16, 15, false, 0, "MONOCHROME2");
        var destination = new byte[source.FrameLength];
        var before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<PixelDataException>(() => Decoder.Decode(bomb, source, destination));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("more than the 8192 bytes", ex.Message, StringComparison.Ordinal);
        // The input copy plus the inflater's buffers: far below the 256 MiB the stream would produce.
        Assert.True(allocated < bomb.Length + (1 << 20), $"allocated {allocated} bytes for a {bomb.Length}-byte bomb");
    }

    [Fact]
    public void Decode_InputTooShortForTheFrameAtDeflatesMaximumRatio_ThrowsWithoutInflating()
    {
        var source = new FrameInfo(1024, 1024, 1, 16, 16, 15, false, 0, "MONOCHROME2");
        var tiny = RawDeflate(new byte[16], repeat: 1);
        var ex = Assert.Throws<PixelDataException>(() => Decoder.Decode(tiny, source, new byte[source.FrameLength]));
        Assert.Contains("1032:1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_ConstantFrame_ReachesNearTheRatioCapAndDecodes()
    {
        var source = new FrameInfo(1024, 1024, 1, 16, 16, 15, false, 0, "MONOCHROME2");
        var zeros = RawDeflate(new byte[source.FrameLength], repeat: 1);
        Assert.True(zeros.Length * 900L < source.FrameLength, $"{zeros.Length} bytes");
        var destination = new byte[source.FrameLength];
        Array.Fill(destination, (byte)0xAA);
        Decoder.Decode(zeros, source, destination);
        Assert.DoesNotContain(destination, b => b != 0);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(10)]
    public void Decode_TruncatedStream_ThrowsPixelDataException(int divisor)
    {
        var (path, _) = MakeDeflated("ct/CT-MONO2-16-ankle.dcm");
        var file = DicomFile.Open(path);
        var source = FrameInfo.FromDataset(file.Dataset);
        var bytes = CodecTestFrames.FrameBytes(file, 0);
        var ex = Assert.Throws<PixelDataException>(() => Decoder.Decode(bytes.AsSpan(0, bytes.Length / divisor), source, new byte[source.FrameLength]));
        Assert.Contains("deflate", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Decode_StreamForASmallerFrame_ThrowsPixelDataException()
    {
        var source = new FrameInfo(64, 64, 1, 8, 8, 7, false, 0, "MONOCHROME2");
        var half = RawDeflate(Enumerable.Range(0, 2048).Select(i => (byte)i).ToArray(), repeat: 1);
        var ex = Assert.Throws<PixelDataException>(() => Decoder.Decode(half, source, new byte[source.FrameLength]));
        Assert.Contains("ends after 2048 of 4096 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Decode_RandomBytes_ThrowsPixelDataException(int seed) =>
        FrameDecoderAssert.RandomBytesThrow(Decoder, seed, 4096, new FrameInfo(64, 64, 1, 16, 12, 11, false, 0, "MONOCHROME2"));

    /// <summary>PS3.5 A.4.13 names RFC 1951: a zlib (RFC 1950) wrapped stream is not a raw deflate stream.</summary>
    [Fact]
    public void Decode_ZlibWrappedStream_ThrowsPixelDataException()
    {
        var source = new FrameInfo(64, 64, 1, 8, 8, 7, false, 0, "MONOCHROME2");
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(Enumerable.Range(0, 4096).Select(i => (byte)(i * 7)).ToArray());
        }
        Assert.Throws<PixelDataException>(() => Decoder.Decode(output.ToArray(), source, new byte[source.FrameLength]));
    }

    [Theory]
    [InlineData(1, "MONOCHROME2")]
    [InlineData(8, "YBR_FULL_422")]
    public void Decode_PackedBitsOrSubsampledNativeLayout_ThrowsNotSupported(int bitsAllocated, string photometric)
    {
        var samples = photometric == "MONOCHROME2" ? 1 : 3;
        var source = new FrameInfo(8, 8, samples, bitsAllocated, bitsAllocated, bitsAllocated - 1, false, 0, photometric);
        var ex = Assert.Throws<PixelDataException>(() => Decoder.Decode(RawDeflate(new byte[8], 1), source, new byte[source.FrameLength]));
        Assert.Contains("not supported", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_DestinationOfWrongLength_ThrowsArgumentException()
    {
        var source = new FrameInfo(8, 8, 1, 8, 8, 7, false, 0, "MONOCHROME2");
        Assert.Throws<ArgumentException>(() => Decoder.Decode(RawDeflate(new byte[64], 1), source, new byte[63]));
    }

    /// <summary>Writes a deflated copy of <paramref name="sample"/> and returns it with pydicom's pixels of the source.</summary>
    private (string Path, byte[] Expected) MakeDeflated(string sample)
    {
        var path = _temp.File(Path.GetFileNameWithoutExtension(sample) + ".deflated.dcm");
        var expected = _temp.File(Path.GetFileNameWithoutExtension(sample) + ".pixels");
        File.WriteAllBytes(path, PydicomRunner.Run(DeflateScript, TestFiles.Sample(sample), expected));
        return (path, File.ReadAllBytes(expected));
    }

    /// <summary>A raw deflate stream (RFC 1951) of <paramref name="block"/> repeated <paramref name="repeat"/> times.</summary>
    private static byte[] RawDeflate(byte[] block, int repeat)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            for (var i = 0; i < repeat; i++)
            {
                deflate.Write(block);
            }
        }
        return output.ToArray();
    }
}
