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
        var (exitCode, report, errors) = await BenchmarksProcess.RunAsync(TimeSpan.FromMinutes(4), "--retrieve-compare", "--rounds", "1", "--warmup", "1", "--slices", "5");

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{errors}\n{report}");
        foreach (var row in Rows)
        {
            var line = report.Split('\n').FirstOrDefault(l => l.StartsWith(row, StringComparison.Ordinal)); // the first: "getscu" also starts "getscu, then fsync"
            Assert.True(line is not null, $"no row '{row}' in:\n{report}");
            Assert.Matches(NumberCell(), line);
        }
        Assert.Contains("Every retrieval was checked: 5 files", report, StringComparison.Ordinal);
        Assert.Contains("getscu: 1.2.840.10008.1.2.1", report, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\| [0-9]+(\.[0-9]+)? \|")]
    private static partial Regex NumberCell();
}
