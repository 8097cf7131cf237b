using System.Globalization;
using System.Text.Json;
using PacsViewer.Tests.Core.Imaging;
using PacsViewer.Tests.Core.Imaging.Grayscale;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace PacsViewer.Tests.Cli;

public sealed class RenderCommandTests : IDisposable
{
    private const string Ct = "ct/CT-MONO2-16-ankle.dcm";
    private readonly string _dir = Directory.CreateTempSubdirectory("pv-render-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("ct/CT-MONO2-16-ankle.dcm", null, "+Wi 1")]
    [InlineData("ct/CT-MONO2-16-ankle.dcm", "500,2000", "+Ww 500 2000")]
    [InlineData("overlay/ovly_p01.dcm", null, "+Wm")]
    public async Task Run_RenderPng_MatchesDcmj2pnmWithinOneLevel(string file, string? window, string dcmtkVoi)
    {
        var path = TestFiles.Sample(file);
        var outPath = Path.Combine(_dir, "out.png");
        string[] args = window is null ? ["render", path, "-o", outPath] : ["render", path, "--window", window, "-o", outPath];
        var (code, output, error) = await CliRunner.RunAsync(args);
        Assert.True(code == 0, error);
        Assert.Equal("", output);
        await DcmtkRender.AssertPngWithinOneLevelAsync(outPath, path, dcmtkVoi.Split(' '));
    }

    [Fact]
    public async Task Run_SizeAndJpeg_WritesJpegOfThatSize()
    {
        var outPath = Path.Combine(_dir, "out.jpg");
        var (code, _, error) = await CliRunner.RunAsync("render", TestFiles.Sample(Ct), "--size", "100x80", "--format", "jpeg", "--quality", "70", "-o", outPath);
        Assert.True(code == 0, error);
        var info = await Image.IdentifyAsync(outPath);
        Assert.Equal((100, 80), (info.Width, info.Height));
        var head = (await File.ReadAllBytesAsync(outPath))[..2];
        Assert.Equal(new byte[] { 0xFF, 0xD8 }, head); // SOI (T.81 B.1.1.3)
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("100,120,200,150", false)]
    [InlineData("100.5,120,200.25,150", true)]
    public async Task Run_Stats_MatchesNumpyModalityValues(string? roi, bool ellipse)
    {
        var path = TestFiles.Sample(Ct);
        const string script = """
import sys, numpy as np, pydicom
ds = pydicom.dcmread(sys.argv[1])
m = ds.pixel_array.astype(np.float64) * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
h, w = m.shape
cy, cx = np.mgrid[0:h, 0:w] + 0.5
if sys.argv[3] == '-':
    sel = np.ones(m.shape, bool)
else:
    x, y, rw, rh, ell = [float(v) for v in sys.argv[3].split(',')]
    if ell:
        sel = ((cx - x - rw / 2) / (rw / 2)) ** 2 + ((cy - y - rh / 2) / (rh / 2)) ** 2 <= 1
    else:
        sel = (cx >= x) & (cx < x + rw) & (cy >= y) & (cy < y + rh)
r = m[sel]
open(sys.argv[2], 'w').write('%r %r %r %r %d' % (r.min(), r.max(), r.mean(), r.std(), r.size))
""";
        var reference = System.Text.Encoding.ASCII.GetString(PydicomRunner.Run(script, path, roi is null ? "-" : $"{roi},{(ellipse ? 1 : 0)}"))
            .Split(' ').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        string[] args = ["render", "--stats", path, .. roi is null ? Array.Empty<string>() : ["--roi", roi], .. ellipse ? ["--ellipse"] : Array.Empty<string>()];
        var (code, output, error) = await CliRunner.RunAsync(args);
        Assert.True(code == 0, error);
        Assert.Equal("", error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(reference[0], root.GetProperty("min").GetDouble(), 1e-6);
        Assert.Equal(reference[1], root.GetProperty("max").GetDouble(), 1e-6);
        Assert.Equal(reference[2], root.GetProperty("mean").GetDouble(), 1e-6);
        Assert.Equal(reference[3], root.GetProperty("stdDev").GetDouble(), 1e-6);
        Assert.Equal((long)reference[4], root.GetProperty("count").GetInt64());
    }

    [Theory]
    [InlineData(1, "render", "{dir}/missing.dcm", "-o", "{dir}/o.png")]
    [InlineData(1, "render", "{corrupt}", "-o", "{dir}/o.png")]
    [InlineData(1, "render", "{ct}", "--frame", "5", "-o", "{dir}/o.png")]
    [InlineData(1, "render", "{ct}", "--region", "500,0,100,100", "-o", "{dir}/o.png")]
    [InlineData(1, "render", "{nocodec}", "-o", "{dir}/o.png")]
    [InlineData(2, "render", "{ct}", "--window", "40", "-o", "{dir}/o.png")]
    [InlineData(2, "render", "{ct}", "--window", "40,0", "-o", "{dir}/o.png")]
    [InlineData(2, "render", "{ct}", "--size", "10by10", "-o", "{dir}/o.png")]
    [InlineData(2, "render", "{ct}", "--function", "cubic", "--window", "40,400", "-o", "{dir}/o.png")]
    [InlineData(2, "render", "{ct}", "--format", "gif", "-o", "{dir}/o.png")]
    [InlineData(2, "render", "{ct}", "--quality", "0", "-o", "{dir}/o.png")]
    [InlineData(2, "render", "{ct}")]
    [InlineData(2, "render", "--stats", "{ct}", "--roi", "1,2,3")]
    [InlineData(2, "render", "{ct}", "--frame", "x", "-o", "{dir}/o.png")]
    [InlineData(2, "render", "{ct}", "--bogus", "-o", "{dir}/o.png")]
    public async Task Run_Error_ExitsNonZeroWithOneLineOnStderrAndNothingOnStdout(int expectedCode, params string[] template)
    {
        var args = template.Select(a => a.Replace("{dir}", _dir, StringComparison.Ordinal)
            .Replace("{ct}", TestFiles.Sample(Ct), StringComparison.Ordinal)
            .Replace("{corrupt}", TestFiles.Sample("corrupt/emri_small_jpeg_2k_lossless_too_short.dcm"), StringComparison.Ordinal)
            .Replace("{nocodec}", NoCodecFile(), StringComparison.Ordinal)).ToArray();
        var (code, output, error) = await CliRunner.RunAsync(args);
        Assert.Equal(expectedCode, code);
        Assert.Equal("", output);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.False(File.Exists(Path.Combine(_dir, "o.png")));
    }

    // A JPEG lossless file relabelled (same UID length) as JPEG Lossless Hierarchical, Process 28 (retired,
    // 1.2.840.10008.1.2.4.58): encapsulated pixel data that no registered codec decodes.
    private string NoCodecFile()
    {
        var target = Path.Combine(_dir, "nocodec.dcm");
        if (!File.Exists(target))
        {
            var bytes = File.ReadAllBytes(TestFiles.Sample(TestFiles.Manifest().First(m => m.Value["transfer_syntax_uid"] == "1.2.840.10008.1.2.4.57").Key));
            var from = "1.2.840.10008.1.2.4.57"u8;
            var at = bytes.AsSpan().IndexOf(from);
            Assert.True(at > 0);
            "1.2.840.10008.1.2.4.58"u8.CopyTo(bytes.AsSpan(at));
            File.WriteAllBytes(target, bytes);
        }
        return target;
    }
}
