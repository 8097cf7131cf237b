using System.CommandLine;
using PacsViewer.Core.Network.Dimse;

namespace PacsViewer.Cli.Commands;

/// <summary><c>pacs store TARGET FILES...</c>: C-STORE (PS3.4 B) of files and directories (recursively), like storescu.</summary>
internal sealed class StoreCommand
{
    private readonly Argument<string> _target = NetworkCommandSupport.TargetArgument();
    private readonly Argument<string[]> _files = new("files") { Description = "Files or directories to send.", Arity = ArgumentArity.OneOrMore };
    private readonly Option<string> _aet = NetworkCommandSupport.CallingAeOption();
    private readonly Option<int> _timeout = NetworkCommandSupport.TimeoutOption();

    public static Command Create() => new StoreCommand().Build();

    private Command Build()
    {
        var command = new Command("store", "Send DICOM files to a peer (C-STORE).") { _target, _files, _aet, _timeout };
        command.SetAction((parse, ct) => NetworkCommandSupport.RunAsync(parse, "store", async output =>
        {
            var peer = DicomPeer.Parse(parse.GetValue(_target)!);
            var paths = new List<string>();
            foreach (var item in parse.GetValue(_files)!)
            {
                if (Directory.Exists(item))
                {
                    paths.AddRange(Directory.EnumerateFiles(item, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
                }
                else if (File.Exists(item))
                {
                    paths.Add(item);
                }
                else
                {
                    throw new FileNotFoundException($"{item}: no such file or directory");
                }
            }
            var results = await NetworkCommandSupport.Client(parse, _aet, _timeout).StoreAsync(peer, paths, ct).ConfigureAwait(false);
            foreach (var r in results)
            {
                await output.WriteLineAsync(r.IsSuccess
                    ? $"stored {r.Source} ({r.Status})"
                    : $"FAILED {r.Source}: {r.Error ?? r.Status?.ToString()}").ConfigureAwait(false);
            }
            var failed = results.Count(r => !r.IsSuccess);
            if (failed > 0)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"pacs store: {failed} of {results.Count} files were not stored").ConfigureAwait(false);
                return CliApp.Failure;
            }
            return CliApp.Success;
        }));
        return command;
    }
}
