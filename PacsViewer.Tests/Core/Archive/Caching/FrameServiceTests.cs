using Microsoft.Extensions.Options;
using PacsViewer.Core.Archive.Caching;
using PacsViewer.Core.Codecs;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Imaging;
using PacsViewer.Core.Imaging.Caching;

namespace PacsViewer.Tests.Core.Archive.Caching;

public sealed class FrameServiceTests : IDisposable
{
    private static readonly TimeSpan HangDetector = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _directory = new("pacsviewer-cache-");
    private readonly FolderStudySource _inner = FolderStudySource.MrSeries();
    private readonly FrameReader _reader = new(DefaultCodecs.CreateDefault());

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task GetFrameAsync_ConcurrentRequestsThroughRetrievalCache_OneRetrievalOneDecodeMatchingFrameReader()
    {
        using var frames = new DecodedFrameCache(Options.Create(new CacheOptions { MemoryBytes = 64L * 1024 * 1024 }));
        using var cache = RetrievalCacheTests.CreateCache(_directory.Path);
        var source = new CachingStudySource(_inner, cache);
        var service = new FrameService(frames, _reader);
        var key = _inner.Keys[12];
        var gate = _inner.Block(key);

        var requests = Enumerable.Range(0, 10).Select(_ => service.GetFrameAsync(source, key, 0).AsTask()).ToArray();
        await gate.Started.WaitAsync(HangDetector);
        gate.Release();
        var leases = await Task.WhenAll(requests).WaitAsync(HangDetector);
        using var expected = _reader.ReadFrame(DicomFile.Open(_inner.PathOf(key)), 0);

        Assert.Equal(1, _inner.Retrievals(key));
        Assert.All(leases, l => Assert.Same(leases[0].Frame, l.Frame)); // One decode shared by all.
        Assert.True(leases[0].Frame.Pixels.SequenceEqual(expected.Pixels));
        Assert.Equal(expected.Length, frames.CachedBytes);
        Assert.True(frames.Contains(new FrameCacheKey(_inner.Id, key.SopInstanceUid, 0)));
        foreach (var lease in leases)
        {
            lease.Dispose();
        }
    }

    [Fact]
    public async Task GetFrameAsync_SourceWithoutCache_ReadsThroughGetInstance()
    {
        using var frames = new DecodedFrameCache(Options.Create(new CacheOptions()));
        var service = new FrameService(frames, _reader);
        var key = _inner.Keys[13];

        using (var first = await service.GetFrameAsync(_inner, key, 0))
        {
            using var expected = _reader.ReadFrame(DicomFile.Open(_inner.PathOf(key)), 0);
            Assert.True(first.Frame.Pixels.SequenceEqual(expected.Pixels));
        }
        using var second = await service.GetFrameAsync(_inner, key, 0);

        Assert.Equal(1, _inner.Retrievals(key)); // The second came from the decoded-frame cache.
    }
}
