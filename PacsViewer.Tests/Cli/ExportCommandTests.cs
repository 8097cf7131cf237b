using System.IO.Compression;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Dicom.IO.DicomDir;
using PacsViewer.Tests.Core.Distribution.Export;

namespace PacsViewer.Tests.Cli;

/// <summary><c>pacs export</c> from the built-in archive (filled by <c>pacs import</c>), without the web app.</summary>
public sealed class ExportCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("pacs-export-cli-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Export_ArchiveStudyDeidentified_WritesZipWithDicomDirAndProgress()
    {
        var input = Directory.CreateDirectory(_temp.File("in")).FullName;
        var paths = StudyZipWriterTests.WriteDemoFiles(input, count: 24);
        var study = DicomFile.Open(paths[0]).Dataset.GetFirstString(DicomTags.StudyInstanceUID)!;
        var archive = _temp.File("data/archive");
        var (importCode, _, importError) = await CliRunner.RunAsync("import", input, "--archive", archive);
        Assert.True(importCode == 0, importError);

        var zip = _temp.File("out.zip");
        var (code, output, error) = await CliRunner.RunAsync("export", "--zip", zip, "--from", "archive", "--study", study,
            "--deidentify", "--pseudonym", "CLI-7", "--archive", archive);
        Assert.True(code == 0, error);
        Assert.Contains("24 objects", output, StringComparison.Ordinal);
        Assert.Contains("progress: 24/24", error, StringComparison.Ordinal);
        Assert.False(File.Exists(zip + ".part"));

        var folder = _temp.File("unzipped");
        await ZipFile.ExtractToDirectoryAsync(zip, folder);
        var directory = DicomDirectory.Open(Path.Combine(folder, "DICOMDIR"));
        var patient = Assert.Single(directory.RootRecords);
        Assert.Equal("CLI-7", patient.Dataset.GetString(DicomTags.PatientID));
        Assert.Equal(1 + 1 + 1 + 24, directory.EnumerateRecords().Count());
    }

    [Fact]
    public async Task Export_UnknownStudy_OneLineErrorAndExitCode1()
    {
        var archive = _temp.File("data/archive");
        var (code, _, error) = await CliRunner.RunAsync("export", "--zip", _temp.File("x.zip"), "--from", "archive", "--study", "1.2.3.4", "--archive", archive);
        Assert.Equal(1, code);
        Assert.StartsWith("pacs export: ", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(File.Exists(_temp.File("x.zip")));
    }
}
