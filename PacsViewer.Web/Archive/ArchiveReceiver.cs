using System.Net;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Network.Dimse;
using PacsViewer.Core.Network.UpperLayer;

namespace PacsViewer.Web.Archive;

/// <summary>
/// The built-in archive's DICOM receiver: a <see cref="DicomServer"/> running a <see cref="StoreScp"/> (C-STORE and
/// C-ECHO, PS3.4 A and B) on <c>Archive:ReceiverPort</c> when it is set. The receiver writes into the archive's
/// incoming folder and hands each file over by rename (<see cref="ArchiveReceivedInstanceHandler"/>), so success is
/// answered only once the archive has indexed the object (PS3.4 B.2.3); an object the archive refuses answers a
/// failure status. With <c>Archive:ReceiverUsers</c> set, a requester must identify as one of them (PS3.7 D.3.3.7).
/// The sub-operations of the app's own C-MOVEs (a <c>move</c> source retrieving for the retrieval cache) are recognised
/// by the <see cref="MoveOriginatorRouter"/> the sources share (Move Originator AE Title and Message ID, PS3.7 9.3.1.1)
/// and written into the cache's folder instead.
/// Runs after <see cref="ArchiveInitializer"/> (registered after it).
/// </summary>
public sealed class ArchiveReceiver(LocalArchive archive, IOptions<ArchiveOptions> options, MoveOriginatorRouter moveRouter, IHostEnvironment environment,
    ILogger<ArchiveReceiver> logger, ILogger<ArchiveReceivedInstanceHandler> handlerLogger) : IHostedService, IAsyncDisposable
{
    private DicomServer? _server;

    /// <summary>The port the receiver listens on, or null when it is not running.</summary>
    public int? Port => _server?.Port;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.ReceiverPort is not { } port)
        {
            return Task.CompletedTask;
        }
        if (!IPAddress.TryParse(settings.ReceiverBindAddress, out var address))
        {
            throw new InvalidOperationException($"Archive:ReceiverBindAddress '{settings.ReceiverBindAddress}' is not an IP address");
        }
        var scp = new StoreScp(new StoreScpOptions
        {
            IncomingDirectory = archive.IncomingPath, // same folder as the archive's: the hand-over is a rename
            AeTitle = settings.ReceiverAeTitle,
            AllowedCallingAeTitles = settings.ReceiverAllowedCallingAeTitles,
            UserIdentityValidator = ReceiverUser.CreateValidator(settings.ReceiverUsers, allowClearPasswords: environment.IsDevelopment()),
            MoveRouter = moveRouter,
        }, new ArchiveReceivedInstanceHandler(archive, handlerLogger));
        var server = new DicomServer(new DicomServerOptions { Address = address, Port = port }, scp);
        server.AssociationFailed += e => logger.LogWarning("DICOM receiver association failed: {Error}", e.Message);
        server.Start();
        _server = server;
        logger.LogInformation("DICOM receiver {AeTitle} listening on {Address}:{Port}", settings.ReceiverAeTitle, address, server.Port);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is { } server)
        {
            _server = null;
            await server.DisposeAsync();
        }
    }
}
