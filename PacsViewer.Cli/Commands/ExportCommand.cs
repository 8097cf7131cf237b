using System.CommandLine;
using System.Globalization;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Archive.Local.Index;
using PacsViewer.Core.Data;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Distribution.Export;
using PacsViewer.Core.Network.DicomWeb;
using PacsViewer.Core.Network.Dimse;

namespace PacsViewer.Cli.Commands;

/// <summary>
/// <c>pacs export --zip OUT.zip --from SOURCE --study UID [--series UID] [--deidentify] [--pseudonym NAME]</c>: writes a
/// study (or one series) as a ZIP with a DICOMDIR, optionally de-identified (PS3.15 E.2), streaming into the file, without
/// the web app's job engine. SOURCE: <c>archive</c> (the built-in archive, as <c>pacs import</c> opens it), a DICOMweb
/// root <c>http(s)://...</c> (WADO-RS, each object written as it arrives), or <c>dicom://AE@host:port</c> (C-GET into a
/// temporary folder on disk, deleted afterwards). The ZIP is written beside OUT as OUT.part and renamed when complete.
/// Progress on standard error; a failure is one line on standard error and exit code 1.
/// </summary>
internal sealed class ExportCommand
{
    private readonly Option<string> _zip = new("--zip") { Description = "The ZIP file to write.", Required = true };
    private readonly Option<string> _from = new("--from") { Description = "archive, http(s)://DICOMweb-root or dicom://AE@host:port.", Required = true };
    private readonly Option<string> _study = new("--study") { Description = "Study Instance UID.", Required = true };
    private readonly Option<string> _series = new("--series") { Description = "Only this Series Instance UID." };
    private readonly Option<bool> _deidentify = new("--deidentify") { Description = "De-identify (PS3.15 Basic Application Level Confidentiality Profile)." };
    private readonly Option<string> _pseudonym = new("--pseudonym") { Description = "Patient's Name and ID when de-identifying (default: generated)." };
    private readonly Option<bool> _includeFlagged = new("--include-flagged") { Description = "Include objects that may show burned-in text (skipped otherwise)." };
    private readonly Option<string> _archive = new("--archive") { Description = "The archive's root folder (SOURCE archive).", DefaultValueFactory = _ => ArchiveOptions.DefaultPath };
    private readonly Option<DatabaseProvider> _provider = new("--provider") { Description = "The index database: Sqlite or Postgres.", DefaultValueFactory = _ => DatabaseProvider.Sqlite };
    private readonly Option<string?> _database = new("--database") { Description = "The index's connection string (default: pacsviewer.db beside the archive folder)." };
    private readonly Option<string> _aet = NetworkCommandSupport.CallingAeOption();
    private readonly Option<int> _timeout = NetworkCommandSupport.TimeoutOption();
    private readonly DicomWebConnection _web = new();

    public static Command Create() => new ExportCommand().Build();

    private Command Build()
    {
        var command = new Command("export", "Write a study as a ZIP with a DICOMDIR, optionally de-identified.")
        {
            _zip, _from, _study, _series, _deidentify, _pseudonym, _includeFlagged, _archive, _provider, _database, _aet, _timeout,
        };
        _web.AddTo(command);
        command.SetAction((parse, ct) => NetworkCommandSupport.RunAsync(parse, "export", _ => RunAsync(parse, ct)));
        return command;
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var error = parse.InvocationConfiguration.Error;
        var output = parse.InvocationConfiguration.Output;
        var zip = Path.GetFullPath(parse.GetValue(_zip)!);
        var from = parse.GetValue(_from)!;
        var study = parse.GetValue(_study)!;
        var series = parse.GetValue(_series) is { Length: > 0 } s ? s : null;
        var deidentify = parse.GetValue(_deidentify);
        if (!deidentify && (parse.GetValue(_pseudonym) is not null || parse.GetValue(_includeFlagged)))
        {
            throw new CliUsageException("--pseudonym and --include-flagged go with --deidentify");
        }
        var writer = new StudyZipWriter(deidentify ? new Deidentifier(parse.GetValue(_pseudonym)) : null, parse.GetValue(_includeFlagged));
        var done = 0;
        var total = 0;
        Task Progress(ExportItemResult r, CancellationToken ct)
        {
            done++;
            if (r.State != Core.Distribution.TransferItemState.Done)
            {
                return error.WriteLineAsync($"{r.State.ToString().ToLowerInvariant()}: {r.Instance.Label}: {r.Message}");
            }
            return done % 25 == 0 || done == total
                ? error.WriteLineAsync(total > 0 ? $"progress: {done}/{total}" : $"progress: {done}")
                : Task.CompletedTask;
        }

        var partial = zip + ".part";
        StudyZipResult result;
        try
        {
            var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                if (string.Equals(from, "archive", StringComparison.OrdinalIgnoreCase))
                {
                    var archivePath = Path.GetFullPath(parse.GetValue(_archive)!);
                    using var archive = new LocalArchive(new ArchiveDatabase(new DatabaseOptions
                    {
                        Provider = parse.GetValue(_provider),
                        ConnectionString = parse.GetValue(_database) ?? $"Data Source={Path.Combine(Path.GetDirectoryName(archivePath) ?? archivePath, "pacsviewer.db")}",
                    }), new ArchiveOptions { Path = archivePath });
                    await archive.InitializeAsync(cancellationToken).ConfigureAwait(false);
                    var plan = await ExportPlanner.PlanAsync(archive, study, series, cancellationToken).ConfigureAwait(false);
                    if (plan.Count == 0)
                    {
                        throw new IOException($"the archive has no objects of study {study}");
                    }
                    total = plan.Count;
                    result = await writer.WriteAsync(file, plan,
                        (i, ct) => archive.GetInstanceAsync(new InstanceKey(i.StudyInstanceUid, i.SeriesInstanceUid, i.SopInstanceUid), ct),
                        Progress, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var target = NetworkTarget.Parse(from);
                    result = target.DicomWebRoot is { } root
                        ? await FromDicomWebAsync(parse, root, study, series, writer, file, Progress, cancellationToken).ConfigureAwait(false)
                        : await FromDimseAsync(parse, target.Dimse!, study, series, writer, file, Progress, cancellationToken).ConfigureAwait(false);
                }
            }
            File.Move(partial, zip, overwrite: true);
        }
        catch (Exception e) when (e is not OperationCanceledException and not CliUsageException)
        {
            // Source unreachable, database not openable, study unknown, disk full...: one line, no stack trace.
            File.Delete(partial);
            await error.WriteLineAsync($"pacs export: {NetworkCommandSupport.OneLine(e.Message)}").ConfigureAwait(false);
            return CliApp.Failure;
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{zip}: {result.Written} objects ({result.DicomBytes} bytes), {result.Skipped} skipped (burned-in annotation), {result.Failed} failed")).ConfigureAwait(false);
        if (result.Written == 0)
        {
            await error.WriteLineAsync("pacs export: no object was written").ConfigureAwait(false);
            return CliApp.Failure;
        }
        return result.Failed > 0 ? CliApp.Failure : CliApp.Success;
    }

    private async Task<StudyZipResult> FromDicomWebAsync(ParseResult parse, Uri root, string study, string? series, StudyZipWriter writer, Stream file,
        Func<ExportItemResult, CancellationToken, Task> progress, CancellationToken cancellationToken)
    {
        var timeout = parse.GetValue(_timeout);
        using var http = _web.CreateHttpClient(parse, root, timeout);
        var client = DicomWebConnection.Client(http, timeout);
        var files = series is null
            ? client.RetrieveStudyAsync(study, DicomWebMediaTypes.AnyTransferSyntax, cancellationToken)
            : client.RetrieveSeriesAsync(study, series, DicomWebMediaTypes.AnyTransferSyntax, cancellationToken);
        return await writer.WriteAsync(file, files, progress, cancellationToken).ConfigureAwait(false);
    }

    private async Task<StudyZipResult> FromDimseAsync(ParseResult parse, DicomPeer peer, string study, string? series, StudyZipWriter writer, Stream file,
        Func<ExportItemResult, CancellationToken, Task> progress, CancellationToken cancellationToken)
    {
        var staging = Directory.CreateTempSubdirectory("pacs-export-");
        try
        {
            var keys = new DicomDatasetBuilder().Set(DicomTags.StudyInstanceUID, DicomVR.UI, study);
            var level = QueryRetrieveLevel.Study;
            if (series is not null)
            {
                keys.Set(DicomTags.SeriesInstanceUID, DicomVR.UI, series);
                level = QueryRetrieveLevel.Series;
            }
            var client = NetworkCommandSupport.Client(parse, _aet, _timeout);
            var retrieved = await client.GetAsync(peer, QueryRetrieveModel.StudyRoot, level, keys.ToDataset(), staging.FullName, null, cancellationToken).ConfigureAwait(false);
            if (retrieved.Status.IsFailure || retrieved.Files.Count == 0)
            {
                throw new IOException($"C-GET from {peer}: status {retrieved.Status}, {retrieved.Files.Count} objects received");
            }
            return await writer.WriteAsync(file, Opened(retrieved.Files, cancellationToken), progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            staging.Delete(recursive: true);
        }
    }

    private static async IAsyncEnumerable<DicomFile> Opened(IEnumerable<string> paths, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var path in paths)
        {
            await Task.Yield();
            yield return DicomFile.Open(path, new DicomReaderOptions { DeferValuesLargerThan = 64 * 1024 }, cancellationToken);
        }
    }
}
