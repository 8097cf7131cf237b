using System.IO.Compression;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Data;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Distribution;
using PacsViewer.Core.Distribution.Export;
using PacsViewer.Core.Viewing;

using PacsViewer.Tests.Core.Archive;

namespace PacsViewer.Tests.Core.Distribution.Export;

/// <summary>
/// Export jobs cut off mid-way: by a host stop (the runner's StopAsync, then a new host on the same database), after a
/// crash that left files behind, and with an object of the interrupted run gone from the source. The built-in archive
/// holds the demo MR (24 objects); the ZIP is checked with unzip, dcmdump (its DICOMDIR, then every file it references)
/// and against the job's counters.
/// </summary>
public sealed partial class ExportJobResumeTests : TransferJobTestBase
{
    private const int Objects = 24;
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    protected override Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        Task.FromResult(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "app.db")}" });

    private string ExportFolder => Get<IOptions<ExportOptions>>().Value.ResolveFolder(Get<IOptions<ArchiveOptions>>().Value.Path);

    private string[] FilesOfJob(long id) =>
        Directory.Exists(ExportFolder) ? Directory.GetFiles(ExportFolder, $"export-{id}-*").Order(StringComparer.Ordinal).ToArray() : [];

    /// <summary>The handler over the built-in archive of the current services, seen through a <see cref="GatedStudySource"/>.</summary>
    private async Task<(ExportJobHandler Handler, GatedStudySource Source)> NewHandlerAsync(int blockAt = 0)
    {
        await Get<LocalArchive>().InitializeAsync();
        Assert.True(Get<StudySourceCatalog>().TryGet(Source, out var archive));
        var gated = new GatedStudySource(archive, blockAt);
        return (new ExportJobHandler(new StudySourceCatalog([gated]), Get<IOptions<ExportOptions>>(), Get<IOptions<ArchiveOptions>>()), gated);
    }

    /// <summary>Stores the demo MR in the built-in archive and queues an Export job of it (as stored).</summary>
    private async Task<(long Id, HashSet<string> Sops)> QueueDemoExportAsync(TempDirectory temp)
    {
        var archive = Get<LocalArchive>();
        await archive.InitializeAsync();
        var sops = new HashSet<string>(StringComparer.Ordinal);
        string? study = null;
        foreach (var path in StudyZipWriterTests.WriteDemoFiles(temp.Path, count: Objects))
        {
            var file = DicomFile.Open(path);
            var stored = await archive.AddAsync(file);
            Assert.True(stored.IsInArchive, stored.ToString());
            sops.Add(file.SopInstanceUid!);
            study ??= file.Dataset.GetFirstString(DicomTags.StudyInstanceUID);
        }
        Assert.Equal(Objects, sops.Count);
        Assert.True(Get<StudySourceCatalog>().TryGet(Source, out var source));
        var job = await ExportService.NewJobAsync(source, "radiologist", study!, null, new ExportJobParameters(), CancellationToken.None);
        return (await Get<ITransferJobQueue>().EnqueueAsync(job), sops);
    }

    [Fact]
    public async Task StopAsync_HostStopsMidExport_NextHostWritesOneCompleteZipAndCleansUp()
    {
        using var temp = new TempDirectory();
        var (id, sops) = await QueueDemoExportAsync(temp);

        // The first host stops while the 10th object is being read: 9 are in its partial file.
        var (before, gate) = await NewHandlerAsync(blockAt: 10);
        var host = NewRunner(before);
        await host.StartAsync(CancellationToken.None);
        await gate.Reached.Task.WaitAsync(Guard);
        var part = Assert.Single(FilesOfJob(id));
        Assert.EndsWith(".zip.part", part, StringComparison.Ordinal);
        var running = await JobAsync(id);
        Assert.Equal((TransferJobState.Running, 9, (string?)null), (running.State, running.DoneObjects, running.ResultPath));

        await host.StopAsync(CancellationToken.None);
        host.Dispose();
        var stopped = await JobAsync(id);
        Assert.Equal((TransferJobState.Queued, 9, (string?)null, (string?)null), (stopped.State, stopped.DoneObjects, stopped.ResultPath, stopped.LeaseOwner));
        Assert.Empty(FilesOfJob(id)); // the stopped run deleted its partial file: nothing can serve it

        // What a crash of the same job would leave: a partial file, and a ZIP renamed but never recorded.
        Directory.CreateDirectory(ExportFolder);
        await File.WriteAllBytesAsync(Path.Combine(ExportFolder, $"export-{id}-crashed.zip.part"), new byte[1000]);
        await File.WriteAllBytesAsync(Path.Combine(ExportFolder, $"export-{id}-unrecorded.zip"), new byte[1000]);

        await RestartAsync();
        var (after, reader) = await NewHandlerAsync();
        var next = NewRunner(after);
        await next.StartAsync(CancellationToken.None);
        try
        {
            using var wait = new CancellationTokenSource(Guard);
            while ((await JobAsync(id)).State is TransferJobState.Queued or TransferJobState.Running)
            {
                await Task.Delay(50, wait.Token);
            }
        }
        finally
        {
            await next.StopAsync(CancellationToken.None);
            next.Dispose();
        }

        var job = await JobAsync(id);
        Assert.True(job.State == TransferJobState.Succeeded, $"{job.State}: {job.LastError}");
        Assert.Equal((Objects, Objects, 0, 1), (job.TotalObjects, job.DoneObjects, job.FailedObjects, job.Attempts));
        var items = await ItemsAsync(id);
        Assert.All(items, i => Assert.Equal((TransferItemState.Done, 1), (i.State, i.Attempts))); // none counted twice
        Assert.Equal(job.DoneBytes, items.Sum(i => i.Bytes));
        Assert.Equal(Objects, reader.Opened); // the resumed run wrote the whole ZIP again

        // Only the recorded result is left in the folder.
        Assert.NotNull(job.ResultPath);
        Assert.Equal([Path.GetFullPath(job.ResultPath)], FilesOfJob(id));

        await AssertCompleteZipAsync(job, sops, temp.File("out"));
    }

    [Fact]
    public async Task RunAsync_ObjectOfTheInterruptedRunGoneFromTheSource_RunFailsWithoutAnyResultFile()
    {
        using var temp = new TempDirectory();
        var (id, _) = await QueueDemoExportAsync(temp);
        var (first, gate) = await NewHandlerAsync(blockAt: 6);
        using (var stop = new CancellationTokenSource())
        {
            var run = first.RunAsync(new DatabaseTransferJobContext(Get<PacsViewerDatabase>(), await JobAsync(id), Clock), stop.Token);
            await gate.Reached.Task.WaitAsync(Guard);
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Guard));
        }
        var items = await ItemsAsync(id);
        Assert.Equal(5, items.Count(i => i.State == TransferItemState.Done));
        Assert.Empty(FilesOfJob(id));

        // The second object, done by the first run, can no longer be read: the new ZIP would lack an object counted done.
        var (second, source) = await NewHandlerAsync();
        source.Missing.Add(items[1].SopInstanceUid!);
        var context = new DatabaseTransferJobContext(Get<PacsViewerDatabase>(), await JobAsync(id), Clock);
        var error = await Assert.ThrowsAsync<IOException>(() => second.RunAsync(context, CancellationToken.None));

        Assert.Contains(items[1].Label!, error.Message, StringComparison.Ordinal);
        Assert.Contains("earlier run", error.Message, StringComparison.Ordinal);
        Assert.Empty(FilesOfJob(id));
        var job = await JobAsync(id);
        Assert.Equal((5, 0, (string?)null), (job.DoneObjects, job.FailedObjects, job.ResultPath));
    }

    /// <summary>
    /// The job's ZIP: every object once under a PS3.12 File ID and the DICOMDIR last; the DICOM entries' sizes add up to
    /// the job's bytes; unzip tests it; dcmdump reads the DICOMDIR and every file it references, which are the study's.
    /// </summary>
    private static async Task AssertCompleteZipAsync(TransferJob job, HashSet<string> sops, string folder)
    {
        var zipPath = job.ResultPath!;
        using (var zip = await ZipFile.OpenReadAsync(zipPath))
        {
            Assert.Equal(Objects + 1, zip.Entries.Count);
            Assert.Equal(zip.Entries.Count, zip.Entries.Select(e => e.FullName).Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(StudyZipWriter.DicomDirEntryName, zip.Entries[^1].FullName);
            Assert.Equal(job.DoneBytes, zip.Entries.SkipLast(1).Sum(e => e.Length));
        }
        var (unzipExit, unzipOutput) = await ExportTestSupport.RunAsync("/usr/bin/unzip", ["-t", zipPath]);
        Assert.True(unzipExit == 0, unzipOutput);

        ExportTestSupport.Extract(zipPath, folder);
        var (dumpExit, dump) = await ExportTestSupport.RunAsync("/usr/bin/dcmdump", ["-q", Path.Combine(folder, StudyZipWriter.DicomDirEntryName)]);
        Assert.True(dumpExit == 0, dump);
        var fileIds = FileIdLine().Matches(dump).Select(m => m.Groups[1].Value.Replace('\\', '/')).ToList();
        Assert.Equal(Objects, fileIds.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Objects, fileIds.Count);
        var (filesExit, filesDump) = await ExportTestSupport.RunAsync("/usr/bin/dcmdump", ["-q", "+P", "0008,0018", .. fileIds.Select(f => Path.Combine(folder, f))]);
        Assert.True(filesExit == 0, filesDump);
        var read = SopLine().Matches(filesDump).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(sops.Order(StringComparer.Ordinal), read.Order(StringComparer.Ordinal));
    }

    [GeneratedRegex(@"\(0004,1500\) CS \[([^\]]+)\]")]
    private static partial Regex FileIdLine();

    [GeneratedRegex(@"\(0008,0018\) UI \[([^\]]+)\]")]
    private static partial Regex SopLine();

    /// <summary>
    /// A real study source seen through a gate: the <c>blockAt</c>-th object read waits until the run is cancelled
    /// (the host stops), and objects in <see cref="Missing"/> are no longer found. Everything else is the source's.
    /// </summary>
    private sealed class GatedStudySource(IStudySource inner, int blockAt) : ForwardingStudySource(inner)
    {
        private int _opened;

        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HashSet<string> Missing { get; } = new(StringComparer.Ordinal);

        public int Opened => Volatile.Read(ref _opened);

        public override async Task<DicomFile> GetInstanceAsync(InstanceKey key, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _opened) == blockAt)
            {
                Reached.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            if (Missing.Contains(key.SopInstanceUid))
            {
                throw new StudyObjectNotFoundException(Id, $"object {key.SopInstanceUid} is no longer in the source");
            }
            return await base.GetInstanceAsync(key, cancellationToken);
        }
    }
}
