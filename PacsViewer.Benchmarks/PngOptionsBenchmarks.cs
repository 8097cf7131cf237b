using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using PacsViewer.Core.Imaging.Encoding;
using PacsViewer.Core.Imaging.Geometry;

namespace PacsViewer.Benchmarks;

/// <summary>
/// Our PNG encoder (<see cref="PngFrameEncoder"/>) on one rendered 8-bit frame for each row filter, zlib level and
/// zlib strategy worth trying, to choose the defaults: level 0 (stored) leaves only the filtering, the chunking and
/// the CRCs, so level N minus level 0 is zlib-ng's deflate. Two images: the 512x512 CT sample (large uniform
/// background) and a synthetic noisy 839x1024 radiograph. The encoded size is printed per case.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[IterationTime(250)]
public class PngOptionsBenchmarks
{
    private readonly MemoryStream _output = new();
    private RenderedImage _image = null!;
    private PngFrameEncoder _encoder = null!;

    [Params("CT 512x512", "synthetic CR 839x1024")]
    public string Image { get; set; } = "";

    [Params(0, 1, 2, 6)]
    public int Level { get; set; }

    [Params("None", "Sub", "Up")]
    public string Filter { get; set; } = "";

    [Params(ZLibCompressionStrategy.Default, ZLibCompressionStrategy.RunLengthEncoding)]
    public ZLibCompressionStrategy Strategy { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        using var workload = Image.StartsWith("CT", StringComparison.Ordinal)
            ? GrayscaleWorkload.FromFile(Path.Combine(SampleCorpus.LocateDirectory(out _), "ct", "CT2_RLE.dcm"))
            : GrayscaleWorkload.Synthetic("CR", 1024, 839);
        _image = workload.RenderFullSize();
        _encoder = new PngFrameEncoder(Enum.Parse<PngRowFilter>(Filter), Level, Strategy);
        Console.WriteLine($"// {Image} level {Level} {Filter} {Strategy}: {Encode()} bytes");
    }

    [GlobalCleanup]
    public void Cleanup() => _image.Dispose();

    [Benchmark(Description = "PNG encode (grey)")]
    public long Encode()
    {
        _output.Position = 0;
        _output.SetLength(0);
        _encoder.Encode(_image, _output);
        return _output.Length;
    }
}
