using System.Globalization;
using System.Text.RegularExpressions;

namespace PacsViewer.Tests.Benchmarks;

/// <summary>
/// Smoke test of the load test (<c>PacsViewer.Benchmarks --load-test</c>) at its smallest: two viewers for one second
/// per run and one circuit. Checks that it ran through, that every run answered frames without errors, and that the
/// memory line has figures. No timing is asserted.
/// </summary>
public sealed partial class LoadTestHarnessTests
{
    [Fact]
    [Trait("Category", "Browser")]
    public async Task LoadTest_TwoViewersOneSecondOneCircuit_ReportsEveryRunWithoutErrors()
    {
        var (exitCode, report, errors) = await BenchmarksProcess.RunAsync(TimeSpan.FromMinutes(6),
            "--load-test", "--viewers", "2", "--seconds", "1", "--circuits", "1");

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{errors}\n{report}");
        Assert.Contains("| run | frames | frames/s | p50 ms | p95 ms | p99 ms | errors |", report, StringComparison.Ordinal);
        foreach (var run in new[] { "2 viewers, 20 frames/s each", "2 viewers, flat out", "1 viewer, flat out (reference)" })
        {
            var line = report.Split('\n').FirstOrDefault(l => l.StartsWith("| " + run, StringComparison.Ordinal));
            Assert.True(line is not null, $"no row '{run}' in:\n{report}");
            var match = Row().Match(line);
            Assert.True(match.Success, line);
            Assert.True(int.Parse(match.Groups["frames"].Value, CultureInfo.InvariantCulture) > 0, line);
            Assert.Equal("0", match.Groups["errors"].Value);
        }
        Assert.Matches(MemoryLine(), report);
    }

    [GeneratedRegex(@"\| (?<frames>[0-9]+) \| [0-9]+\.[0-9] \|( [0-9]+\.[0-9] \|){3} (?<errors>[0-9]+) \|")]
    private static partial Regex Row();

    [GeneratedRegex(@"Memory per circuit \(1 viewer pages open on the demo CT, after a full GC\): managed heap -?[0-9]+\.[0-9]{2} MiB, working set -?[0-9]+\.[0-9]{2} MiB")]
    private static partial Regex MemoryLine();
}
