using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Local;
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
    private readonly AppDatabaseOptions _app = new();
    private readonly DicomWebConnection _web = new();

    public static Command Create() => new SendCommand().Build();

    private Command Build()
    {
        var command = new Command("send", "Send a study or series to another destination as a persistent job (C-STORE, STOW-RS, the archive, or C-MOVE).")
        {
            _from, _study, _series, _to, _move, _queue, _aet, _timeout,
        };
        _app.AddTo(command);
        _web.AddTo(command);
        command.SetAction((parse, ct) => NetworkCommandSupport.RunAsync(parse, "send", output => RunAsync(parse, output, ct)));
        return command;
    }

    private async Task<int> RunAsync(ParseResult parse, TextWriter output, CancellationToken cancellationToken)
    {
        var from = parse.GetValue(_from)!;
        var to = parse.GetValue(_to)!;
        var method = parse.GetValue(_move) ? SendMethod.Move : SendMethod.Store;
        var job = new TransferJob
        {
            Kind = TransferJobKind.Send,
            CreatedBy = CliAppServices.UserName,
            StudyInstanceUid = parse.GetValue(_study)!,
            SeriesInstanceUid = parse.GetValue(_series),
            ParametersJson = JsonSerializer.Serialize(new SendJobParameters { Method = method }),
        };
        await using var services = await OpenAppAsync(parse, cancellationToken).ConfigureAwait(false);
        if (parse.GetValue(_queue))
        {
            job.SourceName = from;
            job.Destination = to;
            job.Description = Describe(job, method == SendMethod.Move ? "C-MOVE" : "the server's choice of protocol");
            var queued = await services.Get<ITransferJobQueue>().EnqueueAsync(job, null, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"queued send job {queued}: the server's job runner carries it out")).ConfigureAwait(false);
            return CliApp.Success;
        }

        var work = Directory.CreateTempSubdirectory("pacs-send-").FullName;
        try
        {
            var archive = services.Get<LocalArchive>();
            var source = Open(parse, from, archive, work);
            var destination = Open(parse, to, archive, work);
            job.SourceName = source.Id;
            job.Destination = destination.Id;
            var protocol = method == SendMethod.Move ? "C-MOVE" : ProtocolOf(destination);
            job.Description = Describe(job, protocol);
            var handler = new SendJobHandler(new StudySourceCatalog([source, destination]), Microsoft.Extensions.Logging.Abstractions.NullLogger<SendJobHandler>.Instance);
            return await RunHereAsync(services, job, handler, output, parse.InvocationConfiguration.Error, cancellationToken).ConfigureAwait(false);
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

    /// <summary>The app database (migrated) and the built-in archive, as <c>pacs jobs</c> opens them; a failure is one line.</summary>
    private async Task<CliAppServices> OpenAppAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        try
        {
            return await _app.OpenAsync(parse, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not (OperationCanceledException or CliUsageException))
        {
            throw new IOException($"the app database cannot be opened: {e.Message}", e);
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

    /// <summary>One end of the send: the built-in archive (initialised when the app was opened), a DIMSE peer or a DICOMweb service, named as given.</summary>
    private IStudySource Open(ParseResult parse, string text, LocalArchive archive, string work)
    {
        if (string.Equals(text, "archive", StringComparison.OrdinalIgnoreCase))
        {
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
