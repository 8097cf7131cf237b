using System.Text.Json;
using PacsViewer.Cli;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Tests.Core.Network;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Cli;

/// <summary>The network verbs with an http:// DICOMweb target: a real Orthanc with its DICOMweb plugin on 127.0.0.1.</summary>
[Collection(OrthancCollection.Name)]
public sealed class DicomWebCommandsTests(OrthancFixture orthanc)
{
    private const string BrainFolder = "series/mr_brain_ge_axial_pd";

    private string Web => orthanc.Server.DicomWebRoot.ToString().TrimEnd('/');

    private string Dimse => $"dicom://{orthanc.Server.AeTitle}@127.0.0.1:{orthanc.Server.DicomPort}";

    private static string BrainUid(PacsViewer.Core.Dicom.DicomTag tag) =>
        DicomFile.Open(TestFiles.Sample($"{BrainFolder}/brain_001.dcm")).Dataset.GetString(tag)!;

    private static string[] BrainSopUids() => Enumerable.Range(1, 20)
        .Select(i => DicomFile.Open(TestFiles.Sample($"{BrainFolder}/brain_{i:000}.dcm")).Dataset.GetString(DicomTags.SOPInstanceUID)!)
        .Order(StringComparer.Ordinal).ToArray();

    private static void AssertOneLine(string error)
    {
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public async Task Echo_DicomWebRoot_ReportsHttpStatus()
    {
        var (code, output, error) = await CliRunner.RunAsync("echo", Web);

        Assert.True(code == 0, error);
        Assert.Contains("HTTP 200 OK (QIDO-RS GET /dicom-web/studies)", output);
    }

    [Fact]
    public async Task Echo_PathWithoutDicomWeb_OneLineWith404AndPathNoQuery()
    {
        var (code, _, error) = await CliRunner.RunAsync("echo", $"http://127.0.0.1:{orthanc.Server.HttpPort}/no-such-root");

        Assert.Equal(CliApp.Failure, code);
        AssertOneLine(error);
        Assert.StartsWith("pacs echo: DICOMweb GET /no-such-root/studies: HTTP 404 NotFound", error);
        Assert.DoesNotContain("limit", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Echo_NothingListening_OneLineNamingTheConnection()
    {
        var (code, _, error) = await CliRunner.RunAsync("echo", $"http://127.0.0.1:{LoopbackPort.Free()}/dicom-web", "--timeout", "5");

        Assert.Equal(CliApp.Failure, code);
        AssertOneLine(error);
        Assert.StartsWith("pacs echo: DICOMweb GET /dicom-web/studies: the request failed (ConnectionError)", error);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/dicom-web", "is not dicom://CALLED_AE@host:port nor http(s)://")]
    [InlineData("http://viewer:secret@127.0.0.1:1/dicom-web", "carries no credentials")]
    [InlineData("http://127.0.0.1:1/dicom-web?x=1", "without a query string")]
    [InlineData("ORTHANC@127.0.0.1", "is not dicom://CALLED_AE@host:port")]
    public async Task Echo_MalformedTarget_OneLineExit1(string target, string expected)
    {
        var (code, _, error) = await CliRunner.RunAsync("echo", target);

        Assert.Equal(CliApp.Failure, code);
        AssertOneLine(error);
        Assert.Contains(expected, error);
        Assert.DoesNotContain("secret", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Echo_UserAndToken_OneLineExit1()
    {
        var (code, _, error) = await CliRunner.RunAsync("echo", Web, "--user", "a", "--password", "b", "--token", "t");

        Assert.Equal(CliApp.Failure, code);
        AssertOneLine(error);
        Assert.Contains("either a user name and password or a bearer token", error);
    }

    [Fact]
    public async Task Find_StudyLevel_SameKeysAndTextAsDimseFind()
    {
        string[] keys = ["--level", "study", "-k", $"StudyInstanceUID={BrainUid(DicomTags.StudyInstanceUID)}", "-k", "PatientID", "-k", "ModalitiesInStudy"];

        var web = await CliRunner.RunAsync(["find", Web, .. keys]);
        var dimse = await CliRunner.RunAsync(["find", Dimse, .. keys]);

        Assert.True(web.ExitCode == 0, web.Error);
        Assert.True(dimse.ExitCode == 0, dimse.Error);
        Assert.Single(Lines(web.Output));
        Assert.Contains($"StudyInstanceUID={BrainUid(DicomTags.StudyInstanceUID)}", web.Output);
        Assert.Contains($"PatientID={BrainUid(DicomTags.PatientID)}", web.Output);
        // Orthanc's C-FIND SCP adds Retrieve AE Title (0008,0054) unasked; apart from it the lines are the same.
        Assert.Equal(dimse.Output.Replace($"RetrieveAETitle={orthanc.Server.AeTitle}  ", "", StringComparison.Ordinal), web.Output);
        Assert.Equal("1 result(s)", web.Error.Trim());
    }

    [Fact]
    public async Task Find_SeriesLevelJson_SeriesOfTheStudy()
    {
        var (code, output, error) = await CliRunner.RunAsync("find", Web, "--level", "series", "-k", $"StudyInstanceUID={BrainUid(DicomTags.StudyInstanceUID)}",
            "-k", "Modality", "--json");

        Assert.True(code == 0, error);
        var line = Assert.Single(Lines(output));
        var root = JsonDocument.Parse(line).RootElement;
        Assert.Equal(BrainUid(DicomTags.SeriesInstanceUID), root.GetProperty("0020000E").GetProperty("Value")[0].GetString());
        Assert.Equal("MR", root.GetProperty("00080060").GetProperty("Value")[0].GetString());
        Assert.False(root.TryGetProperty("00081190", out _), "only the keys asked for are printed, as a C-FIND SCP answers");
    }

    [Fact]
    public async Task Find_ImageLevel_EveryInstanceOfTheSeries()
    {
        var (code, output, error) = await CliRunner.RunAsync("find", Web, "--level", "image",
            "-k", $"StudyInstanceUID={BrainUid(DicomTags.StudyInstanceUID)}", "-k", $"SeriesInstanceUID={BrainUid(DicomTags.SeriesInstanceUID)}", "--json");

        Assert.True(code == 0, error);
        var uids = Lines(output).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("00080018").GetProperty("Value")[0].GetString())
            .Order(StringComparer.Ordinal);
        Assert.Equal(BrainSopUids(), uids);
    }

    [Fact]
    public async Task Find_PatientLevel_UsageError()
    {
        var (code, _, error) = await CliRunner.RunAsync("find", Web, "--level", "patient");

        Assert.Equal(CliApp.UsageError, code);
        AssertOneLine(error);
        Assert.Contains("QIDO-RS has no patient level", error);
    }

    [Fact]
    public async Task Get_Study_Part10FilesOfEveryInstance()
    {
        using var dir = new TempDirectory("pv-cli-wado-");

        var (code, output, error) = await CliRunner.RunAsync("get", Web, "--study", BrainUid(DicomTags.StudyInstanceUID), "-o", dir.Path);

        Assert.True(code == 0, error);
        var files = Directory.GetFiles(dir.Path);
        Assert.All(files, f => Assert.EndsWith(".dcm", f));
        var uids = files.Select(f => DicomFile.Open(f).Dataset.GetString(DicomTags.SOPInstanceUID)).Order(StringComparer.Ordinal);
        Assert.Equal(BrainSopUids(), uids);
        Assert.Equal(20, Lines(output).Count(l => l.StartsWith("received ", StringComparison.Ordinal)));
        Assert.Contains("20 instances of the study", output);
    }

    [Fact]
    public async Task Get_Series_OnlyThatSeries()
    {
        var rle = DicomFile.Open(TestFiles.Sample("ct/CT2_RLE.dcm")).Dataset;
        using var dir = new TempDirectory("pv-cli-wado-");

        var (code, _, error) = await CliRunner.RunAsync("get", Web, "--study", rle.GetString(DicomTags.StudyInstanceUID)!,
            "--series", rle.GetString(DicomTags.SeriesInstanceUID)!, "-o", dir.Path);

        Assert.True(code == 0, error);
        var file = DicomFile.Open(Assert.Single(Directory.GetFiles(dir.Path)));
        Assert.Equal(rle.GetString(DicomTags.SOPInstanceUID), file.Dataset.GetString(DicomTags.SOPInstanceUID));
    }

    [Fact]
    public async Task Get_UnknownStudy_OneLineWithHttpStatus()
    {
        using var dir = new TempDirectory("pv-cli-wado-");

        var (code, _, error) = await CliRunner.RunAsync("get", Web, "--study", "1.2.3.4.5.6.7.8.9", "-o", dir.Path);

        Assert.Equal(CliApp.Failure, code);
        AssertOneLine(error);
        Assert.StartsWith("pacs get: DICOMweb GET /dicom-web/studies/1.2.3.4.5.6.7.8.9: HTTP 404 NotFound", error);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task Move_DicomWebTarget_UsageErrorExit2()
    {
        using var dir = new TempDirectory("pv-cli-move-");

        var (code, output, error) = await CliRunner.RunAsync("move", Web, "--study", "1.2.3", "-o", dir.Path, "--port", LoopbackPort.Free().ToString());

        Assert.Equal(CliApp.UsageError, code);
        AssertOneLine(error);
        Assert.Contains("a DICOMweb target has no move", error);
        Assert.Empty(output);
    }

    [Fact]
    public async Task Store_DemoFilesAndAJunkFile_EachReportedStoredOnesFindable()
    {
        // Its own Orthanc: the shared one must keep exactly its sample studies for the other tests.
        await using var server = await OrthancServer.StartAsync();
        var web = server.DicomWebRoot.ToString();
        using var dir = new TempDirectory("pv-cli-stow-");
        var demo = await CliRunner.RunAsync("demo", "-o", dir.Path);
        Assert.True(demo.ExitCode == 0, demo.Error);
        var junk = dir.File("junk.dcm");
        await File.WriteAllTextAsync(junk, "not DICOM");
        var cr = Path.Combine(dir.Path, "CR", "0001.dcm");
        var us = Path.Combine(dir.Path, "US", "0001.dcm");

        var (code, output, error) = await CliRunner.RunAsync("store", web, cr, us, junk);

        Assert.Equal(CliApp.Failure, code);
        Assert.Equal("pacs store: 1 of 3 files were not stored", error.Trim());
        var lines = Lines(output);
        Assert.Equal(3, lines.Length);
        Assert.Contains($"stored {cr} (HTTP 200)", lines);
        Assert.Contains($"stored {us} (HTTP 200)", lines);
        Assert.Single(lines, l => l.StartsWith($"FAILED {junk}: ", StringComparison.Ordinal));
        Assert.Equal(2, (await server.InstanceIdsAsync()).Count);
        foreach (var file in new[] { cr, us })
        {
            var study = DicomFile.Open(file).Dataset.GetString(DicomTags.StudyInstanceUID)!;
            var find = await CliRunner.RunAsync("find", web, "-k", $"StudyInstanceUID={study}");
            Assert.True(find.ExitCode == 0, find.Error);
            Assert.Single(Lines(find.Output));
        }
    }
}
