using System.Diagnostics;
using System.Text.RegularExpressions;

namespace PacsViewer.Tests.Benchmarks;

/// <summary>
/// Smoke test of the retrieval benchmark (<c>PacsViewer.Benchmarks --retrieve-compare</c>): one round over a 5-slice
/// series against a real Orthanc, getscu, movescu and curl. The harness itself checks every retrieval (file count and
/// SOP Instance UIDs) and fails otherwise; this test checks that it ran through and that the report has its shape. No
/// timing is asserted.
/// </summary>
public sealed partial class RetrieveCompareHarnessTests
{
    private static readonly string[] Rows =
    [
        "| PacsViewer C-GET", "| dcmtk `getscu`", "| PacsViewer C-MOVE", "| dcmtk `movescu --port`", "| PacsViewer WADO-RS", "| `curl`",
        "| C-GET / getscu", "| C-GET without fsync / getscu", "| PacsViewer C-GET without fsync", "| C-MOVE / movescu", "| WADO-RS / getscu", "| WADO-RS / curl",
        "| PacsViewer WADO-RS streamed", "| PacsViewer WADO-RS into the retrieval cache", "| WADO-RS streamed / getscu", "| WADO-RS into the retrieval cache / getscu",
    ];

    [Fact]
    public async Task RetrieveCompare_OneRoundFiveSlices_ReportsEveryMethodAndChecksTheFiles()
    {
        var benchmarks = BenchmarksAssembly();
        Assert.True(File.Exists(benchmarks), $"{benchmarks} is missing (the test project builds PacsViewer.Benchmarks through a project reference)");
        var info = new ProcessStartInfo("dotnet", [benchmarks, "--retrieve-compare", "--rounds", "1", "--slices", "5"])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true); // its finally blocks do not run: Orthanc is a child and dies with the tree
            throw;
        }
        var report = await stdout;
        var errors = await stderr;

        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}\n{errors}\n{report}");
        foreach (var row in Rows)
        {
            var line = report.Split('\n').FirstOrDefault(l => l.StartsWith(row, StringComparison.Ordinal)); // the first: "getscu" also starts "getscu, then fsync"
            Assert.True(line is not null, $"no row '{row}' in:\n{report}");
            Assert.Matches(NumberCell(), line);
        }
        Assert.Contains("Every retrieval was checked: 5 files", report, StringComparison.Ordinal);
        Assert.Contains("getscu: 1.2.840.10008.1.2.1", report, StringComparison.Ordinal);
    }

    /// <summary>The Benchmarks assembly built in the same configuration as this test assembly (bin/CONFIG/TFM/).</summary>
    private static string BenchmarksAssembly()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent!;
        var root = configuration.Parent!.Parent!.Parent!.FullName;
        return Path.Combine(root, "PacsViewer.Benchmarks", "bin", configuration.Name, output.Name, "PacsViewer.Benchmarks.dll");
    }

    [GeneratedRegex(@"\| [0-9]+(\.[0-9]+)? \|")]
    private static partial Regex NumberCell();
}
