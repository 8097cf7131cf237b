using PacsViewer.Cli;
using PacsViewer.Core.Archive.Demo;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Tests.Core.Network;

namespace PacsViewer.Tests.Cli;

/// <summary><c>pacs demo</c>: the generated demo studies written as Part 10 files.</summary>
public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_Seed_WritesEveryObjectReadableByDcmdump()
    {
        using var dir = new TempDirectory("pv-cli-demo-");

        var (code, output, error) = await CliRunner.RunAsync("demo", "-o", dir.Path, "--seed", "7");

        Assert.True(code == 0, error);
        var files = Directory.GetFiles(dir.Path, "*.dcm", SearchOption.AllDirectories);
        Assert.Equal(DemoStudyGenerator.ObjectCount, files.Length);
        Assert.Equal(120 + 24, Directory.GetFiles(Path.Combine(dir.Path, "CT")).Length); // axial and coronal
        Assert.Equal(24, Directory.GetFiles(Path.Combine(dir.Path, "MR")).Length);
        Assert.Single(Directory.GetFiles(Path.Combine(dir.Path, "CR")));
        Assert.Single(Directory.GetFiles(Path.Combine(dir.Path, "US")));
        Assert.StartsWith($"{DemoStudyGenerator.ObjectCount} files written to ", output);
        var (exit, dump) = await DcmtkProcess.RunAsync("dcmdump", "-q", Path.Combine(dir.Path, "US", "0001.dcm"));
        Assert.True(exit == 0, dump);
        Assert.Contains("(0008,0060) CS [US]", dump);
        Assert.DoesNotContain("W: ", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("E: ", dump, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_SameSeedTwice_SameUids()
    {
        using var first = new TempDirectory("pv-cli-demo-");
        using var second = new TempDirectory("pv-cli-demo-");

        var a = await CliRunner.RunAsync("demo", "-o", first.Path, "--seed", "42");
        var b = await CliRunner.RunAsync("demo", "-o", second.Path, "--seed", "42");
        var c = await CliRunner.RunAsync("demo", "-o", Path.Combine(second.Path, "other"));

        Assert.True(a.ExitCode == 0 && b.ExitCode == 0 && c.ExitCode == 0, a.Error + b.Error + c.Error);
        string Uid(string root) => DicomFile.Open(Path.Combine(root, "CR", "0001.dcm")).Dataset.GetString(DicomTags.SOPInstanceUID)!;
        Assert.Equal(Uid(first.Path), Uid(second.Path));
        Assert.NotEqual(Uid(first.Path), Uid(Path.Combine(second.Path, "other")));
    }

    [Fact]
    public async Task Demo_NoOutput_UsageError()
    {
        var (code, _, error) = await CliRunner.RunAsync("demo");

        Assert.Equal(CliApp.UsageError, code);
        Assert.Contains("--output", error);
    }
}
