using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Imaging.Encoding;
using PacsViewer.Core.Imaging.Rendering;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace PacsViewer.Tests.Core.Imaging.Rendering;

/// <summary>Renders a sample end to end (FrameReader, FrameRenderer, PNG encoder) and decodes the PNG back.</summary>
internal static class RenderTestSupport
{
    public static async Task<(byte[] Pixels, int Width, int Height)> RenderPngAsync(string path, RenderKey key, bool rgb = false)
    {
        var file = DicomFile.Open(path);
        using var frame = TestFrames.Reader.ReadFrame(file, key.FrameIndex);
        using var png = new MemoryStream();
        await new FrameRenderer().EncodeAsync(file, frame, key with { Format = ImageFormat.Png }, png, CancellationToken.None);
        png.Position = 0;
        if (rgb)
        {
            using var image = await Image.LoadAsync<Rgb24>(png);
            var pixels = new byte[image.Width * image.Height * 3];
            image.CopyPixelDataTo(pixels);
            return (pixels, image.Width, image.Height);
        }
        using var grey = await Image.LoadAsync<L8>(png);
        var bytes = new byte[grey.Width * grey.Height];
        grey.CopyPixelDataTo(bytes);
        return (bytes, grey.Width, grey.Height);
    }

    /// <summary>The largest absolute difference, and how many values differ at all.</summary>
    public static (int Max, int Count) Difference(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        int max = 0, count = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var d = Math.Abs(expected[i] - actual[i]);
            max = Math.Max(max, d);
            count += d > 0 ? 1 : 0;
        }
        return (max, count);
    }
}
