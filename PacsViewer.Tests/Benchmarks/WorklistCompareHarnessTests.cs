using System.Text.RegularExpressions;
using PacsViewer.Core.Worklist;

namespace PacsViewer.Tests.Benchmarks;

/// <summary>
/// Smoke test of the worklist benchmark (<c>PacsViewer.Benchmarks --worklist-compare</c>) on a tiny table: a SQLite file
/// and a throwaway PostgreSQL cluster, migrated, loaded with 500 synthetic studies, every page request timed twice.
/// The harness itself checks each page (its size, and the same total on both providers) and fails otherwise; this test
/// checks that it ran through and that the report names every query with figures for both providers. No timing is
/// asserted.
/// </summary>
public sealed partial class WorklistCompareHarnessTests
{
    private static readonly string[] Filters =
    [
        "primary-key read of 50 rows (reference)", "default order (priority, newest), page 1", "default order, page 10",
        "modality CT, last 12 months", "modality MR, last 12 months, by date newest", "Unread + In progress, assigned to me",
        "Unread, unassigned", "Stat + Urgent, not Final", "patient name prefix", "patient ID exact", "accession exact", "description *KNEE*",
    ];

    [Fact]
    public async Task WorklistCompare_FiveHundredRowsTwoRounds_ReportsEveryQueryOnBothProviders()
    {
        var (exitCode, report, errors) = await BenchmarksProcess.RunAsync(TimeSpan.FromMinutes(4), "--worklist-compare", "--rows", "500", "--iterations", "2");

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{errors}\n{report}");
        Assert.Contains("| query | matches | SQLite median ms | SQLite p95 ms | SQLite / reference | PostgreSQL median ms | PostgreSQL p95 ms | PostgreSQL / reference |",
            report, StringComparison.Ordinal);
        Assert.Contains("# Worklist page query, 500 studies (2 rounds", report, StringComparison.Ordinal);
        var sorts = Enum.GetValues<WorklistSortField>().SelectMany(f => f == WorklistSortField.Priority
            ? new[] { $"sort {f} descending" }
            : [$"sort {f} ascending", $"sort {f} ascending, page 10", $"sort {f} descending"]);
        var lines = report.Split('\n');
        foreach (var query in Filters.Concat(sorts))
        {
            var line = lines.FirstOrDefault(l => l.StartsWith($"| {query} |", StringComparison.Ordinal)
                                                 || (query == "patient name prefix" && l.StartsWith($"| {query} ", StringComparison.Ordinal)));
            Assert.True(line is not null, $"no row '{query}' in:\n{report}");
            // Matches, then median, p95 and ratio for each of the two providers.
            Assert.Matches(SixFigures(), line);
        }
        Assert.Contains("accession exact | 1 |", report, StringComparison.Ordinal);
        Assert.Matches(GoalLine(), report);
    }

    [GeneratedRegex(@"^\| [^|]+ \| [0-9]+ \|( [0-9]+\.[0-9] \|){6}")]
    private static partial Regex SixFigures();

    [GeneratedRegex(@"(Every page query's p95 is under the 50 ms goal on both providers\.|Over the 50 ms goal \(p95\): )")]
    private static partial Regex GoalLine();
}
