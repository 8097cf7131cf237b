using System.Net;
using System.Net.Sockets;
using PacsViewer.Core.Network.UpperLayer;

namespace PacsViewer.Tests.Core.Network;

/// <summary>
/// A peer that sends and reads whole PDUs in an order the test scripts, to drive our association into any state
/// of PS3.8 Table 9-10 and show what it answers. Each read has a hang detector of 30 s.
/// </summary>
internal sealed class RawPeer : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    private RawPeer(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RawPeer> ConnectAsync(int port)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        return new RawPeer(client);
    }

    public static async Task<RawPeer> AcceptAsync(TcpListener listener)
    {
        using var hang = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return new RawPeer(await listener.AcceptTcpClientAsync(hang.Token));
    }

    public async Task SendAsync(Pdu pdu)
    {
        using var hang = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await PduWriter.WriteAsync(_stream, pdu, hang.Token);
    }

    /// <summary>The next PDU, or null when the other side closed the connection.</summary>
    public async Task<Pdu?> ReceiveAsync()
    {
        using var hang = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            return await PduReader.ReadAsync(_stream, PduLimits.Default, hang.Token);
        }
        catch (IOException)
        {
            return null; // reset by the other side
        }
    }

    public async Task<T> ReceiveAsync<T>() where T : Pdu
    {
        var pdu = await ReceiveAsync();
        return Assert.IsType<T>(pdu);
    }

    /// <summary>True when the other side closed the connection (read returns end of stream) within 30 s.</summary>
    public async Task<bool> ClosedByPeerAsync() => await ReceiveAsync() is null;

    /// <summary>A-ASSOCIATE-AC accepting every proposed context with its first transfer syntax.</summary>
    public static AssociateAcceptPdu AcceptAll(AssociationRequest request) => new(new AssociationAccept
    {
        CalledAeTitle = request.CalledAeTitle,
        CallingAeTitle = request.CallingAeTitle,
        PresentationContexts = request.PresentationContexts.Select(p => new PresentationContext(p.Id, "", [p.TransferSyntaxes[0]])).ToArray(),
    });

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
