using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Archive.Local.Index;
using PacsViewer.Core.Data;
using PacsViewer.Core.Distribution;
using PacsViewer.Core.Distribution.Send;
using PacsViewer.Core.Network.Dimse;
using PacsViewer.Core.Viewing;

namespace PacsViewer.Cli.Commands;

/// <summary>
/// <c>pacs send --from SOURCE --study UID [--series UID] --to TARGET [--move] [--aet AE] [--queue]</c>: a Send job (issue 8)
/// in the app database beside the archive. SOURCE and TARGET are <c>dicom://AE@host:port</c>, a DICOMweb service root
/// or <c>archive</c>; the job runs here with one line per object (SendCommand.Run.cs), or with <c>--queue</c> is left to
/// the server's job runner (then SOURCE and TARGET are the server's source names, or <c>archive</c>).
/// </summary>
internal sealed partial class SendCommand
{
    private readonly Option<string> _from = new("--from") { Description = "Where the study is: dicom://AE@host:port, http(s)://.../dicom-web or archive.", Required = true };
    private readonly Option<string> _study = new("--study") { Description = "The Study Instance UID.", Required = true };
    private readonly Option<string?> _series = new("--series") { Description = "Send only this series of the study." };
    private readonly Option<string> _to = new("--to") { Description = "Where to send it: dicom://AE@host:port, http(s)://.../dicom-web or archive.", Required = true };
    private readonly Option<bool> _move = new("--move") { Description = "Ask the source PACS to send it by C-MOVE (both ends DIMSE; the PACS must know the target's AE title)." };
    private readonly Option<bool> _queue = new("--queue") { Description = "Queue the job for the server's job runner instead of running it here (SOURCE and TARGET are the server's source names)." };
    private readonly Option<string> _aet = NetworkCommandSupport.CallingAeOption();
    private readonly Option<int> _timeout = NetworkCommandSupport.TimeoutOption();
    private readonly Option<string> _archive = new("--archive")
    {
        Description = "The archive's root folder (its database, pacsviewer.db beside it, holds the job).",
        DefaultValueFactory = _ => ArchiveOptions.DefaultPath,
    };
    private readonly DicomWebConnection _web = new();

    public static Command Create() => new SendCommand().Build();

    private Command Build()
    {
        var command = new Command("send", "Send a study or series to another destination as a persistent job (C-STORE, STOW-RS, the archive, or C-MOVE).")
        {
            _from, _study, _series, _to, _move, _queue, _aet, _timeout, _archive,
        };
        _web.AddTo(command);
        command.SetAction((parse, ct) => NetworkCommandSupport.RunAsync(parse, "send", output => RunAsync(parse, output, ct)));
        return command;
    }

    private async Task<int> RunAsync(ParseResult parse, TextWriter output, CancellationToken cancellationToken)
    {
        var archivePath = Path.GetFullPath(parse.GetValue(_archive)!);
        var database = new DatabaseOptions
        {
            Provider = DatabaseProvider.Sqlite,
            ConnectionString = $"Data Source={Path.Combine(Path.GetDirectoryName(archivePath) ?? archivePath, "pacsviewer.db")}",
        };
        var from = parse.GetValue(_from)!;
        var to = parse.GetValue(_to)!;
        var method = parse.GetValue(_move) ? SendMethod.Move : SendMethod.Store;
        var job = new TransferJob
        {
            Kind = TransferJobKind.Send,
            CreatedBy = "pacs",
            StudyInstanceUid = parse.GetValue(_study)!,
            SeriesInstanceUid = parse.GetValue(_series),
            ParametersJson = JsonSerializer.Serialize(new SendJobParameters { Method = method }),
        };
        var app = new PacsViewerDatabase(database);
        try
        {
            await app.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new IOException($"the app database beside {archivePath} cannot be opened: {e.Message}", e);
        }
        if (parse.GetValue(_queue))
        {
            job.SourceName = from;
            job.Destination = to;
            job.Description = Describe(job, method == SendMethod.Move ? "C-MOVE" : "the server's choice of protocol");
            var queued = await new TransferJobQueue(app, new TransferJobSignal(), TimeProvider.System).EnqueueAsync(job, null, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"queued send job {queued}: the server's job runner carries it out")).ConfigureAwait(false);
            return CliApp.Success;
        }

        using var archive = new LocalArchive(new ArchiveDatabase(database), new ArchiveOptions { Path = archivePath });
        var work = Directory.CreateTempSubdirectory("pacs-send-").FullName;
        try
        {
            var source = await OpenAsync(parse, from, archive, work, cancellationToken).ConfigureAwait(false);
            var destination = await OpenAsync(parse, to, archive, work, cancellationToken).ConfigureAwait(false);
            job.SourceName = source.Id;
            job.Destination = destination.Id;
            var protocol = method == SendMethod.Move ? "C-MOVE" : ProtocolOf(destination);
            job.Description = Describe(job, protocol);
            var handler = new SendJobHandler(new StudySourceCatalog([source, destination]), Microsoft.Extensions.Logging.Abstractions.NullLogger<SendJobHandler>.Instance);
            return await RunHereAsync(app, job, handler, output, parse.InvocationConfiguration.Error, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static string Describe(TransferJob job, string protocol) =>
        $"{(job.SeriesInstanceUid is null ? "Study" : "Series")} to {job.Destination} by {protocol} (pacs send)";

    private static string ProtocolOf(IStudySource destination) => destination switch
    {
        DimseStudySource => "C-STORE",
        DicomWebStudySource => "STOW-RS",
        _ => "a copy into the archive",
    };

    /// <summary>One end of the send: the built-in archive, a DIMSE peer or a DICOMweb service, named as given.</summary>
    private async Task<IStudySource> OpenAsync(ParseResult parse, string text, LocalArchive archive, string work, CancellationToken cancellationToken)
    {
        if (string.Equals(text, "archive", StringComparison.OrdinalIgnoreCase))
        {
            await archive.InitializeAsync(cancellationToken).ConfigureAwait(false);
            return archive;
        }
        var target = NetworkTarget.Parse(text);
        var timeout = parse.GetValue(_timeout);
        if (target.DicomWebRoot is { } root)
        {
            return new DicomWebStudySource(root.ToString(), () => _web.CreateHttpClient(parse, root, timeout), temporaryDirectory: Path.Combine(work, "wado"));
        }
        return new DimseStudySource(target.Dimse!.ToString(), target.Dimse, NetworkCommandSupport.Client(parse, _aet, _timeout), work);
    }
}
