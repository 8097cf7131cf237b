using System.CommandLine;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Archive.Local.Index;
using PacsViewer.Core.Data;

namespace PacsViewer.Cli.Commands;

/// <summary>
/// <c>pacs import DIR</c>: copies every DICOM file under DIR into the built-in archive and indexes it. Prints the
/// counts, then one line per file that was not stored (duplicates on standard output, rejections on standard
/// error). Exit code 1 when any file was rejected or the archive cannot be opened, 2 for a bad command line.
/// </summary>
internal sealed class ImportCommand
{
    private readonly Argument<string> _directory = new("directory") { Description = "The folder to import (walked recursively)." };
    private readonly Option<string> _archive = new("--archive")
    {
        Description = "The archive's root folder.",
        DefaultValueFactory = _ => ArchiveOptions.DefaultPath,
    };
    private readonly Option<DatabaseProvider> _provider = new("--provider")
    {
        Description = "The index database: Sqlite or Postgres.",
        DefaultValueFactory = _ => DatabaseProvider.Sqlite,
    };
    private readonly Option<string?> _database = new("--database")
    {
        Description = "The index's connection string (default: SQLite file pacsviewer.db beside the archive folder, as the web app uses).",
    };

    public static Command Create() => new ImportCommand().Build();

    private Command Build()
    {
        var command = new Command("import", "Import a folder of DICOM files into the built-in archive.")
        {
            _directory, _archive, _provider, _database,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var directory = parse.GetValue(_directory)!;
        var archivePath = Path.GetFullPath(parse.GetValue(_archive)!);
        var database = new DatabaseOptions
        {
            Provider = parse.GetValue(_provider),
            ConnectionString = parse.GetValue(_database)
                ?? $"Data Source={Path.Combine(Path.GetDirectoryName(archivePath) ?? archivePath, "pacsviewer.db")}",
        };
        if (!Directory.Exists(directory))
        {
            await error.WriteLineAsync($"pacs import: {directory} is not a directory").ConfigureAwait(false);
            return CliApp.Failure;
        }
        ArchiveImportSummary summary;
        try
        {
            using var archive = new LocalArchive(new ArchiveDatabase(database), new ArchiveOptions { Path = archivePath });
            await archive.InitializeAsync(cancellationToken).ConfigureAwait(false);
            summary = await archive.ImportDirectoryAsync(directory, null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Database unreachable, bad connection string, archive folder not writable...: one line, no stack trace.
            await error.WriteLineAsync($"pacs import: {OneLine(Describe(e))}").ConfigureAwait(false);
            return CliApp.Failure;
        }
        await output.WriteLineAsync(
            $"{summary.Total} files: {summary.Stored} stored, {summary.Duplicates} duplicates, {summary.Rejected} rejected, {summary.Skipped} skipped")
            .ConfigureAwait(false);
        foreach (var problem in summary.Problems)
        {
            var writer = problem.Outcome == ArchiveStoreOutcome.Rejected ? error : output;
            await writer.WriteLineAsync(OneLine($"{problem.Outcome.ToString().ToLowerInvariant()}: {problem.Source}: {problem.Reason}")).ConfigureAwait(false);
        }
        return summary.Rejected > 0 ? CliApp.Failure : CliApp.Success;
    }

    private static string Describe(Exception e) => e switch
    {
        StudySourceException => e.Message,
        _ when e.InnerException is { } inner && e is not IOException => $"{e.Message} ({inner.Message})",
        _ => e.Message,
    };

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
