using PacsViewer.Core.Network.UpperLayer;

namespace PacsViewer.Tests.Core.Network.UpperLayer;

/// <summary>Graceful release by either side and release collisions (PS3.8 7.2, 9.2, Table 9-10), our two ends on 127.0.0.1.</summary>
public class DicomAssociationReleaseTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task ReleaseAsync_BothSidesReleaseAtOnce_CollisionResolvedPerTable()
    {
        // Both ends send A-RELEASE-RQ before reading anything, so the two requests always cross.
        var service = new ScriptedService((association, ct) => association.ReleaseAsync(ct));
        await using var server = ScriptedService.Start(service);
        await using var client = await DicomAssociation.ConnectAsync("127.0.0.1", server.Port, ScriptedService.EchoRequest(), AssociationOptions.Default, CancellationToken.None);

        await client.ReleaseAsync(CancellationToken.None);
        var (acceptor, error) = await service.OutcomeAsync();

        Assert.Null(error);
        // Requester: AR-1 Sta7, AR-8 Sta9, AR-9 Sta11, AR-3 Sta1.
        Assert.Equal([AssociationState.Sta6, AssociationState.Sta7, AssociationState.Sta9, AssociationState.Sta11, AssociationState.Sta1], client.StateHistory.SkipWhile(s => s != AssociationState.Sta6));
        // Acceptor: AR-1 Sta7, AR-8 Sta10, AR-10 Sta12, AR-4 Sta13, AR-5 Sta1.
        Assert.Equal([AssociationState.Sta6, AssociationState.Sta7, AssociationState.Sta10, AssociationState.Sta12, AssociationState.Sta13, AssociationState.Sta1], acceptor.StateHistory.SkipWhile(s => s != AssociationState.Sta6));
    }

    [Fact]
    public async Task ReceiveDataAsync_AcceptorReleases_RequesterAnswersAndReturnsNull()
    {
        var service = new ScriptedService((association, ct) => association.ReleaseAsync(ct));
        await using var server = ScriptedService.Start(service);
        await using var client = await DicomAssociation.ConnectAsync("127.0.0.1", server.Port, ScriptedService.EchoRequest(), AssociationOptions.Default, CancellationToken.None);

        var data = await client.ReceiveDataAsync(Wait, "anything", CancellationToken.None);
        var (acceptor, error) = await service.OutcomeAsync();

        Assert.Null(data);
        Assert.Null(error);
        // Evt12 in Sta6: AR-2 Sta8, AR-4 Sta13, then the acceptor closes (AR-5, Sta1).
        Assert.Equal([AssociationState.Sta6, AssociationState.Sta8, AssociationState.Sta13, AssociationState.Sta1], client.StateHistory.SkipWhile(s => s != AssociationState.Sta6));
        Assert.Equal([AssociationState.Sta6, AssociationState.Sta7, AssociationState.Sta1], acceptor.StateHistory.SkipWhile(s => s != AssociationState.Sta6));
    }

    [Fact]
    public async Task ReleaseAsync_RequesterReleases_AcceptorAnswers()
    {
        var service = new ScriptedService(async (association, ct) => Assert.Null(await association.ReceiveDataAsync(Wait, "the release", ct)));
        await using var server = ScriptedService.Start(service);
        await using var client = await DicomAssociation.ConnectAsync("127.0.0.1", server.Port, ScriptedService.EchoRequest(), AssociationOptions.Default, CancellationToken.None);

        await client.ReleaseAsync(CancellationToken.None);
        var (acceptor, error) = await service.OutcomeAsync();

        Assert.Null(error);
        Assert.Equal([AssociationState.Sta6, AssociationState.Sta7, AssociationState.Sta1], client.StateHistory.SkipWhile(s => s != AssociationState.Sta6));
        Assert.Equal([AssociationState.Sta6, AssociationState.Sta8, AssociationState.Sta13, AssociationState.Sta1], acceptor.StateHistory.SkipWhile(s => s != AssociationState.Sta6));
    }

    [Fact]
    public async Task ReleaseAsync_CollisionWithRawAcceptor_RequesterSendsReleaseResponseBeforeTheAcceptorDoes()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var connecting = DicomAssociation.ConnectAsync("127.0.0.1", port, ScriptedService.EchoRequest(), AssociationOptions.Default, CancellationToken.None);
        await using var peer = await RawPeer.AcceptAsync(listener);
        var rq = await peer.ReceiveAsync<AssociateRequestPdu>();
        await peer.SendAsync(RawPeer.AcceptAll(rq.Request));
        await using var client = await connecting;

        var releasing = client.ReleaseAsync(CancellationToken.None);
        await peer.ReceiveAsync<ReleaseRequestPdu>();
        await peer.SendAsync(new ReleaseRequestPdu());
        // PS3.8 9.2 AR-9: the association-requester answers the collision first.
        await peer.ReceiveAsync<ReleaseResponsePdu>();
        await peer.SendAsync(new ReleaseResponsePdu());
        await releasing;

        Assert.True(await peer.ClosedByPeerAsync());
        Assert.Equal(AssociationState.Sta1, client.State);
        Assert.Contains(AssociationState.Sta11, client.StateHistory);
    }
}
