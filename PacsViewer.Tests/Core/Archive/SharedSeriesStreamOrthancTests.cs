using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Caching;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Archive;

/// <summary>
/// Requests for the same new series made while it streams into the cache share one series retrieval (one C-GET of
/// Orthanc through the DIMSE source as the app builds it): each gets every instance, a request that stops early stops
/// nobody else, and the retrieval stops once no request is left. The inner source is observed (its series streams
/// counted, the first one held after its first instance), never replaced.
/// </summary>
[Collection(OrthancCollection.Name)]
public sealed class SharedSeriesStreamOrthancTests(OrthancFixture orthanc) : IAsyncLifetime
{
    private const string SourceName = "orthanc-shared";

    private static readonly string[] BrainFiles = OrthancFixture.SampleFiles.Where(f => f.StartsWith("series/mr_brain", StringComparison.Ordinal)).ToArray();

    private readonly TempDirectory _cacheFolder = new("pacsviewer-shared-cache-");
    private ServiceProvider? _provider;

    private static CancellationToken Hang => new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;

    public Task InitializeAsync()
    {
        _provider = OrthancDimseProvider.Build(orthanc, SourceName, "PVSHARED", _cacheFolder.Path);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
        _cacheFolder.Dispose();
    }

    private RetrievalCache Cache => _provider!.GetRequiredService<RetrievalCache>();

    /// <summary>A caching source as the app builds it, over the observed DIMSE source.</summary>
    private (CachingStudySource Source, ObservedStagingSource Observed) Build()
    {
        var built = Assert.IsType<CachingStudySource>(_provider!.GetRequiredKeyedService<IStudySource>(SourceName));
        var observed = new ObservedStagingSource(Assert.IsAssignableFrom<IStagingStudySource>(built.Inner));
        return (new CachingStudySource(observed, Cache), observed);
    }

    private static (string Study, string Series, string[] Sops) Brain()
    {
        var first = DicomFile.Open(TestFiles.Sample(BrainFiles[0])).Dataset;
        var sops = BrainFiles.Select(f => DicomFile.Open(TestFiles.Sample(f)).Dataset.GetString(DicomTags.SOPInstanceUID)!).Order(StringComparer.Ordinal).ToArray();
        return (first.GetString(DicomTags.StudyInstanceUID)!, first.GetString(DicomTags.SeriesInstanceUID)!, sops);
    }

    [Fact]
    public async Task RetrieveSeriesAsync_SecondRequestJoinsWhileTheSeriesStreams_OneCGetAndBothGetEveryInstance()
    {
        var (study, series, sops) = Brain();
        var (source, observed) = Build();
        observed.HoldAfterFirst();

        await using var first = source.RetrieveSeriesAsync(study, series, Hang).GetAsyncEnumerator();
        var firstSops = new List<string>();
        Assert.True(await first.MoveNextAsync());
        firstSops.Add(TakeSop(first.Current));
        // The stream is held after its first instance: the second request joins it mid-way.
        await using var second = source.RetrieveSeriesAsync(study, series, Hang).GetAsyncEnumerator();
        var secondSops = new List<string>();
        Assert.True(await second.MoveNextAsync());
        secondSops.Add(TakeSop(second.Current));
        observed.Release();
        while (await first.MoveNextAsync())
        {
            firstSops.Add(TakeSop(first.Current));
        }
        while (await second.MoveNextAsync())
        {
            secondSops.Add(TakeSop(second.Current));
        }

        Assert.Equal(1, observed.SeriesStreams);
        Assert.Equal(firstSops[0], secondSops[0]); // the instance that came before the second request joined, replayed to it
        Assert.Equal(sops, firstSops.Order(StringComparer.Ordinal));
        Assert.Equal(sops, secondSops.Order(StringComparer.Ordinal));
        Assert.Equal(firstSops, secondSops); // both in the order the stream brought them
        Assert.All(sops, sop => Assert.True(Cache.Contains(SourceName, new InstanceKey(study, series, sop))));
        Assert.Equal(0, Cache.SeriesStreamsRunning);
        var purge = Cache.Purge(SourceName); // every lease given back, the stream's own included
        Assert.Equal((sops.Length, 0), (purge.Removed, purge.Leased));
    }

    [Fact]
    public async Task RetrieveSeriesAsync_FirstRequestStopsEarly_TheOtherStillGetsEveryInstanceFromTheSameCGet()
    {
        var (study, series, sops) = Brain();
        var (source, observed) = Build();
        observed.HoldAfterFirst();

        var second = new List<string>();
        await using (var first = source.RetrieveSeriesAsync(study, series, Hang).GetAsyncEnumerator())
        {
            Assert.True(await first.MoveNextAsync());
            TakeSop(first.Current);
            await using var follower = source.RetrieveSeriesAsync(study, series, Hang).GetAsyncEnumerator();
            Assert.True(await follower.MoveNextAsync());
            second.Add(TakeSop(follower.Current));
            await first.DisposeAsync(); // the request that started the stream goes away (a viewer closed)
            observed.Release();
            while (await follower.MoveNextAsync())
            {
                second.Add(TakeSop(follower.Current));
            }
        }

        Assert.Equal(1, observed.SeriesStreams);
        Assert.Equal(sops, second.Order(StringComparer.Ordinal));
        Assert.Equal(0, Cache.SeriesStreamsRunning);
        var purge = Cache.Purge(SourceName);
        Assert.Equal((sops.Length, 0), (purge.Removed, purge.Leased));
    }

    [Fact]
    public async Task RetrieveSeriesAsync_OnlyRequestStops_TheRetrievalStopsAndANewRequestStartsAnother()
    {
        var (study, series, sops) = Brain();
        var (source, observed) = Build();
        observed.HoldAfterFirst();

        await using (var only = source.RetrieveSeriesAsync(study, series, Hang).GetAsyncEnumerator())
        {
            Assert.True(await only.MoveNextAsync());
            TakeSop(only.Current);
        } // disposed: no request left, so the series retrieval is stopped (and awaited)
        var runningAfterStop = Cache.SeriesStreamsRunning;
        observed.Release();
        var again = new List<string>();
        await foreach (var lease in source.RetrieveSeriesAsync(study, series, Hang))
        {
            again.Add(TakeSop(lease));
        }

        Assert.Equal(0, runningAfterStop);
        Assert.True(observed.Stopped, "the first series stream was not cancelled when its only request left");
        Assert.Equal(sops, again.Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetFiles(Cache.Staging.DirectoryPath, "*.part"));
    }

    private static string TakeSop(CachedInstance lease)
    {
        using (lease)
        {
            return lease.File.SopInstanceUid!;
        }
    }

    /// <summary>
    /// The DIMSE source, observed: its series streams are counted, and the first one can be held after its first
    /// instance until <see cref="Release"/>.
    /// </summary>
    private sealed class ObservedStagingSource(IStagingStudySource inner) : ForwardingStagingStudySource(inner)
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _hold;
        private int _seriesStreams;

        public int SeriesStreams => Volatile.Read(ref _seriesStreams);

        /// <summary>Whether a held stream saw its cancellation.</summary>
        public bool Stopped { get; private set; }

        public void HoldAfterFirst() => _hold = true;

        public void Release() => _released.TrySetResult();

        public override async IAsyncEnumerable<StagedInstance> StageSeriesAsync(string studyInstanceUid, string seriesInstanceUid, InstanceStaging staging,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var hold = Interlocked.Increment(ref _seriesStreams) == 1 && _hold;
            var count = 0;
            await foreach (var staged in base.StageSeriesAsync(studyInstanceUid, seriesInstanceUid, staging, cancellationToken))
            {
                yield return staged;
                if (++count == 1 && hold)
                {
                    try
                    {
                        await _released.Task.WaitAsync(cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                        Stopped = true;
                        throw;
                    }
                }
            }
        }
    }
}
