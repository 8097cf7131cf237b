using PacsViewer.Core.Distribution.Upload;

namespace PacsViewer.Tests.Core.Distribution.Upload;

public sealed class UploadBatchTests : IDisposable
{
    private readonly TempDirectory _dir = new("upload-batch-");

    public void Dispose() => _dir.Dispose();

    private UploadBatch NewBatch(Func<UploadOptions, UploadOptions>? change = null)
    {
        var options = new UploadOptions { Folder = _dir.Path };
        return new UploadBatch(change is null ? options : change(options));
    }

    private static MemoryStream Bytes(byte[] bytes) => new(bytes, writable: false);

    [Fact]
    public async Task AddAsync_PlainFiles_StagedUnderServerNamesInsideTheFolder()
    {
        using var batch = NewBatch();
        var good = UploadTestFiles.Good().Bytes;

        await batch.AddAsync(Bytes(good), "../../etc/passwd");
        await batch.AddAsync(Bytes(UploadTestFiles.NotDicom()), "C:\\temp\\notes.txt");

        Assert.Equal(2, batch.Files.Count);
        Assert.Equal("../../etc/passwd", batch.Files[0].Label);
        Assert.Equal("C:\\temp\\notes.txt", batch.Files[1].Label);
        foreach (var file in batch.Files)
        {
            Assert.NotNull(file.StagedPath);
            Assert.Equal(batch.FolderPath, Path.GetDirectoryName(file.StagedPath));
            Assert.Matches("^[0-9]{6}\\.part$", Path.GetFileName(file.StagedPath));
        }
        Assert.Equal(good, await File.ReadAllBytesAsync(batch.Files[0].StagedPath!));
        Assert.Equal(good.Length, batch.Files[0].Bytes);
        Assert.Equal(good.Length + UploadTestFiles.NotDicom().Length, batch.TotalBytes);
    }

    [Fact]
    public async Task AddAsync_Zip_ExpandedEntryByEntryWithEvilNamesAsLabelsOnly()
    {
        using var batch = NewBatch();
        var good = UploadTestFiles.Good().Bytes;
        var zip = UploadTestFiles.Zip(("study/one.dcm", good), ("../evil", UploadTestFiles.NotDicom()), ("/abs/path.dcm", good), ("folder/", []));

        await batch.AddAsync(Bytes(zip), "upload.zip");

        Assert.Equal(["upload.zip: study/one.dcm", "upload.zip: ../evil", "upload.zip: /abs/path.dcm"], batch.Files.Select(f => f.Label));
        Assert.All(batch.Files, f => Assert.Equal(batch.FolderPath, Path.GetDirectoryName(f.StagedPath)));
        Assert.Equal(good, await File.ReadAllBytesAsync(batch.Files[0].StagedPath!));
        // Nothing was written outside the batch's folder, and the ZIP itself is gone.
        Assert.Equal([batch.FolderPath], Directory.EnumerateFileSystemEntries(_dir.Path));
        Assert.Equal(3, Directory.EnumerateFiles(batch.FolderPath).Count());
    }

    [Fact]
    public async Task AddAsync_ZipBomb_RefusedAsOneFileWithTheRatio()
    {
        using var batch = NewBatch(o => o with { MaxCompressionRatio = 100, RatioCheckMinBytes = 1024 * 1024 });
        var zeros = new byte[20 * 1024 * 1024];
        var zip = UploadTestFiles.Zip(("a.dcm", UploadTestFiles.Good().Bytes), ("zeros.dcm", zeros));

        await batch.AddAsync(Bytes(zip), "bomb.zip");
        await batch.AddAsync(Bytes(UploadTestFiles.Good().Bytes), "after.dcm");

        Assert.Equal(2, batch.Files.Count);
        var refused = batch.Files[0];
        Assert.Equal("bomb.zip", refused.Label);
        Assert.Null(refused.StagedPath);
        Assert.StartsWith("ZIP refused: entry zeros.dcm expands ", refused.Error, StringComparison.Ordinal);
        Assert.Contains("(limit 100): a ZIP bomb?", refused.Error, StringComparison.Ordinal);
        Assert.Equal("after.dcm", batch.Files[1].Label);
        // The bomb's first entry was not kept.
        Assert.Single(Directory.EnumerateFiles(batch.FolderPath));
    }

    [Fact]
    public async Task AddAsync_ZipWithTooManyEntries_Refused()
    {
        using var batch = NewBatch(o => o with { MaxZipEntries = 2 });
        var zip = UploadTestFiles.Zip(("1", [1]), ("2", [2]), ("3", [3]));

        await batch.AddAsync(Bytes(zip), "many.zip");

        Assert.Equal("ZIP refused: it has 3 entries, more than the limit of 2", Assert.Single(batch.Files).Error);
    }

    [Fact]
    public async Task AddAsync_BrokenZip_RefusedAsNotReadable()
    {
        using var batch = NewBatch();
        var zip = UploadTestFiles.Zip(("a.dcm", UploadTestFiles.Good().Bytes));

        await batch.AddAsync(Bytes(zip[..(zip.Length / 2)]), "half.zip");

        Assert.StartsWith("ZIP refused: not a readable ZIP", Assert.Single(batch.Files).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAsync_FileOverTheLimit_ThrowsUploadLimitNamingIt()
    {
        using var batch = NewBatch(o => o with { MaxFileBytes = 100 });

        var e = await Assert.ThrowsAsync<UploadLimitException>(() => batch.AddAsync(Bytes(new byte[101]), "big.dcm"));

        Assert.Equal("The file 'big.dcm' is larger than the limit of 100 bytes per file.", e.Message);
    }

    [Fact]
    public async Task AddAsync_TooManyFiles_ThrowsUploadLimit()
    {
        using var batch = NewBatch(o => o with { MaxFiles = 2 });
        await batch.AddAsync(Bytes([1]), "1");
        await batch.AddAsync(Bytes([2]), "2");

        var e = await Assert.ThrowsAsync<UploadLimitException>(() => batch.AddAsync(Bytes([3]), "3"));

        Assert.Contains("more than 2 files", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAsync_ZipExpandingOverTheTotal_ThrowsUploadLimit()
    {
        using var batch = NewBatch(o => o with { MaxTotalBytes = 50_000 });
        var zip = UploadTestFiles.Zip(("a", new byte[40_000]), ("b", new byte[40_000]));

        var e = await Assert.ThrowsAsync<UploadLimitException>(() => batch.AddAsync(Bytes(zip), "z.zip"));

        Assert.Contains("larger than the limit of 50000 bytes", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(batch.FolderPath));
    }

    [Fact]
    public async Task Dispose_NotKept_DeletesTheStagedFiles()
    {
        string folder;
        using (var batch = NewBatch())
        {
            await batch.AddAsync(Bytes([1, 2, 3]), "x");
            folder = batch.FolderPath;
            Assert.True(Directory.Exists(folder));
        }

        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task Dispose_Kept_LeavesTheStagedFilesForTheJob()
    {
        string path;
        using (var batch = NewBatch())
        {
            await batch.AddAsync(Bytes([1, 2, 3]), "x");
            path = batch.Files[0].StagedPath!;
            batch.Keep();
        }

        Assert.True(File.Exists(path));
    }

    [Theory]
    [InlineData("scan\u0000.dcm", "scan.dcm")]
    [InlineData("a\r\nb\u202Egpj.exe", "abgpj.exe")]
    [InlineData("   ", "fallback")]
    [InlineData(null, "fallback")]
    public void Sanitize_ControlAndFormatCharacters_Dropped(string? name, string expected)
    {
        Assert.Equal(expected, UploadLabel.Sanitize(name, "fallback"));
    }

    [Fact]
    public void Sanitize_LongName_BoundedWithEllipsis()
    {
        var label = UploadLabel.Sanitize(new string('x', 1000), "f");

        Assert.Equal(UploadLabel.MaxLength, label.Length);
        Assert.EndsWith("…", label, StringComparison.Ordinal);
    }
}
