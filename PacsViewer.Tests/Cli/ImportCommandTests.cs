using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Archive.Local.Index;
using PacsViewer.Core.Data;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Tests.Cli;

public sealed class ImportCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pacs-import-").FullName;

    private string Input => Path.Combine(_folder, "input");

    private string ArchivePath => Path.Combine(_folder, "data", "archive");

    private static string SeriesFolder => TestFiles.Sample("series/mr_brain_ge_axial_pd");

    private void CopySeries()
    {
        Directory.CreateDirectory(Path.Combine(Input, "a", "b"));
        foreach (var file in Directory.EnumerateFiles(SeriesFolder, "*.dcm"))
        {
            File.Copy(file, Path.Combine(Input, "a", "b", Path.GetFileName(file)));
        }
    }

    [Fact]
    public async Task Import_SeriesFolder_StoresAllAndArchiveFindsThem()
    {
        CopySeries();
        var count = Directory.GetFiles(SeriesFolder, "*.dcm").Length;

        var (code, output, error) = await CliRunner.RunAsync("import", Input, "--archive", ArchivePath);

        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Equal($"{count} files: {count} stored, 0 duplicates, 0 rejected, 0 skipped", output.Trim());
        Assert.True(File.Exists(Path.Combine(_folder, "data", "pacsviewer.db")));
        using var archive = new LocalArchive(
            new ArchiveDatabase(new DatabaseOptions { ConnectionString = $"Data Source={Path.Combine(_folder, "data", "pacsviewer.db")}" }),
            new ArchiveOptions { Path = ArchivePath });
        var studies = new List<PacsViewer.Core.Dicom.DicomDataset>();
        await foreach (var s in archive.SearchStudiesAsync(new StudyQuery()))
        {
            studies.Add(s);
        }
        Assert.Equal(count, Assert.Single(studies).GetInt32(DicomTags.NumberOfStudyRelatedInstances, -1));
    }

    [Fact]
    public async Task Import_BadAndDuplicateFiles_ReportsEachAndExits1()
    {
        CopySeries();
        await File.WriteAllTextAsync(Path.Combine(Input, "notes.txt"), "not DICOM");
        File.Copy(TestFiles.Sample("corrupt/MR_truncated.dcm"), Path.Combine(Input, "truncated.dcm"));
        File.Copy(Path.Combine(SeriesFolder, "brain_001.dcm"), Path.Combine(Input, "copy_of_001.dcm"));
        var count = Directory.GetFiles(SeriesFolder, "*.dcm").Length;

        var (code, output, error) = await CliRunner.RunAsync("import", Input, "--archive", ArchivePath);

        Assert.Equal(1, code);
        var lines = output.Trim().Split('\n');
        Assert.Equal($"{count + 3} files: {count} stored, 1 duplicates, 2 rejected, 0 skipped", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("duplicate: ", StringComparison.Ordinal) && l.Contains("copy_of_001.dcm", StringComparison.Ordinal));
        var errors = error.Trim().Split('\n');
        Assert.Equal(2, errors.Length);
        Assert.Contains(errors, l => l.StartsWith("rejected: ", StringComparison.Ordinal) && l.Contains("notes.txt", StringComparison.Ordinal));
        Assert.Contains(errors, l => l.StartsWith("rejected: ", StringComparison.Ordinal) && l.Contains("truncated.dcm", StringComparison.Ordinal));
        // Nothing of the rejected files was kept, and the inputs are untouched.
        Assert.Equal(count, Directory.GetFiles(Path.Combine(ArchivePath, "objects"), "*", SearchOption.AllDirectories).Length);
        Assert.Empty(Directory.GetFiles(Path.Combine(ArchivePath, "tmp")));
        Assert.True(File.Exists(Path.Combine(Input, "notes.txt")));
    }

    [Fact]
    public async Task Import_MissingDirectory_OneLineAndExit1()
    {
        var (code, output, error) = await CliRunner.RunAsync("import", Path.Combine(_folder, "nope"), "--archive", ArchivePath);

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("is not a directory", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_UnreachableDatabase_OneLineWithoutStackTraceAndExit1()
    {
        CopySeries();

        var (code, _, error) = await CliRunner.RunAsync("import", Input, "--archive", ArchivePath,
            "--provider", "Postgres", "--database", "Host=127.0.0.1;Port=1;Username=x;Database=x;Timeout=3");

        Assert.Equal(1, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith("pacs import: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_NoDirectory_UsageErrorExit2()
    {
        var (code, _, error) = await CliRunner.RunAsync("import");

        Assert.Equal(2, code);
        Assert.StartsWith("pacs: ", error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
