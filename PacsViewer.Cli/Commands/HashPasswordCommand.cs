using System.CommandLine;
using PacsViewer.Core.Network.UpperLayer;

namespace PacsViewer.Cli.Commands;

/// <summary>
/// <c>pacs hash-password --password-file FILE</c>: prints the <see cref="PasswordHash"/> of the file's first line, for
/// <c>Archive:ReceiverUsers:N:PasswordHash</c> (the password never goes on the command line).
/// </summary>
internal sealed class HashPasswordCommand
{
    private readonly Option<string> _passwordFile = new("--password-file") { Description = "File whose first line is the password.", Required = true };

    public static Command Create() => new HashPasswordCommand().Build();

    private Command Build()
    {
        var command = new Command("hash-password", "Print a password hash for the receiver's accounts (Archive:ReceiverUsers).") { _passwordFile };
        command.SetAction((parse, ct) => NetworkCommandSupport.RunAsync(parse, "hash-password", async output =>
        {
            var text = await File.ReadAllTextAsync(parse.GetValue(_passwordFile)!, ct).ConfigureAwait(false);
            var password = text.Split('\n')[0].TrimEnd('\r');
            if (password.Length == 0)
            {
                throw new CliUsageException("--password-file: the first line is empty");
            }
            await output.WriteLineAsync(PasswordHash.Create(password)).ConfigureAwait(false);
            return CliApp.Success;
        }));
        return command;
    }
}
