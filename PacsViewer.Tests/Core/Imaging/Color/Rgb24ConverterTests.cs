using PacsViewer.Core.Codecs;
using PacsViewer.Core.Imaging;
using PacsViewer.Core.Imaging.Color;

namespace PacsViewer.Tests.Core.Imaging.Color;

public class Rgb24ConverterTests
{
    // pydicom's frame 0 as RGB: YBR through convert_color_space, palette through apply_color_lut (16-bit entries
    // reduced to their high byte, as our tables are), 16-bit RGB shifted to its top 8 stored bits.
    internal const string PydicomRgb = """
import sys, numpy as np, pydicom
from pydicom.pixel_data_handlers.util import convert_color_space, apply_color_lut
ds = pydicom.dcmread(sys.argv[1], force=True)
if 'TransferSyntaxUID' not in ds.file_meta:
    ds.file_meta.TransferSyntaxUID = pydicom.uid.ImplicitVRLittleEndian
arr = ds.pixel_array
if int(ds.get('NumberOfFrames', 1) or 1) > 1:
    arr = arr[0]
pi = ds.PhotometricInterpretation
if pi in ('YBR_FULL', 'YBR_FULL_422'):
    arr = convert_color_space(arr, pi, 'RGB')
elif pi == 'PALETTE COLOR':
    arr = apply_color_lut(arr, ds)
    if arr.dtype == np.uint16:
        arr = arr >> 8
elif arr.dtype == np.uint16:
    arr = arr >> max(0, ds.BitsStored - 8)
open(sys.argv[2], 'wb').write(np.ascontiguousarray(arr.astype(np.uint8)).tobytes())
""";

    // SC_rgb.dcm turned into YBR_FULL by pydicom, followed by pydicom's conversion of that back to RGB.
    private const string PydicomYbr = """
import sys, numpy as np, pydicom
from pydicom.pixel_data_handlers.util import convert_color_space
ds = pydicom.dcmread(sys.argv[1], force=True)
ybr = convert_color_space(ds.pixel_array, 'RGB', 'YBR_FULL')
rgb = convert_color_space(ybr.copy(), 'YBR_FULL', 'RGB')
open(sys.argv[2], 'wb').write(np.ascontiguousarray(ybr).tobytes() + np.ascontiguousarray(rgb).tobytes())
""";

    public static TheoryData<string, int> CorpusColorFiles() => new()
    {
        { "us/IM00001.implicit_little_endian.dcm", 0 },
        { "us/color-pl.dcm", 0 },
        { "sc/SC_rgb.dcm", 0 },
        { "sc/SC_rgb_small_odd.dcm", 0 },
        { "sc/ColorTestMalaterre.dcm", 0 },
        { "us/YBR_422.dcm", 1 },
        { "sc/SC_ybr_full_422_uncompressed.dcm", 1 },
        { "sc/OT-PAL-8-face.dcm", 0 },
        { "us/gdcm-US-ALOKA-16.dcm", 0 },
    };

    [Theory]
    [MemberData(nameof(CorpusColorFiles))]
    public void Convert_CorpusFile_MatchesPydicom(string relativePath, int tolerance)
    {
        var path = TestFiles.Sample(relativePath);
        var (dataset, frame) = TestFrames.Load(path);
        using (frame)
        {
            var palette = frame.Info.PhotometricInterpretation == "PALETTE COLOR" ? PaletteColorLut.FromDataset(dataset) : null;
            var ours = new byte[frame.Info.PixelCount * 3];
            Rgb24Converter.Convert(frame, ours, palette);
            var expected = PydicomRunner.Run(PydicomRgb, path);
            AssertClose(expected, ours, tolerance, relativePath);
        }
    }

    [Fact]
    public void Convert_YbrFullFromPydicom_MatchesPydicomWithinOne()
    {
        var path = TestFiles.Sample("sc/SC_rgb.dcm");
        var both = PydicomRunner.Run(PydicomYbr, path);
        var half = both.Length / 2;
        using var frame = DecodedFrame.Allocate(new FrameInfo(100, 100, 3, 8, 8, 7, false, 0, "YBR_FULL"));
        both.AsSpan(0, half).CopyTo(frame.Pixels);
        var ours = new byte[half];
        Rgb24Converter.Convert(frame, ours);
        AssertClose(both.AsSpan(half).ToArray(), ours, 1, "YBR_FULL of SC_rgb");
    }

    [Theory]
    [InlineData(128, 128, 128, 128, 128, 128)] // neutral grey
    [InlineData(255, 128, 255, 255, 164, 255)] // R = 255 + 178.05 clamps, G = 255 - 90.70 = 164.3
    [InlineData(0, 0, 128, 0, 44, 0)] // B = 0 - 226.8 clamps, G = 0 + 0.3441 x 128 = 44.05
    [InlineData(76, 85, 255, 254, 0, 0)] // pure red through the forward equations: R 254.05, G 0.10, B -0.20
    public void Convert_YbrFullPixel_FollowsPs3Equations(byte y, byte cb, byte cr, byte r, byte g, byte b)
    {
        using var frame = DecodedFrame.Allocate(new FrameInfo(1, 1, 3, 8, 8, 7, false, 0, "YBR_FULL"));
        frame.Pixels[0] = y;
        frame.Pixels[1] = cb;
        frame.Pixels[2] = cr;
        var rgb = new byte[3];
        Rgb24Converter.Convert(frame, rgb);
        Assert.Equal(new[] { r, g, b }, rgb);
    }

    [Fact]
    public void Convert_Ybr422OddPixelCount_LonePixelUsesItsOwnChroma()
    {
        // 3 x 1: pair (Y 100, Y 200 | CB 128, CR 128) then a lone pixel (Y 50, pad | CB 128, CR 255).
        using var frame = DecodedFrame.Allocate(new FrameInfo(1, 3, 3, 8, 8, 7, false, 0, "YBR_FULL_422"));
        frame.Pixels.Clear();
        byte[] stored = [100, 200, 128, 128, 50, 0, 128, 255];
        stored.CopyTo(frame.Pixels);
        var rgb = new byte[9];
        Rgb24Converter.Convert(frame, rgb);
        Assert.Equal(new byte[] { 100, 100, 100, 200, 200, 200 }, rgb[..6]);
        Assert.Equal(new byte[] { 228, 0, 50 }, rgb[6..]); // R = 50 + 1.402 x 127 = 228.05, G = 50 - 0.7141 x 127 < 0
    }

    [Fact]
    public void Convert_Rgb16Bit_KeepsTopEightStoredBits()
    {
        using var frame = DecodedFrame.Allocate(new FrameInfo(1, 1, 3, 16, 12, 11, false, 0, "RGB"));
        // 0x0FFF -> 255, 0x0800 -> 128, 0xF00F (bits above Bits Stored set) -> 0x00F >> 4 = 0
        byte[] le = [0xFF, 0x0F, 0x00, 0x08, 0x0F, 0xF0];
        le.CopyTo(frame.Pixels);
        var rgb = new byte[3];
        Rgb24Converter.Convert(frame, rgb);
        Assert.Equal(new byte[] { 255, 128, 0 }, rgb);
    }

    [Fact]
    public void Convert_PaletteIndicesOutOfRange_ClampToFirstAndLastEntry()
    {
        var palette = PaletteColorLut.Create(10, [1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]);
        using var frame = DecodedFrame.Allocate(new FrameInfo(1, 4, 1, 8, 8, 7, false, 0, "PALETTE COLOR"));
        byte[] indices = [0, 10, 13, 200];
        indices.CopyTo(frame.Pixels);
        var rgb = new byte[12];
        Rgb24Converter.Convert(frame, rgb, palette);
        Assert.Equal(new byte[] { 1, 5, 9, 1, 5, 9, 4, 8, 12, 4, 8, 12 }, rgb);
    }

    [Fact]
    public void Convert_Monochrome_ThrowsPixelDataException()
    {
        using var frame = DecodedFrame.Allocate(new FrameInfo(1, 1, 1, 8, 8, 7, false, 0, "MONOCHROME2"));
        Assert.Throws<PixelDataException>(() => Rgb24Converter.Convert(frame, new byte[3]));
    }

    private static void AssertClose(byte[] expected, byte[] actual, int tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0;
        var at = -1;
        for (var i = 0; i < expected.Length; i++)
        {
            var d = Math.Abs(expected[i] - actual[i]);
            if (d > worst)
            {
                worst = d;
                at = i;
            }
        }
        Assert.True(worst <= tolerance, $"{what}: byte {at} differs by {worst} (pydicom {(at >= 0 ? expected[at] : 0)}, ours {(at >= 0 ? actual[at] : 0)})");
    }
}
