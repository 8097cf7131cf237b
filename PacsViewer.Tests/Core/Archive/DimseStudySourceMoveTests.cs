using System.Collections.Concurrent;
using System.Net;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Archive.Local.Index;
using PacsViewer.Core.Data;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Network.Dimse;
using PacsViewer.Core.Network.UpperLayer;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Archive;

/// <summary>
/// <see cref="DimseStudySource"/> retrieving by C-MOVE from a real Orthanc to our receiver (<see cref="StoreScp"/>
/// handing each instance to a <see cref="LocalArchive"/>, as the web app's receiver does).
/// </summary>
[Collection(OrthancCollection.Name)]
public sealed class DimseStudySourceMoveTests(OrthancFixture orthanc) : IAsyncLifetime
{
    private const string ReceiverAeTitle = "PVMOVESRC";

    private static readonly string[] BrainFiles = OrthancFixture.SampleFiles.Where(f => f.StartsWith("series/mr_brain", StringComparison.Ordinal)).ToArray();

    private readonly TempDirectory _root = new("pacs-move-source-");
    private LocalArchive? _archive;
    private DicomServer? _receiver;
    private GatedArchiveHandler? _handler;

    private LocalArchive Archive => _archive!;

    private static CancellationToken Hang => new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;

    public async Task InitializeAsync()
    {
        var database = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(_root.Path, "index.db")}" };
        _archive = new LocalArchive(new ArchiveDatabase(database), new ArchiveOptions { Path = Path.Combine(_root.Path, "archive") });
        await _archive.InitializeAsync();
        _handler = new GatedArchiveHandler(_archive);
        _receiver = new DicomServer(new DicomServerOptions { Address = IPAddress.Loopback, Port = 0 },
            new StoreScp(new StoreScpOptions { IncomingDirectory = _archive.IncomingPath, AeTitle = ReceiverAeTitle }, _handler));
        _receiver.Start();
        await orthanc.Server.AddModalityAsync(new OrthancModality("pvmovesrc", ReceiverAeTitle, _receiver.Port));
    }

    public async Task DisposeAsync()
    {
        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }
        _archive?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _root.Dispose();
    }

    private DimseStudySource Source(string destination) => new("orthanc-move", new DicomPeer("127.0.0.1", orthanc.Server.DicomPort, orthanc.Server.AeTitle),
        new DicomClient(new DicomClientOptions { CallingAeTitle = "PVMOVER", Association = AssociationOptions.Default with { DimseTimeout = TimeSpan.FromSeconds(60) } }),
        Path.Combine(_root.Path, "work"), new DimseMoveTarget(destination, Archive));

    private static DicomDataset Brain(int index) => DicomFile.Open(TestFiles.Sample(BrainFiles[index]), new DicomReaderOptions { StopBeforePixelData = true }).Dataset;

    private static string[] BrainSops() => BrainFiles.Select((_, i) => Brain(i).GetString(DicomTags.SOPInstanceUID)!).Order(StringComparer.Ordinal).ToArray();

    private static (string Study, string Series) BrainSeries() => (Brain(0).GetString(DicomTags.StudyInstanceUID)!, Brain(0).GetString(DicomTags.SeriesInstanceUID)!);

    [Fact]
    public async Task RetrieveSeriesAsync_ByMove_YieldsTheFirstInstanceBeforeTheMoveCompletes()
    {
        var (study, series) = BrainSeries();
        // The receiver holds the second instance until the consumer has the first one: the C-MOVE cannot complete
        // before that. A source that yields only after the C-MOVE would leave the gate to its time-out instead.
        _handler!.HoldSecondUntilReleased();
        var yielded = new List<string>();

        await foreach (var file in Source(ReceiverAeTitle).RetrieveSeriesAsync(study, series, Hang))
        {
            yielded.Add(file.SopInstanceUid!);
            _handler.Events.Enqueue("yielded " + file.SopInstanceUid);
            Assert.False(file.Dataset.GetBytes(DicomTags.PixelData).IsEmpty);
            _handler.Release();
        }

        Assert.True(_handler.ReleasedByConsumer, string.Join("; ", _handler.Events));
        var events = _handler.Events.ToArray();
        Assert.True(Array.IndexOf(events, "yielded " + yielded[0]) < Array.IndexOf(events, "released"), string.Join("; ", events));
        Assert.Equal(BrainSops(), yielded.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RetrieveSeriesAsync_ByMove_KeepsOneCopyOfEachInstanceAndSecondCallReadsTheArchive()
    {
        var (study, series) = BrainSeries();
        var source = Source(ReceiverAeTitle);
        var first = new List<string>();
        await foreach (var file in source.RetrieveSeriesAsync(study, series, Hang))
        {
            first.Add(file.SopInstanceUid!);
        }
        var received = _handler!.Received;

        var second = new List<string>();
        await foreach (var file in source.RetrieveSeriesAsync(study, series, Hang))
        {
            second.Add(file.SopInstanceUid!);
        }

        Assert.Equal(BrainSops(), first.Order(StringComparer.Ordinal));
        Assert.Equal(BrainSops(), second.Order(StringComparer.Ordinal));
        Assert.Equal(received, _handler.Received); // the second call moved nothing: the archive had every instance
        var copies = Directory.EnumerateFiles(_root.Path, "*", SearchOption.AllDirectories)
            .Where(IsPart10)
            .Select(p => DicomFile.Open(p, new DicomReaderOptions { StopBeforePixelData = true }).SopInstanceUid!)
            .ToList();
        Assert.Equal(BrainSops(), copies.Order(StringComparer.Ordinal)); // one file per instance: the archive's
    }

    [Fact]
    public async Task GetSeriesMetadataAsync_ByMove_YieldsEveryHeaderWithoutPixelData()
    {
        var (study, series) = BrainSeries();
        var headers = new List<DicomDataset>();

        await foreach (var header in Source(ReceiverAeTitle).GetSeriesMetadataAsync(study, series, Hang))
        {
            headers.Add(header);
        }

        Assert.Equal(BrainSops(), headers.Select(h => h.GetString(DicomTags.SOPInstanceUID)!).Order(StringComparer.Ordinal));
        Assert.All(headers, h => Assert.False(h.Contains(DicomTags.PixelData)));
    }

    [Fact]
    public async Task RetrieveSeriesAsync_PacsCannotReachTheDestination_ThrowsStudySourceException()
    {
        var (study, series) = BrainSeries();
        await orthanc.Server.AddModalityAsync(new OrthancModality("pvnowhere", "PVNOWHERE", LoopbackPort.Free()));

        var e = await Assert.ThrowsAsync<StudySourceException>(async () =>
        {
            await foreach (var file in Source("PVNOWHERE").RetrieveSeriesAsync(study, series, Hang))
            {
                Assert.Fail($"nothing can arrive, yet {file.SopInstanceUid} did");
            }
        });

        Assert.Equal("orthanc-move", e.SourceId);
        Assert.Contains("C-MOVE to PVNOWHERE ended with status", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetrieveSeriesAsync_PacsSendsElsewhere_ThrowsStudySourceExceptionNamingTheMissingInstance()
    {
        var (study, series) = BrainSeries();
        using var elsewhere = new TempDirectory("pacs-move-elsewhere-");
        await using var other = new DicomServer(new DicomServerOptions { Address = IPAddress.Loopback, Port = 0 },
            new StoreScp(new StoreScpOptions { IncomingDirectory = elsewhere.Path, AeTitle = "PVELSEWHERE" }));
        other.Start();
        await orthanc.Server.AddModalityAsync(new OrthancModality("pvelsewhere", "PVELSEWHERE", other.Port));

        var e = await Assert.ThrowsAsync<StudySourceException>(async () =>
        {
            await foreach (var file in Source("PVELSEWHERE").RetrieveSeriesAsync(study, series, Hang))
            {
                Assert.Fail($"the archive cannot get anything, yet {file.SopInstanceUid} came");
            }
        });

        Assert.Contains("completed, but instance", e.Message, StringComparison.Ordinal);
        Assert.Contains("did not reach the archive", e.Message, StringComparison.Ordinal);
        Assert.Equal(BrainFiles.Length, Directory.GetFiles(elsewhere.Path, "*.dcm").Length);
    }

    [Fact]
    public async Task GetInstanceAsync_UnknownInstance_ThrowsStudySourceException()
    {
        var (study, series) = BrainSeries();

        var e = await Assert.ThrowsAsync<StudySourceException>(() =>
            Source(ReceiverAeTitle).GetInstanceAsync(new InstanceKey(study, series, "1.2.3.4.5.6.7.8.9"), Hang));

        Assert.Equal("orthanc-move", e.SourceId);
        Assert.Contains("1.2.3.4.5.6.7.8.9", e.Message, StringComparison.Ordinal);
    }

    private static bool IsPart10(string path)
    {
        using var stream = File.OpenRead(path);
        var preamble = new byte[132];
        return stream.Read(preamble) == 132 && preamble.AsSpan(128).SequenceEqual("DICM"u8);
    }

    /// <summary>Hands each instance to the archive as the web app's handler does; can hold the second instance until released.</summary>
    private sealed class GatedArchiveHandler(LocalArchive archive) : IReceivedInstanceHandler
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _hold;
        private int _received;

        public ConcurrentQueue<string> Events { get; } = new();

        public bool ReleasedByConsumer { get; private set; }

        public int Received => Volatile.Read(ref _received);

        public void HoldSecondUntilReleased() => _hold = true;

        public void Release()
        {
            if (_gate.TrySetResult())
            {
                Events.Enqueue("released");
            }
        }

        public async Task OnReceivedAsync(ReceivedInstance instance, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _received) == 2 && _hold)
            {
                var released = await Task.WhenAny(_gate.Task, Task.Delay(TimeSpan.FromSeconds(20), cancellationToken)) == _gate.Task;
                ReleasedByConsumer = released;
                Events.Enqueue(released ? "second instance let through by the consumer" : "second instance let through by time-out");
            }
            var result = await archive.AddIncomingFileAsync(instance.Path, cancellationToken);
            Assert.True(result.IsInArchive, result.Reason);
        }
    }
}
