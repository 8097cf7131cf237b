using BenchmarkDotNet.Attributes;
using PacsViewer.Core.Imaging.Geometry;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace PacsViewer.Benchmarks;

/// <summary>
/// ImageSharp 2.1.13 PNG encoding of one rendered 8-bit frame (already windowed, wrapped without a copy) for each
/// deflate level and row filter the encoder offers, to show where the PNG time goes: at level 0 (stored, no deflate)
/// only the row filter and the chunk writing remain, so level N minus level 0 is ImageSharp's managed deflate.
/// Two images: the 512x512 CT sample (large uniform background) and a synthetic noisy 839x1024 radiograph.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[IterationTime(250)]
public class PngOptionsBenchmarks
{
    private readonly MemoryStream _output = new();
    private RenderedImage _image = null!;
    private PngEncoder _encoder = null!;

    [Params("CT 512x512", "synthetic CR 839x1024")]
    public string Image { get; set; } = "";

    [Params(PngCompressionLevel.Level0, PngCompressionLevel.Level1, PngCompressionLevel.Level2, PngCompressionLevel.Level6)]
    public PngCompressionLevel Level { get; set; }

    [Params(PngFilterMethod.None, PngFilterMethod.Sub, PngFilterMethod.Up, PngFilterMethod.Paeth, PngFilterMethod.Adaptive)]
    public PngFilterMethod Filter { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        using var workload = Image.StartsWith("CT", StringComparison.Ordinal)
            ? GrayscaleWorkload.FromFile(Path.Combine(SampleCorpus.LocateDirectory(out _), "ct", "CT2_RLE.dcm"))
            : GrayscaleWorkload.Synthetic("CR", 1024, 839);
        _image = workload.RenderFullSize();
        _encoder = new PngEncoder
        {
            ColorType = PngColorType.Grayscale,
            BitDepth = PngBitDepth.Bit8,
            CompressionLevel = Level,
            FilterMethod = Filter,
            ChunkFilter = PngChunkFilter.ExcludeAll,
            IgnoreMetadata = true,
        };
        Console.WriteLine($"// {Image} {Level} {Filter}: {Encode()} bytes");
    }

    [GlobalCleanup]
    public void Cleanup() => _image.Dispose();

    [Benchmark(Description = "ImageSharp PNG encode (grey, wrapped buffer)")]
    public long Encode()
    {
        _output.Position = 0;
        _output.SetLength(0);
        using var wrapped = SixLabors.ImageSharp.Image.WrapMemory<L8>(_image.Memory, _image.Width, _image.Height);
        wrapped.Save(_output, _encoder);
        return _output.Length;
    }
}
