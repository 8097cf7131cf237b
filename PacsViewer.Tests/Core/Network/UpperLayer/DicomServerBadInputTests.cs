using System.Net;
using System.Net.Sockets;
using PacsViewer.Core.Network.Dimse;
using PacsViewer.Core.Network.UpperLayer;

namespace PacsViewer.Tests.Core.Network.UpperLayer;

/// <summary>Malformed or hostile peers against our acceptor: each ends in an A-ABORT (or a close) and a closed socket.</summary>
public class DicomServerBadInputTests
{
    private static readonly AssociationOptions ShortTimers = new()
    {
        ArtimTimeout = TimeSpan.FromSeconds(1),
        IdleTimeout = TimeSpan.FromSeconds(2),
        DimseTimeout = TimeSpan.FromSeconds(2),
    };

    /// <summary>Sends bytes (optionally slowly), then reads everything the server sends until it closes (hang detector: 30 s).</summary>
    private static async Task<byte[]> ExchangeAsync(int port, byte[] bytes, TimeSpan delayBetweenBytes = default)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        using var hang = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            if (delayBetweenBytes == default)
            {
                await stream.WriteAsync(bytes, hang.Token);
            }
            else
            {
                foreach (var b in bytes)
                {
                    await stream.WriteAsync(new[] { b }, hang.Token);
                    await Task.Delay(delayBetweenBytes, hang.Token);
                }
            }
        }
        catch (IOException)
        {
            // The server closed while we were still sending: what is read below tells how.
        }
        var received = new List<byte>();
        var buffer = new byte[4096];
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer, hang.Token)) > 0)
            {
                received.AddRange(buffer.AsSpan(0, n));
            }
        }
        catch (IOException)
        {
            // Connection reset after the abort: the bytes before it count.
        }
        return received.ToArray();
    }

    private static AssociationRequest EchoOnlyRequest() => new()
    {
        CalledAeTitle = TestReceiver.AeTitle,
        CallingAeTitle = "TESTSCU",
        PresentationContexts = [new PresentationContext(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"])],
    };

    /// <summary>
    /// Before the association is established (Sta2) an invalid or unexpected PDU is answered by AA-1: an A-ABORT
    /// from the service user, whose reason is not significant (0) (PS3.8 Table 9-10, 9.3.8).
    /// </summary>
    private static void AssertAa1(byte[] received)
    {
        Assert.True(received.Length == 10, $"expected just an A-ABORT PDU, received {received.Length} bytes");
        Assert.Equal((byte)PduType.Abort, received[0]);
        Assert.Equal(AbortPdu.SourceServiceUser, received[8]);
        Assert.Equal(AbortPdu.ReasonNotSpecified, received[9]);
    }

    [Fact]
    public async Task Server_HttpRequest_AbortsAndCloses()
    {
        await using var receiver = TestReceiver.Start(association: ShortTimers);

        var received = await ExchangeAsync(receiver.Port, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"u8.ToArray());

        AssertAa1(received);
        Assert.Contains("unrecognized", (await receiver.NextErrorAsync()).Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Server_PduLengthFarAboveMaximum_AbortsWithoutWaitingForTheBody()
    {
        await using var receiver = TestReceiver.Start(association: ShortTimers with { ArtimTimeout = TimeSpan.FromSeconds(20) });

        var received = await ExchangeAsync(receiver.Port, [0x01, 0, 0xFF, 0xFF, 0xFF, 0xFF]);

        AssertAa1(received);
        Assert.Contains("more than the limit", (await receiver.NextErrorAsync()).Message);
    }

    [Fact]
    public async Task Server_PduLengthAboveBytesSent_AbortedWhenArtimExpires()
    {
        await using var receiver = TestReceiver.Start(association: ShortTimers);

        var received = await ExchangeAsync(receiver.Port, [0x01, 0, 0, 0, 0x10, 0x00, 0, 1, 2, 3]);

        AssertAa1(received); // Evt18 in Sta2: an A-ABORT, then the close of AA-2
        Assert.IsType<DicomTimeoutException>(await receiver.NextErrorAsync());
    }

    [Fact]
    public async Task Server_SubItemLongerThanContainer_Aborts()
    {
        await using var receiver = TestReceiver.Start(association: ShortTimers);
        var bytes = PduWriter.Encode(new AssociateRequestPdu(PduReaderTests.SampleRequest()));
        bytes[6 + 68 + 2] = 0x7F; // application context item length 0x7Fxx

        var received = await ExchangeAsync(receiver.Port, bytes);

        AssertAa1(received);
    }

    [Fact]
    public async Task Server_PDataBeforeAssociation_AbortsAsUnexpected()
    {
        await using var receiver = TestReceiver.Start(association: ShortTimers);
        var data = PduWriter.Encode(new PDataTransferPdu([new PresentationDataValue(1, true, true, new byte[] { 0, 0 })]));

        var received = await ExchangeAsync(receiver.Port, data);

        AssertAa1(received);
        Assert.Contains("unexpected DataTransfer PDU in state Sta2", (await receiver.NextErrorAsync()).Message);
    }

    [Fact]
    public async Task Server_SilentPeer_AbortedWhenArtimExpires()
    {
        await using var receiver = TestReceiver.Start(association: ShortTimers);

        var received = await ExchangeAsync(receiver.Port, []);

        AssertAa1(received); // Evt18 in Sta2: an A-ABORT, then the close of AA-2
        Assert.Contains("A-ASSOCIATE-RQ", Assert.IsType<DicomTimeoutException>(await receiver.NextErrorAsync()).Message);
    }

    [Fact]
    public async Task Server_OneByteEvery200Milliseconds_AbortedWhenArtimExpires()
    {
        await using var receiver = TestReceiver.Start(association: ShortTimers);
        var bytes = PduWriter.Encode(new AssociateRequestPdu(PduReaderTests.SampleRequest() with { CalledAeTitle = TestReceiver.AeTitle }));

        var received = await ExchangeAsync(receiver.Port, bytes, TimeSpan.FromMilliseconds(200));

        AssertAa1(received); // Evt18 in Sta2: an A-ABORT, then the close of AA-2
        Assert.IsType<DicomTimeoutException>(await receiver.NextErrorAsync());
    }

    [Fact]
    public async Task Server_PDataOnUnknownPresentationContext_Aborts()
    {
        await using var receiver = TestReceiver.Start(association: ShortTimers);
        await using var association = await DicomAssociation.ConnectAsync("127.0.0.1", receiver.Port, EchoOnlyRequest(), ShortTimers, CancellationToken.None);

        await association.SendDataAsync(7, true, true, DimseCommands.Encode(DimseCommands.EchoRequest(1)), CancellationToken.None);
        var e = await Assert.ThrowsAsync<AssociationAbortedException>(() => association.ReceiveDataAsync(TimeSpan.FromSeconds(20), "the C-ECHO-RSP", CancellationToken.None));

        Assert.Equal(AbortPdu.SourceServiceProvider, e.Abort!.Source);
        Assert.Equal(AssociationState.Sta1, association.State);
    }

    [Fact]
    public async Task Server_IdleAssociation_AbortedAfterIdleTimeout()
    {
        await using var receiver = TestReceiver.Start(association: ShortTimers);
        await using var association = await DicomAssociation.ConnectAsync("127.0.0.1", receiver.Port, EchoOnlyRequest(), ShortTimers, CancellationToken.None);

        var e = await Assert.ThrowsAsync<AssociationAbortedException>(() => association.ReceiveDataAsync(TimeSpan.FromSeconds(20), "anything", CancellationToken.None));

        Assert.NotNull(e.Abort);
    }

    [Fact]
    public async Task Server_MoreConnectionsThanAllowed_RejectsTransiently()
    {
        await using var receiver = TestReceiver.Start(association: ShortTimers with { ArtimTimeout = TimeSpan.FromSeconds(10) }, maxAssociations: 1);
        using var first = new TcpClient();
        await first.ConnectAsync(IPAddress.Loopback, receiver.Port); // holds the only slot, silent
        await Task.Delay(200);

        var e = await Assert.ThrowsAsync<AssociationRejectedException>(() => new DicomClient().EchoAsync(receiver.Peer, CancellationToken.None));

        Assert.Equal(AssociationRejection.LocalLimitExceeded, e.Rejection);
    }
}
