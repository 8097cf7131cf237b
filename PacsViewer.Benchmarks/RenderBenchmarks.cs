using BenchmarkDotNet.Attributes;
using PacsViewer.Core.Imaging.Encoding;
using PacsViewer.Core.Imaging.Grayscale;

namespace PacsViewer.Benchmarks;

/// <summary>
/// Server-side rendering of frames decoded once (decode is in <see cref="DecodeBenchmarks"/>), one thread:
/// window/level through the composed table, then JPEG q90 or PNG; and large radiographs to a 1024 x 1024 canvas
/// (window/level at full size, bilinear resample keeping the aspect ratio, JPEG q90). The Allocated column is the
/// managed allocation per rendered frame (pooled buffers returned to the pool do not count).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[IterationTime(250)]
public class RenderBenchmarks
{
    private const int Canvas = 1024;

    private readonly MemoryStream _output = new();
    private GrayscaleWorkload _ct = null!;
    private GrayscaleWorkload _cr = null!;
    private GrayscaleWorkload _mg = null!;
    private GrayscaleLut _ctLut = null!;
    private LinearVoiKernel _ctKernel;
    private byte[] _dest8 = [];

    [GlobalSetup]
    public void Setup()
    {
        var corpus = SampleCorpus.LocateDirectory(out _);
        _ct = GrayscaleWorkload.FromFile(Path.Combine(corpus, "ct", "CT2_RLE.dcm"));
        _cr = GrayscaleWorkload.Synthetic("CR", 2500, 2048);
        _mg = GrayscaleWorkload.Synthetic("MG", 3000, 3000);
        _ctLut = new GrayscaleRenderer().GetLut(_ct.Frame, _ct.Pipeline, _ct.Options);
        _dest8 = new byte[_ct.Width * _ct.Height];
        if (!LinearVoiKernel.TryCreate(_ctLut.Key, out _ctKernel))
        {
            throw new InvalidOperationException("the CT window should take the vector kernel");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ct.Dispose();
        _cr.Dispose();
        _mg.Dispose();
    }

    [Benchmark(Description = "512x512 CT: table apply only (GrayscaleLut.Apply)")]
    public void LutApply() => _ctLut.Apply(_ct.Frame.Pixels, _dest8);

    [Benchmark(Description = "512x512 CT: vector kernel only (LinearVoiKernel.Apply)")]
    public void KernelApply() => _ctKernel.Apply(_ct.Frame.Pixels, _dest8);

    [Benchmark(Baseline = true, Description = "512x512 CT: W/L (GrayscaleRenderer.Render, cached table)")]
    public void WindowLevel() => _ct.WindowLevel(_dest8);

    [Benchmark(Description = "512x512 CT: W/L + JPEG q90")]
    public long WindowLevelJpeg() => _ct.RenderAndEncode(FrameEncoders.For(ImageFormat.Jpeg), _output);

    [Benchmark(Description = "512x512 CT: W/L + PNG")]
    public long WindowLevelPng() => _ct.RenderAndEncode(FrameEncoders.For(ImageFormat.Png), _output);

    [Benchmark(Description = "2048x2500 CR -> 839x1024 JPEG q90")]
    public long CrToCanvas() => ToCanvas(_cr);

    [Benchmark(Description = "3000x3000 MG -> 1024x1024 JPEG q90")]
    public long MgToCanvas() => ToCanvas(_mg);

    private long ToCanvas(GrayscaleWorkload workload)
    {
        using var full = workload.RenderFullSize();
        using var small = workload.Resample(full, Canvas);
        _output.Position = 0;
        _output.SetLength(0);
        FrameEncoders.For(ImageFormat.Jpeg).Encode(small, _output, 90);
        return _output.Length;
    }
}
