using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PacsViewer.Core;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Imaging;
using PacsViewer.Core.Imaging.Caching;

namespace PacsViewer.Tests.Core.Imaging.Caching;

/// <summary>A real corpus frame decoded through services wired by AddPacsViewerCore.</summary>
public sealed class DecodedFrameCacheExtensionsTests
{
    [Fact]
    public async Task GetFrameAsync_CorpusRleFrameThroughCoreServices_DecodesOnceAndMatchesDirectRead()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Cache:MemoryBytes"] = "16777216" })
            .Build();
        await using var provider = new ServiceCollection().AddPacsViewerCore(configuration).BuildServiceProvider();
        var reader = provider.GetRequiredService<FrameReader>();
        var cache = provider.GetRequiredService<DecodedFrameCache>();
        var file = DicomFile.Open(TestFiles.Sample("ct/CT2_RLE.dcm"));
        using var expected = reader.ReadFrame(file, 0);

        using (var first = await cache.GetFrameAsync(reader, "local", file, 0))
        {
            Assert.True(first.Frame.Pixels.SequenceEqual(expected.Pixels));
        }
        using var second = await cache.GetFrameAsync(reader, "local", file, 0);

        Assert.Equal(16777216, cache.BudgetBytes);
        var key = new FrameCacheKey("local", file.Dataset.GetString(DicomTags.SOPInstanceUID)!, 0);
        Assert.True(cache.Contains(key));
        Assert.Equal(1, cache.Count);
        Assert.Equal(expected.Length, cache.CachedBytes);
        Assert.True(second.Frame.Pixels.SequenceEqual(expected.Pixels));
    }
}
