using PacsViewer.Core.Network.Dimse;
using PacsViewer.Core.Network.UpperLayer;

namespace PacsViewer.Tests.Core.Network;

/// <summary>Our receiver (StoreScp behind a DicomServer) on 127.0.0.1 and a free port, writing into a temporary directory.</summary>
internal sealed class TestReceiver : IAsyncDisposable
{
    private readonly System.Threading.Channels.Channel<Exception> _errors = System.Threading.Channels.Channel.CreateUnbounded<Exception>();

    private TestReceiver(DicomServer server, string directory)
    {
        Server = server;
        Directory = directory;
        server.AssociationFailed += e => _errors.Writer.TryWrite(e);
    }

    /// <summary>The next association failure the server reports (hang detector: 30 s).</summary>
    public async Task<Exception> NextErrorAsync()
    {
        using var hang = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await _errors.Reader.ReadAsync(hang.Token);
    }

    public DicomServer Server { get; }

    public string Directory { get; }

    public int Port => Server.Port;

    public const string AeTitle = "PVRECEIVER";

    public DicomPeer Peer => new("127.0.0.1", Port, AeTitle);

    public static TestReceiver Start(IReceivedInstanceHandler? handler = null, AssociationOptions? association = null,
        Func<StoreScpOptions, StoreScpOptions>? configure = null, int maxAssociations = 16, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"pv-receiver-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        var options = new StoreScpOptions { IncomingDirectory = directory, AeTitle = AeTitle };
        options = configure?.Invoke(options) ?? options;
        var server = new DicomServer(new DicomServerOptions
        {
            Port = 0,
            Association = association ?? AssociationOptions.Default,
            MaxConcurrentAssociations = maxAssociations,
            TlsCertificate = certificate,
        }, new StoreScp(options, handler));
        var receiver = new TestReceiver(server, directory);
        server.Start();
        return receiver;
    }

    /// <summary>Files the receiver has written (final names only).</summary>
    public string[] ReceivedFiles() => System.IO.Directory.GetFiles(Directory, "*.dcm");

    /// <summary>Everything in the directory, temporary files included.</summary>
    public string[] AllFiles() => System.IO.Directory.GetFiles(Directory);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
