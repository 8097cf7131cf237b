using System.CommandLine;
using System.Globalization;
using System.Net;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Network.DicomWeb;
using PacsViewer.Core.Network.Dimse;

namespace PacsViewer.Cli.Commands;

/// <summary>
/// <c>pacs get TARGET --study UID [--series UID] -o DIR</c> (C-GET, PS3.4 C.4.3) and
/// <c>pacs move TARGET --dest AE --study UID [--series UID] -o DIR --port N</c> (C-MOVE, PS3.4 C.4.2, to our own
/// receiver started on --port under the AE title --dest, which the peer must know). For a DICOMweb target, get is a
/// WADO-RS retrieve of the study or series (PS3.18 10.4.1.1.1) written as Part 10 files under generated names as the
/// instances arrive; move has no DICOMweb counterpart and is a usage error.
/// </summary>
internal sealed class RetrieveCommand
{
    private readonly bool _move;
    private readonly Argument<string> _target = NetworkCommandSupport.TargetArgument();
    private readonly Option<string> _study = new("--study") { Description = "Study Instance UID to retrieve.", Required = true };
    private readonly Option<string> _series = new("--series") { Description = "Only this Series Instance UID." };
    private readonly Option<string> _output = new("--output", "-o") { Description = "Directory for the received files.", Required = true };
    private readonly Option<string> _dest = new("--dest") { Description = "Move destination AE title (our receiver's).", DefaultValueFactory = _ => NetworkCommandSupport.DefaultAeTitle };
    private readonly Option<int> _port = new("--port", "-p") { Description = "Port of our receiver for the moved instances.", DefaultValueFactory = _ => 11112 };
    private readonly Option<string> _aet = NetworkCommandSupport.CallingAeOption();
    private readonly Option<int> _timeout = NetworkCommandSupport.TimeoutOption();
    private readonly DicomWebConnection _web = new();

    private RetrieveCommand(bool move)
    {
        _move = move;
    }

    public static Command CreateGet() => new RetrieveCommand(false).Build();

    public static Command CreateMove() => new RetrieveCommand(true).Build();

    private Command Build()
    {
        var command = _move
            ? new Command("move", "Retrieve a study or series with C-MOVE into our own receiver.") { _target, _study, _series, _output, _dest, _port, _aet, _timeout }
            : new Command("get", "Retrieve a study or series with C-GET, or WADO-RS for a DICOMweb target.") { _target, _study, _series, _output, _aet, _timeout };
        if (!_move)
        {
            _web.AddTo(command);
        }
        var verb = _move ? "move" : "get";
        command.SetAction((parse, ct) => NetworkCommandSupport.RunAsync(parse, verb, async output =>
        {
            var target = NetworkTarget.Parse(parse.GetValue(_target)!);
            if (target.DicomWebRoot is { } root)
            {
                if (_move)
                {
                    throw new CliUsageException("C-MOVE is a DIMSE operation; a DICOMweb target has no move: use 'pacs get' with it (WADO-RS)");
                }
                return await GetDicomWebAsync(parse, root, output, ct).ConfigureAwait(false);
            }
            var peer = target.Dimse!;
            var builder = new DicomDatasetBuilder().Set(DicomTags.StudyInstanceUID, DicomVR.UI, parse.GetValue(_study)!);
            var level = QueryRetrieveLevel.Study;
            if (parse.GetValue(_series) is { Length: > 0 } series)
            {
                builder.Set(DicomTags.SeriesInstanceUID, DicomVR.UI, series);
                level = QueryRetrieveLevel.Series;
            }
            var client = NetworkCommandSupport.Client(parse, _aet, _timeout);
            var directory = parse.GetValue(_output)!;
            var progress = new Progress(output);
            RetrieveResult result;
            if (_move)
            {
                var dest = parse.GetValue(_dest)!;
                await using var receiver = ServeCommand.Start(IPAddress.Any, parse.GetValue(_port), directory, dest, [],
                    NetworkCommandSupport.Timers(parse.GetValue(_timeout)), output);
                result = await client.MoveAsync(peer, QueryRetrieveModel.StudyRoot, level, builder.ToDataset(), dest, progress, ct).ConfigureAwait(false);
            }
            else
            {
                result = await client.GetAsync(peer, QueryRetrieveModel.StudyRoot, level, builder.ToDataset(), directory, progress, ct).ConfigureAwait(false);
                foreach (var file in result.Files)
                {
                    await output.WriteLineAsync($"received {file}").ConfigureAwait(false);
                }
            }
            var p = result.Progress;
            await output.WriteLineAsync($"C-{verb.ToUpperInvariant()} {peer}: status {result.Status}" +
                (p is null ? "" : $", {p.Completed} completed, {p.Failed} failed, {p.Warning} warning")).ConfigureAwait(false);
            if (result.Status.IsFailure || p is { Failed: > 0 })
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"pacs {verb}: the peer reported status {result.Status}" +
                    (string.IsNullOrEmpty(result.ErrorComment) ? "" : $" ({result.ErrorComment})") + (p is { Failed: > 0 } ? $", {p.Failed} sub-operations failed" : "")).ConfigureAwait(false);
                return CliApp.Failure;
            }
            return CliApp.Success;
        }));
        return command;
    }

    private async Task<int> GetDicomWebAsync(ParseResult parse, Uri root, TextWriter output, CancellationToken cancellationToken)
    {
        var timeout = parse.GetValue(_timeout);
        var study = parse.GetValue(_study)!;
        var series = parse.GetValue(_series) is { Length: > 0 } s ? s : null;
        var directory = Directory.CreateDirectory(parse.GetValue(_output)!).FullName;
        using var http = _web.CreateHttpClient(parse, root, timeout);
        var client = DicomWebConnection.Client(http, timeout);
        var instances = series is null
            ? client.RetrieveStudyAsync(study, DicomWebMediaTypes.AnyTransferSyntax, cancellationToken)
            : client.RetrieveSeriesAsync(study, series, DicomWebMediaTypes.AnyTransferSyntax, cancellationToken);
        var count = 0;
        long bytes = 0;
        await foreach (var file in instances.ConfigureAwait(false))
        {
            // Names made here, never from the data; written beside and renamed, so a broken transfer leaves no half .dcm.
            var path = Path.Combine(directory, $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.dcm");
            var partial = path + ".part";
            try
            {
                var stream = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: false);
                await using (stream.ConfigureAwait(false))
                {
                    DicomFileWriter.Write(stream, file, null, cancellationToken);
                    bytes += stream.Length;
                }
                File.Move(partial, path);
            }
            catch
            {
                File.Delete(partial);
                throw;
            }
            count++;
            await output.WriteLineAsync($"received {path}").ConfigureAwait(false);
        }
        var resource = series is null ? "study" : "series";
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"WADO-RS {root}: {count} instances of the {resource} written to {directory} ({bytes} bytes)")).ConfigureAwait(false);
        if (count == 0)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync($"pacs get: the server sent no instance of the {resource}").ConfigureAwait(false);
            return CliApp.Failure;
        }
        return CliApp.Success;
    }

    private sealed class Progress(TextWriter output) : IProgress<SubOperationProgress>
    {
        public void Report(SubOperationProgress value)
        {
            lock (output)
            {
                output.WriteLine($"progress: {value.Completed} completed, {value.Failed} failed, {value.Warning} warning, {value.Remaining} remaining");
            }
        }
    }
}
