using System.CommandLine;
using System.Net;
using PacsViewer.Core.Network.Dimse;
using PacsViewer.Core.Network.UpperLayer;

namespace PacsViewer.Cli.Commands;

/// <summary>
/// <c>pacs serve --port N -o DIR [--user NAME --password-file FILE]</c>: our receiver (C-ECHO and C-STORE SCP, like
/// storescp) until interrupted; one line per instance received.
/// </summary>
internal sealed class ServeCommand
{
    private readonly Option<int> _port = new("--port", "-p") { Description = "TCP port to listen on (0 picks one).", DefaultValueFactory = _ => 11112 };
    private readonly Option<string> _output = new("--output", "-o") { Description = "Directory for received files.", Required = true };
    private readonly Option<string> _aet = new("--aet") { Description = "Our AE title (the called AE title peers must use).", DefaultValueFactory = _ => NetworkCommandSupport.DefaultAeTitle };
    private readonly Option<string[]> _allow = new("--allow") { Description = "Calling AE titles allowed (default: any)." };
    private readonly Option<string> _bind = new("--bind") { Description = "Address to listen on.", DefaultValueFactory = _ => "0.0.0.0" };
    private readonly Option<string> _user = new("--user") { Description = "Require this user (User Identity, PS3.7 D.3.3.7) from every requester; needs --password-file." };
    private readonly Option<string> _passwordFile = new("--password-file") { Description = "File whose first line is the --user's password." };
    private readonly Option<int> _timeout = NetworkCommandSupport.TimeoutOption();

    public static Command Create() => new ServeCommand().Build();

    private Command Build()
    {
        var command = new Command("serve", "Receive DICOM objects (C-STORE SCP) into a directory.") { _port, _output, _aet, _allow, _bind, _user, _passwordFile, _timeout };
        command.SetAction((parse, ct) => NetworkCommandSupport.RunAsync(parse, "serve", async output =>
        {
            if (!IPAddress.TryParse(parse.GetValue(_bind), out var address))
            {
                throw new FormatException($"--bind: '{parse.GetValue(_bind)}' is not an IP address");
            }
            var validator = await UserValidatorAsync(parse.GetValue(_user), parse.GetValue(_passwordFile), ct).ConfigureAwait(false);
            await using var server = Start(address, parse.GetValue(_port), parse.GetValue(_output)!, parse.GetValue(_aet)!,
                parse.GetValue(_allow) ?? [], NetworkCommandSupport.Timers(parse.GetValue(_timeout)), output, validator);
            await output.WriteLineAsync($"listening on {address}:{server.Port} as {parse.GetValue(_aet)}").ConfigureAwait(false);
            await output.FlushAsync(ct).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Interrupted: stop serving.
            }
            return CliApp.Success;
        }));
        return command;
    }

    /// <summary>
    /// The validator for <c>--user NAME --password-file FILE</c> (the password is the file's first line, kept only as a
    /// hash), or null when neither is given. A usage error when only one is.
    /// </summary>
    internal static async Task<IUserIdentityValidator?> UserValidatorAsync(string? user, string? passwordFile, CancellationToken cancellationToken)
    {
        if (user is null && passwordFile is null)
        {
            return null;
        }
        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(passwordFile))
        {
            throw new CliUsageException("--user and --password-file go together");
        }
        string text;
        try
        {
            text = await File.ReadAllTextAsync(passwordFile, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"--password-file: cannot read {passwordFile}: {e.Message}", e);
        }
        var password = text.Split('\n')[0].TrimEnd('\r');
        if (password.Length == 0)
        {
            throw new CliUsageException($"--password-file: the first line of {passwordFile} is empty");
        }
        return new PasswordHashValidator(new Dictionary<string, string> { [user] = PasswordHash.Create(password) });
    }

    /// <summary>A started receiver that prints a line per instance. Also used by <c>pacs move</c>.</summary>
    internal static DicomServer Start(IPAddress address, int port, string directory, string aeTitle, IReadOnlyCollection<string> allowed,
        AssociationOptions timers, TextWriter output, IUserIdentityValidator? userIdentityValidator = null)
    {
        Directory.CreateDirectory(directory);
        var server = new DicomServer(new DicomServerOptions { Address = address, Port = port, Association = timers },
            new StoreScp(new StoreScpOptions
            {
                IncomingDirectory = directory,
                AeTitle = aeTitle,
                AllowedCallingAeTitles = allowed,
                UserIdentityValidator = userIdentityValidator,
            }, new PrintingHandler(output)));
        try
        {
            server.Start();
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new IOException($"cannot listen on {address}:{port}: {e.Message}", e);
        }
        return server;
    }

    private sealed class PrintingHandler(TextWriter output) : IReceivedInstanceHandler
    {
        // Associations run concurrently; a TextWriter is not thread-safe.
        private readonly SemaphoreSlim _gate = new(1, 1);

        public async Task OnReceivedAsync(ReceivedInstance instance, CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await output.WriteLineAsync($"received {instance.SopInstanceUid} from {instance.CallingAeTitle} -> {instance.Path}").ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}
