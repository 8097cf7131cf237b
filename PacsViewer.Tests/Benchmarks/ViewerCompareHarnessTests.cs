using System.Text.RegularExpressions;

namespace PacsViewer.Tests.Benchmarks;

/// <summary>
/// Smoke test of the browser benchmark (<c>PacsViewer.Benchmarks --viewer-compare</c>): one iteration without warm-up
/// and a 3-slice scroll, against the real app on Kestrel and headless system Chromium. Checks that it ran through and
/// that every row of the report carries numbers. No timing is asserted.
/// </summary>
[Trait("Category", "Browser")]
public sealed partial class ViewerCompareHarnessTests
{
    private static readonly string[] Rows =
    [
        "| Time to first image, demo CT, new browser context |",
        "| Time to first image, demo CT, reload (browser cache kept) |",
        "| W/L drag round trip, CT 512x512 ",
        "| W/L release to lossless PNG, CT 512x512 |",
        "| W/L drag round trip, CR 2048x2500 ",
        "| W/L release to lossless PNG, CR 2048x2500 |",
        "| Stack scroll, demo CT, 3 steps, new browser context (uncached) |",
        "| Stack scroll, demo CT, 3 steps, after reload (browser cache) |",
    ];

    [Fact]
    public async Task ViewerCompare_OneIterationThreeSlices_ReportsEveryRowWithNumbers()
    {
        var (exitCode, report, errors) = await BenchmarksProcess.RunAsync(TimeSpan.FromMinutes(5), "--viewer-compare", "--iterations", "1", "--warmup", "0", "--slices", "3");

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{errors}\n{report}");
        var lines = report.Split('\n');
        foreach (var row in Rows)
        {
            var line = lines.SingleOrDefault(l => l.StartsWith(row, StringComparison.Ordinal));
            Assert.True(line is not null, $"no row '{row}' in:\n{report}");
            // n, median and p95 are numbers; the reference columns (HttpClient fetch, X-Render-Ms) too.
            var cells = line.Split('|', StringSplitOptions.TrimEntries)[2..^1];
            Assert.Equal(7, cells.Length);
            Assert.Matches(Number(), cells[0]);
            Assert.True(int.Parse(cells[0], System.Globalization.CultureInfo.InvariantCulture) > 0, line);
            Assert.Matches(Number(), cells[1]);
            Assert.Matches(Number(), cells[2]);
            Assert.Matches(Number(), cells[4]);
            Assert.Matches(Number(), cells[5]);
        }
        Assert.Matches(Number(), lines.Single(l => l.StartsWith(Rows[6], StringComparison.Ordinal)).Split('|', StringSplitOptions.TrimEntries)[5]);
        Assert.Contains("load average", report, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)?$")]
    private static partial Regex Number();
}
