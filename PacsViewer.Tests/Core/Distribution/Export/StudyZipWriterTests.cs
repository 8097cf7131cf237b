using System.IO.Compression;
using System.Text.RegularExpressions;
using PacsViewer.Core.Archive.Demo;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Dicom.IO.DicomDir;
using PacsViewer.Core.Distribution;
using PacsViewer.Core.Distribution.Export;

namespace PacsViewer.Tests.Core.Distribution.Export;

public sealed partial class StudyZipWriterTests
{
    /// <summary>The demo MR (24 slices), CR and US: three patients, three studies, 26 objects.</summary>
    internal static List<string> WriteDemoFiles(string folder, int count = 26)
    {
        var paths = new List<string>();
        foreach (var file in DemoStudyGenerator.CreateRandom().GenerateAll().Skip(DemoStudyGenerator.ObjectCount - 26).Take(count))
        {
            var path = Path.Combine(folder, $"demo{paths.Count:D3}.dcm");
            DicomFileWriter.Write(path, file);
            paths.Add(path);
        }
        return paths;
    }

    [Fact]
    public async Task WriteAsync_DemoStudiesToNonSeekableStream_DcmdumpAndPydicomReadEveryFileThroughDicomDir()
    {
        using var temp = new TempDirectory();
        var source = Directory.CreateDirectory(temp.File("src")).FullName;
        var paths = WriteDemoFiles(source);
        var expected = paths.Select(p => DicomFile.Open(p).SopInstanceUid!).ToHashSet();
        var zipPath = temp.File("study.zip");
        StudyZipResult result;
        await using (var file = File.Create(zipPath))
        {
            var destination = new WriteOnlyForwardStream(file);
            result = await ExportTestSupport.ExportAsync(new StudyZipWriter(), paths, destination);
            Assert.True(destination.BytesWritten > result.DicomBytes);
        }
        Assert.Equal((26, 0, 0), (result.Written, result.Skipped, result.Failed));

        // Entries: 26 files under PS3.12 File IDs, then the DICOMDIR last; streamed, so each has a data descriptor.
        using (var zip = await ZipFile.OpenReadAsync(zipPath))
        {
            Assert.Equal(27, zip.Entries.Count);
            Assert.Equal(StudyZipWriter.DicomDirEntryName, zip.Entries[^1].FullName);
            Assert.All(zip.Entries.SkipLast(1), e => Assert.Matches("^DICOM(/[A-Z0-9_]{1,8}){4}$", e.FullName));
        }
        var (unzipExit, unzipOutput) = await ExportTestSupport.RunAsync("/usr/bin/unzip", ["-t", zipPath]);
        Assert.True(unzipExit == 0, unzipOutput);

        var folder = temp.File("out");
        ExportTestSupport.Extract(zipPath, folder);
        var dicomDir = Path.Combine(folder, "DICOMDIR");

        // Our own reader follows the record offsets strictly.
        var directory = DicomDirectory.Open(dicomDir);
        Assert.Empty(directory.Warnings);
        Assert.Equal(3, directory.RootRecords.Length);
        Assert.Equal(3 + 3 + 3 + 26, directory.EnumerateRecords().Count());

        // dcmdump reads the DICOMDIR, then every file it references.
        var (dumpExit, dump) = await ExportTestSupport.RunAsync("/usr/bin/dcmdump", ["-q", dicomDir]);
        Assert.True(dumpExit == 0, dump);
        var fileIds = FileIdLine().Matches(dump).Select(m => m.Groups[1].Value.Replace('\\', '/')).ToList();
        Assert.Equal(26, fileIds.Count);
        var (filesExit, filesDump) = await ExportTestSupport.RunAsync("/usr/bin/dcmdump", ["-q", .. fileIds.Select(id => Path.Combine(folder, id))]);
        Assert.True(filesExit == 0, filesDump);
        Assert.All(expected, uid => Assert.Contains($"[{uid}]", filesDump, StringComparison.Ordinal));

        // pydicom's FileSet reads the DICOMDIR strictly and loads each instance through its record.
        var (pyExit, py) = await ExportTestSupport.PythonAsync(ExportTestSupport.PydicomFileSetScript, dicomDir);
        Assert.True(pyExit == 0, py);
        var loaded = py.Split('\n').Where(l => l.StartsWith("INSTANCE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[1]).ToHashSet();
        Assert.Equal(expected, loaded);
        Assert.Contains("FILESET PACSVIEWER", py, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_UnreadableInstance_ReportedFailedAndTheRestWritten()
    {
        using var temp = new TempDirectory();
        var paths = WriteDemoFiles(temp.Path, count: 3);
        var (instances, byUid) = ExportTestSupport.Plan(paths);
        await File.WriteAllBytesAsync(byUid[instances[1].SopInstanceUid], new byte[300]); // no longer DICOM
        var outcomes = new List<ExportItemResult>();
        using var output = new MemoryStream();
        var result = await new StudyZipWriter().WriteAsync(output, instances,
            (i, ct) => Task.FromResult(DicomFile.Open(byUid[i.SopInstanceUid], null, ct)),
            (r, ct) => { outcomes.Add(r); return Task.CompletedTask; }, CancellationToken.None);

        Assert.Equal((2, 0, 1), (result.Written, result.Skipped, result.Failed));
        Assert.Equal([TransferItemState.Done, TransferItemState.Failed, TransferItemState.Done], outcomes.Select(o => o.State));
        Assert.NotNull(outcomes[1].Message);
        output.Position = 0;
        using var zip = new ZipArchive(output, ZipArchiveMode.Read);
        Assert.Equal(3, zip.Entries.Count); // two files and the DICOMDIR
    }

    [Fact]
    public async Task WriteAsync_DestinationFails_ThrowsTheDestinationsError()
    {
        using var temp = new TempDirectory();
        var paths = WriteDemoFiles(temp.Path, count: 4);
        var destination = new FailingStream(failAfterBytes: 200_000);
        var error = await Assert.ThrowsAsync<IOException>(() => ExportTestSupport.ExportAsync(new StudyZipWriter(), paths, destination));
        Assert.Equal("the client went away", error.Message);
    }

    [GeneratedRegex(@"\(0004,1500\) CS \[([^\]]+)\]")]
    private static partial Regex FileIdLine();

    /// <summary>Like an HTTP response body: write only, no length, no position, no seeking.</summary>
    private sealed class WriteOnlyForwardStream(Stream inner) : Stream
    {
        public long BytesWritten { get; private set; }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("synchronous write");

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken);
            BytesWritten += buffer.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    }

    private sealed class FailingStream(long failAfterBytes) : Stream
    {
        private long _written;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("synchronous write");

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _written += buffer.Length;
            return _written > failAfterBytes ? ValueTask.FromException(new IOException("the client went away")) : ValueTask.CompletedTask;
        }
    }
}
