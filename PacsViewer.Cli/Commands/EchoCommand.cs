using System.CommandLine;
using PacsViewer.Core.Network.Dimse;

namespace PacsViewer.Cli.Commands;

/// <summary><c>pacs echo dicom://AE@host:port</c>: C-ECHO (PS3.4 A.4), like dcmtk's echoscu.</summary>
internal sealed class EchoCommand
{
    private readonly Argument<string> _target = NetworkCommandSupport.TargetArgument();
    private readonly Option<string> _aet = NetworkCommandSupport.CallingAeOption();
    private readonly Option<int> _timeout = NetworkCommandSupport.TimeoutOption();

    public static Command Create() => new EchoCommand().Build();

    private Command Build()
    {
        var command = new Command("echo", "Check that a DICOM peer answers (C-ECHO).") { _target, _aet, _timeout };
        command.SetAction((parse, ct) => NetworkCommandSupport.RunAsync(parse, "echo", async output =>
        {
            var peer = DicomPeer.Parse(parse.GetValue(_target)!);
            var status = await NetworkCommandSupport.Client(parse, _aet, _timeout).EchoAsync(peer, ct).ConfigureAwait(false);
            await output.WriteLineAsync($"C-ECHO {peer}: status {status}").ConfigureAwait(false);
            return status.IsSuccess ? CliApp.Success : CliApp.Failure;
        }));
        return command;
    }
}
