using PacsViewer.Core.Network.UpperLayer;

namespace PacsViewer.Tests.Core.Network.UpperLayer;

/// <summary>Extended negotiation as our two ends see it (PS3.7 D.3.3.3, D.3.3.4), on 127.0.0.1.</summary>
public class DicomAssociationNegotiationTests
{
    private const string Ct = "1.2.840.10008.5.1.4.1.1.2";
    private const string Mr = "1.2.840.10008.5.1.4.1.1.4";

    [Fact]
    public async Task AcceptAsync_ServiceAnswersItemsNotProposed_AcceptCarriesOnlyProposedOnes()
    {
        var answer = new UserInformation
        {
            RoleSelections = [new RoleSelection(Ct, true, true), new RoleSelection(Mr, true, true)],
            AsynchronousOperationsWindow = (5, 5),
            UserIdentityServerResponse = new byte[] { 1, 2 },
        };
        var service = new ScriptedService((association, ct) => association.ReceiveDataAsync(TimeSpan.FromSeconds(20), "the release", ct), answer);
        await using var server = ScriptedService.Start(service);
        var request = ScriptedService.EchoRequest() with { UserInformation = new UserInformation { RoleSelections = [new RoleSelection(Ct, false, true)] } };

        await using var client = await DicomAssociation.ConnectAsync("127.0.0.1", server.Port, request, AssociationOptions.Default, CancellationToken.None);

        var accepted = client.Accept.UserInformation;
        Assert.Equal([new RoleSelection(Ct, false, true)], accepted.RoleSelections);
        Assert.Null(accepted.AsynchronousOperationsWindow);
        Assert.Null(accepted.UserIdentityServerResponse);
        Assert.Equal((false, true), client.RequesterRoles(Ct));
        Assert.Equal((true, false), client.RequesterRoles(Mr));
        await client.ReleaseAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ConnectAsync_PeerAnswersWindowWeDidNotPropose_IgnoredAsOneOne()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var connecting = DicomAssociation.ConnectAsync("127.0.0.1", port, ScriptedService.EchoRequest(), AssociationOptions.Default, CancellationToken.None);
        await using var peer = await RawPeer.AcceptAsync(listener);
        var rq = await peer.ReceiveAsync<AssociateRequestPdu>();
        var ac = RawPeer.AcceptAll(rq.Request);
        await peer.SendAsync(ac with { Accept = ac.Accept with { UserInformation = new UserInformation { AsynchronousOperationsWindow = (8, 8) } } });

        await using var client = await connecting;

        // PS3.7 D.3.3.3: without our proposal the default of one outstanding operation each way holds.
        Assert.Equal(((ushort)1, (ushort)1), client.AsynchronousOperationsWindow);
    }
}
