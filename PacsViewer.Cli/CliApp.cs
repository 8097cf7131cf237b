using System.CommandLine;
using PacsViewer.Cli.Commands;

namespace PacsViewer.Cli;

/// <summary>
/// The <c>pacs</c> command line: one verb per class in Commands/. Exit codes: 0 success, 1 the command failed
/// (one line on standard error), 2 the command line was not understood.
/// </summary>
public static class CliApp
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int UsageError = 2;

    /// <summary>Runs the command line, writing to the given writers (the console in Program.cs, buffers in tests).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var root = new RootCommand("pacs: PacsViewer command line tools.")
        {
            DumpCommand.Create(),
            RenderCommand.Create(),
            ImportCommand.Create(),
            EchoCommand.Create(),
            StoreCommand.Create(),
            FindCommand.Create(),
            RetrieveCommand.CreateGet(),
            RetrieveCommand.CreateMove(),
            ExportCommand.Create(),
            ServeCommand.Create(),
            SendCommand.Create(),
            HashPasswordCommand.Create(),
            DemoCommand.Create(),
            JobsCommand.Create(),
        };
        if (args.Length == 0)
        {
            // No verb: the usage (listing the verbs there are) goes to standard error, as a usage error.
            await root.Parse(["--help"]).InvokeAsync(new InvocationConfiguration { Output = error, Error = error }, cancellationToken).ConfigureAwait(false);
            return UsageError;
        }
        var parse = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        if (parse.Errors.Count > 0)
        {
            // One line: scripts read the first line of standard error as the reason.
            var messages = string.Join("; ", parse.Errors.Select(e => e.Message));
            await error.WriteLineAsync($"pacs: {messages} (run 'pacs --help' for usage)").ConfigureAwait(false);
            return UsageError;
        }
        return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }
}
