using System.CommandLine;
using System.Net;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Network.Dimse;

namespace PacsViewer.Cli.Commands;

/// <summary>
/// <c>pacs get TARGET --study UID [--series UID] -o DIR</c> (C-GET, PS3.4 C.4.3) and
/// <c>pacs move TARGET --dest AE --study UID [--series UID] -o DIR --port N</c> (C-MOVE, PS3.4 C.4.2, to our own
/// receiver started on --port under the AE title --dest, which the peer must know).
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
            : new Command("get", "Retrieve a study or series with C-GET.") { _target, _study, _series, _output, _aet, _timeout };
        var verb = _move ? "move" : "get";
        command.SetAction((parse, ct) => NetworkCommandSupport.RunAsync(parse, verb, async output =>
        {
            var peer = DicomPeer.Parse(parse.GetValue(_target)!);
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
