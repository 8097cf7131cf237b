namespace PacsViewer.Tests.Cli;

/// <summary>
/// Every failure of a verb is one line, <c>pacs VERB: PATH: reason</c>, naming the path once (regression: "pacs
/// dump missing.dcm" printed the file name from Core and then .NET's full path again, render printed it three times).
/// </summary>
public sealed class CliErrorTests : IDisposable
{
    private readonly TempDirectory _temp = new("pv-cli-errors-");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("dump", "missing", "no such file")]
    [InlineData("render", "missing", "no such file")]
    [InlineData("dump", "missing-directory", "no such directory")]
    [InlineData("render", "missing-directory", "no such directory")]
    [InlineData("dump", "directory", "is a directory, not a file")]
    [InlineData("render", "directory", "is a directory, not a file")]
    [InlineData("dump", "text", "not a DICOM file")]
    [InlineData("render", "text", "not a DICOM file")]
    [InlineData("dump", "truncated", "beyond the end of the data")]
    [InlineData("render", "truncated", "beyond the end of the data")]
    public async Task Run_BadInput_OneLineNamingThePathOnce(string verb, string kind, string reason)
    {
        var path = kind switch
        {
            "missing" => _temp.File("absent-input.dcm"),
            "missing-directory" => Path.Combine(_temp.Path, "no-such-dir", "absent-input.dcm"),
            "directory" => Directory.CreateDirectory(_temp.File("a-directory.dcm")).FullName,
            "text" => Write(_temp.File("plain-text.dcm"), "This is plain text, not DICOM.\n"),
            _ => TestFiles.Sample("corrupt/MR_truncated.dcm"),
        };
        string[] args = verb == "dump" ? ["dump", path] : ["render", path, "-o", _temp.File("out.png")];

        var (code, output, error) = await CliRunner.RunAsync(args);

        Assert.Equal(1, code);
        Assert.Equal("", output);
        var line = Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith($"pacs {verb}: {path}: ", line, StringComparison.Ordinal);
        Assert.Contains(reason, line, StringComparison.Ordinal);
        Assert.Equal(1, Occurrences(line, Path.GetFileName(path)));
    }

    [Fact]
    public async Task Render_OutputDirectoryMissing_NamesTheOutputPathOnce()
    {
        var input = TestFiles.Sample("ct/CT-MONO2-16-ankle.dcm");
        var outPath = Path.Combine(_temp.Path, "no-such-dir", "out.png");

        var (code, output, error) = await CliRunner.RunAsync("render", input, "-o", outPath);

        Assert.Equal(1, code);
        Assert.Equal("", output);
        var line = Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.Equal($"pacs render: {outPath}: no such directory", line);
    }

    private static string Write(string path, string line)
    {
        File.WriteAllText(path, string.Concat(Enumerable.Repeat(line, 20)));
        return path;
    }

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
