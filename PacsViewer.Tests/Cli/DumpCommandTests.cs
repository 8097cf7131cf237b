using System.Text.Json;

namespace PacsViewer.Tests.Cli;

public class DumpCommandTests
{
    private static readonly string Good = Path.Combine(TestFiles.PydicomTestFiles, "CT_small.dcm");
    private static readonly string Encapsulated = Path.Combine(TestFiles.PydicomTestFiles, "JPEG2000.dcm");

    [Fact]
    public async Task Dump_GoodFile_PrintsTreeWithMetaAndDatasetSections()
    {
        var (code, output, error) = await CliRunner.RunAsync("dump", Good);

        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("# Dicom-Meta-Information-Header", output, StringComparison.Ordinal);
        Assert.Contains("# Dicom-Data-Set", output, StringComparison.Ordinal);
        var lines = output.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("(0002,0010) UI [1.2.840.10008.1.2.1]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("(0028,0010) US 128 ", StringComparison.Ordinal) && l.EndsWith("#      2, 1 Rows", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("(7FE0,0010) OW ", StringComparison.Ordinal) && l.Contains("32768, 1 Pixel Data", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dump_EncapsulatedFile_SummarisesFragments()
    {
        var (code, output, _) = await CliRunner.RunAsync("dump", Encapsulated);

        Assert.Equal(0, code);
        Assert.Contains("(PixelSequence #=", output, StringComparison.Ordinal);
        Assert.Contains("(FFFE,E000) pi (fragment 1)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dump_StopBeforePixels_LeavesPixelDataOut()
    {
        var (code, output, _) = await CliRunner.RunAsync("dump", "--stop-before-pixels", Good);

        Assert.Equal(0, code);
        Assert.DoesNotContain("(7FE0,0010)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DumpJson_GoodFile_MergesMetaAndDatasetSortedWithPixelDataUri()
    {
        var (code, output, error) = await CliRunner.RunAsync("dump", "--json", Good);

        Assert.Equal(0, code);
        Assert.Equal("", error);
        using var doc = JsonDocument.Parse(output);
        var keys = doc.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        Assert.DoesNotContain("00020000", keys); // PS3.18 F.2.2: no group lengths
        Assert.Equal("1.2.840.10008.1.2.1", doc.RootElement.GetProperty("00020010").GetProperty("Value")[0].GetString());
        Assert.Equal(128, doc.RootElement.GetProperty("00280010").GetProperty("Value")[0].GetInt32());
        var uri = doc.RootElement.GetProperty("7FE00010").GetProperty("BulkDataURI").GetString();
        Assert.Equal(new Uri(Good).AbsoluteUri + "#7FE00010", uri);
    }

    [Fact]
    public async Task DumpJson_NoPixelData_OmitsPixelData()
    {
        var (code, output, _) = await CliRunner.RunAsync("dump", "--json", "--no-pixel-data", Encapsulated);

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.False(doc.RootElement.TryGetProperty("7FE00010", out _));
        Assert.True(doc.RootElement.TryGetProperty("00280010", out _));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Dump_CorruptFile_ExitsOneWithOneLineOnStderr(bool json)
    {
        var corrupt = Path.Combine(TestFiles.SamplesDirectory, "corrupt", "MR_truncated.dcm");

        var (code, output, error) = await CliRunner.RunAsync(json ? ["dump", "--json", corrupt] : ["dump", corrupt]);

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.Contains("MR_truncated.dcm", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dump_NonDicomFile_ExitsOneWithOneLineOnStderr()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pacs-not-dicom-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(path, string.Concat(Enumerable.Repeat("This is plain text, not DICOM.\n", 20)));
        try
        {
            var (code, output, error) = await CliRunner.RunAsync("dump", path);

            Assert.Equal(1, code);
            Assert.Equal("", output);
            Assert.Single(error.TrimEnd('\n').Split('\n'));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Dump_MissingFile_ExitsOneWithOneLineOnStderr()
    {
        var (code, output, error) = await CliRunner.RunAsync("dump", "/nonexistent/missing.dcm");

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.Contains("missing.dcm", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("dump")]
    [InlineData("frobnicate", "x.dcm")]
    [InlineData("dump", "--bogus", "x.dcm")]
    public async Task Run_UsageError_ExitsTwo(params string[] args)
    {
        var (code, output, error) = await CliRunner.RunAsync(args);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.NotEqual("", error);
    }

    [Fact]
    public async Task Run_NoArguments_PrintsUsageOnStderrExitsTwo()
    {
        var (code, output, error) = await CliRunner.RunAsync();

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("dump <file>", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Help_ListsOnlyExistingCommands()
    {
        var (code, output, _) = await CliRunner.RunAsync("--help");

        Assert.Equal(0, code);
        foreach (var verb in new[] { "dump", "render", "echo", "store", "find", "get", "move", "serve", "import" })
        {
            Assert.Contains($"  {verb} ", output, StringComparison.Ordinal);
        }
    }
}
