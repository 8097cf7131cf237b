using System.Net;
using System.Net.Sockets;
using PacsViewer.Core.Network.UpperLayer;

namespace PacsViewer.Tests.Core.Network.UpperLayer;

/// <summary>
/// The per-PDU receive timer of a caller that cannot cancel (the C-GET and C-MOVE receive loops): one timer source,
/// re-armed for every PDU. Our requester against a scripted raw acceptor on 127.0.0.1.
/// </summary>
public sealed class DicomAssociationReceiveTimerTests
{
    [Fact]
    public async Task ReceiveDataAsync_UncancellableCallerSilentPeerAfterOnePdu_TimesOutAndAborts()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var (client, peer) = await ConnectAsync(listener);
        await using (peer)
        await using (client)
        {
            await peer.SendAsync(Data(1));
            var first = await client.ReceiveDataAsync(TimeSpan.FromSeconds(20), "the first PDU", CancellationToken.None);

            var e = await Assert.ThrowsAsync<DicomTimeoutException>(() => client.ReceiveDataAsync(TimeSpan.FromMilliseconds(300), "the second PDU", CancellationToken.None));

            Assert.Equal(1, first!.Values[0].Data.Span[0]);
            Assert.Contains("the second PDU", e.Message, StringComparison.Ordinal);
            Assert.IsType<AbortPdu>(await peer.ReceiveAsync());
            Assert.Equal(AssociationState.Sta1, client.State);
        }
    }

    [Fact]
    public async Task ReceiveDataAsync_UncancellableCallerPdusSpacedBelowTheTimeout_EachWithinItsOwnTimeout()
    {
        // Three PDUs 1.5 s apart with a 2.5 s timeout: 3 s in all, so a timer armed once (not per PDU) would fire.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var (client, peer) = await ConnectAsync(listener);
        await using (peer)
        await using (client)
        {
            var sending = Task.Run(async () =>
            {
                for (byte i = 1; i <= 3; i++)
                {
                    await peer.SendAsync(Data(i));
                    await Task.Delay(TimeSpan.FromSeconds(1.5));
                }
            });
            var received = new List<byte>();
            for (var i = 0; i < 3; i++)
            {
                var pdu = await client.ReceiveDataAsync(TimeSpan.FromSeconds(2.5), "the next PDU", CancellationToken.None);
                received.Add(pdu!.Values[0].Data.Span[0]);
                pdu.ReleaseBody();
            }
            await sending;

            Assert.Equal([1, 2, 3], received);
            Assert.Equal(AssociationState.Sta6, client.State);
        }
    }

    private static async Task<(DicomAssociation Client, RawPeer Peer)> ConnectAsync(TcpListener listener)
    {
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var connecting = DicomAssociation.ConnectAsync("127.0.0.1", port, ScriptedService.EchoRequest(), AssociationOptions.Default, CancellationToken.None);
        var peer = await RawPeer.AcceptAsync(listener);
        var rq = await peer.ReceiveAsync<AssociateRequestPdu>();
        await peer.SendAsync(RawPeer.AcceptAll(rq.Request));
        return (await connecting, peer);
    }

    private static PDataTransferPdu Data(byte value) => new([new PresentationDataValue(1, IsCommand: true, IsLast: true, new byte[] { value })]);
}
