using System.Globalization;
using PacsViewer.Core.Codecs;
using PacsViewer.Core.Imaging.Grayscale;
using Xunit.Abstractions;

namespace PacsViewer.Tests.Core.Imaging.Grayscale;

/// <summary>
/// <see cref="GrayscaleRenderer"/> agrees with dcmtk's dcmj2pnm within one grey level on every pixel of frame 0 of
/// every grayscale sample with native (uncompressed) pixel data, for each VOI choice dcmj2pnm can express.
/// </summary>
public class GrayscaleRendererDcmtkTests(ITestOutputHelper output)
{
    private static readonly string[] NativeSyntaxes =
        ["1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99"];

    private static readonly string[] Modes =
        ["file-window", "explicit", "explicit-sigmoid", "explicit-inverse", "min-max", "min-max-n", "no-voi", "voi-lut"];

    /// <summary>Decodable grayscale corpus files with native pixel data and Bits Allocated 8, 16 or 32 (integer).</summary>
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in NativeGrayscaleFiles())
        {
            data.Add(file);
        }
        return data;
    }

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in NativeGrayscaleFiles())
        {
            foreach (var mode in Modes)
            {
                data.Add(file, mode);
            }
        }
        return data;
    }

    private static IEnumerable<string> NativeGrayscaleFiles()
    {
        foreach (var (file, row) in TestFiles.Manifest().OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var bits = row["bits_allocated_stored"].Split('/');
            if (!NativeSyntaxes.Contains(row["transfer_syntax_uid"])
                || row["photometric_interpretation"] is not ("MONOCHROME1" or "MONOCHROME2")
                || bits[0] is not ("8" or "16" or "32") || !int.TryParse(bits[1], out _)
                || file.StartsWith("corrupt/", StringComparison.Ordinal)
                || SampleReference.For(file) is not { IsDecodable: true })
            {
                continue;
            }
            yield return file;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Render_NativeGrayscaleSample_MatchesDcmj2pnmWithinOneLevel(string file, string mode)
    {
        var path = TestFiles.Sample(file);
        var (dataset, frame) = TestFrames.Load(path);
        using var _ = frame;
        var pipeline = GrayscalePipeline.FromDataset(dataset);
        var layout = StoredValueLayout.FromFrameInfo(frame.Info);
        var range = ModalityValueRange.Measure(frame.Pixels, layout, pipeline.Modality);
        // An explicit window around the midpoint of the frame's modality values, half as wide as their range, so
        // both clipped ends and the ramp occur.
        var center = Math.Round((range.Min + range.Max) / 2, 3);
        var width = Math.Max(2, Math.Round((range.Max - range.Min) / 2, 3));
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        (GrayscaleRenderOptions Options, string[] Arguments)? test = mode switch
        {
            "file-window" when pipeline.Windows.Count > 0 => (GrayscaleRenderOptions.ForFileWindow(0), ["+Wi", "1"]),
            "explicit" => (GrayscaleRenderOptions.ForWindow(center, width), ["+Ww", F(center), F(width)]),
            "explicit-sigmoid" => (GrayscaleRenderOptions.ForWindow(center, width, VoiLutFunction.Sigmoid), ["+Ww", F(center), F(width), "+Wfs"]),
            "explicit-inverse" => (GrayscaleRenderOptions.ForWindow(center, width) with { Shape = PresentationLutShape.Inverse }, ["+Ww", F(center), F(width), "+Piv"]),
            "min-max" => (GrayscaleRenderOptions.For(VoiSource.MinMax), ["+Wm"]),
            "min-max-n" => (GrayscaleRenderOptions.For(VoiSource.MinMaxIgnoringExtremes), ["+Wn"]),
            "no-voi" => (GrayscaleRenderOptions.For(VoiSource.None), ["-W"]),
            "voi-lut" when pipeline.VoiLuts.Count > 0 => (GrayscaleRenderOptions.ForFileVoiLut(0), ["+Wl", "1"]),
            _ => null,
        };
        if (test is null)
        {
            output.WriteLine($"{file} {mode}: not applicable (no such VOI in the file)");
            return;
        }
        var reference = await DcmtkRender.RenderAsync(path, test.Value.Arguments);
        Assert.True(reference is not null, $"dcmj2pnm {string.Join(' ', test.Value.Arguments)} failed on {file}");
        var expected = reference.Value.Pixels;
        var actual = new byte[frame.Info.PixelCount];
        new GrayscaleRenderer().Render(frame, pipeline, test.Value.Options, actual);
        Assert.Equal(expected.Length, actual.Length);
        int maxDiff = 0, ones = 0, worst = -1;
        for (var i = 0; i < actual.Length; i++)
        {
            var d = Math.Abs(actual[i] - expected[i]);
            if (d == 1)
            {
                ones++;
            }
            if (d > maxDiff)
            {
                maxDiff = d;
                worst = i;
            }
        }
        output.WriteLine($"RESULT {file} {mode} {string.Join(' ', test.Value.Arguments)}: max |ours - dcmtk| = {maxDiff}, pixels differing by 1: {ones} of {actual.Length}");
        Assert.True(maxDiff <= 1,
            $"{file} {mode}: pixel {worst} (stored container bytes at {worst * frame.Info.BytesPerSample}) ours {(worst >= 0 ? actual[worst] : 0)} dcmtk {(worst >= 0 ? expected[worst] : 0)}, max difference {maxDiff}");
    }
}
