using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Network.UpperLayer;
using PacsViewer.Core.Telemetry;

namespace PacsViewer.Core.Network.Dimse;

/// <summary>
/// The DIMSE service user: C-ECHO, C-STORE, C-FIND, C-MOVE and C-GET (PS3.4 A, B, C), each over an association
/// of its own that is released when the operation ends (aborted when it fails).
/// </summary>
public sealed partial class DicomClient(DicomClientOptions? options = null)
{
    private static readonly string[] Uncompressed = [DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomTransferSyntax.ImplicitVRLittleEndian.Uid];

    public DicomClientOptions Options { get; } = options ?? new DicomClientOptions();

    /// <summary>C-ECHO (PS3.4 A.4): the status the peer answered.</summary>
    public Task<DimseStatus> EchoAsync(DicomPeer peer, CancellationToken cancellationToken) =>
        TimedAsync(PacsOperations.Echo, peer, () => EchoUntimedAsync(peer, cancellationToken));

    private async Task<DimseStatus> EchoUntimedAsync(DicomPeer peer, CancellationToken cancellationToken)
    {
        var channel = await OpenAsync(peer, [new PresentationContext(1, DicomUids.Verification, Uncompressed)], [], cancellationToken).ConfigureAwait(false);
        return await RunAsync(channel, async () =>
        {
            var context = RequireContext(channel, DicomUids.Verification);
            var id = channel.NextMessageId();
            await channel.SendAsync(new DimseMessage(context, DimseCommands.EchoRequest(id)), cancellationToken).ConfigureAwait(false);
            var response = await ReceiveResponseAsync(channel, id, DimseCommandField.CEchoRsp, cancellationToken).ConfigureAwait(false);
            return response.Status;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one operation as a timed PACS round trip when <see cref="DicomClientOptions.Telemetry"/> is set.</summary>
    private async Task<T> TimedAsync<T>(string operation, DicomPeer peer, Func<Task<T>> run)
    {
        using var trip = Options.Telemetry?.StartPacsRoundTrip(operation, peer.Host, peer.Port);
        var result = await run().ConfigureAwait(false);
        trip?.Succeeded();
        return result;
    }

    private async Task<DimseChannel> OpenAsync(DicomPeer peer, IReadOnlyList<PresentationContext> contexts, IReadOnlyList<RoleSelection> roles, CancellationToken cancellationToken)
    {
        var request = new AssociationRequest
        {
            CalledAeTitle = peer.CalledAeTitle,
            CallingAeTitle = Options.CallingAeTitle,
            PresentationContexts = contexts,
            UserInformation = new UserInformation { RoleSelections = roles, UserIdentity = Options.UserIdentity },
        };
        var association = await DicomAssociation.ConnectAsync(peer.Host, peer.Port, request, Options.Association, cancellationToken).ConfigureAwait(false);
        return new DimseChannel(association, Options.Limits);
    }

    /// <summary>Runs an operation, then releases the association; on failure it is aborted.</summary>
    private static async Task<T> RunAsync<T>(DimseChannel channel, Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            var result = await operation().ConfigureAwait(false);
            await channel.Association.ReleaseAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
        finally
        {
            await channel.Association.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static byte RequireContext(DimseChannel channel, string abstractSyntax) =>
        FindContext(channel, abstractSyntax, _ => true)
        ?? throw new DicomNetworkException($"the peer accepted no presentation context for {DicomUidRegistry.GetName(abstractSyntax)}");

    private static byte? FindContext(DimseChannel channel, string abstractSyntax, Func<string, bool> transferSyntax)
    {
        foreach (var pc in channel.Association.Accept.PresentationContexts)
        {
            if (pc.IsAccepted && pc.AbstractSyntax == abstractSyntax && transferSyntax(pc.TransferSyntax))
            {
                return pc.Id;
            }
        }
        return null;
    }

    /// <summary>The next message, which must be the response to <paramref name="messageId"/>.</summary>
    private async Task<DimseMessage> ReceiveResponseAsync(DimseChannel channel, ushort messageId, ushort commandField, CancellationToken cancellationToken)
    {
        var response = await channel.ReceiveCommandAsync(Options.Association.DimseTimeout, $"the {DimseCommandField.Name(commandField)}", cancellationToken).ConfigureAwait(false)
            ?? throw new DimseProtocolException($"the peer released the association instead of answering with a {DimseCommandField.Name(commandField)}");
        if (response.CommandField != commandField || response.MessageIdBeingRespondedTo != messageId)
        {
            await channel.Association.AbortAsync(cancellationToken).ConfigureAwait(false);
            throw new DimseProtocolException($"expected {DimseCommandField.Name(commandField)} to message {messageId}, received {response}; the association was aborted");
        }
        return response;
    }
}
