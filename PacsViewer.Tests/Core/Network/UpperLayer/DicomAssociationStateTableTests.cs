using System.Net;
using System.Net.Sockets;
using PacsViewer.Core.Network.UpperLayer;

namespace PacsViewer.Tests.Core.Network.UpperLayer;

/// <summary>
/// PS3.8 Table 9-10: a PDU that is not allowed in the state our association is in ends it with an A-ABORT: AA-8
/// (service provider, unexpected PDU) in Sta3-Sta12, AA-1 (service user) in Sta2. A scripted peer drives our
/// requester or acceptor into each state where it reads PDUs, then sends each PDU that state does not allow.
/// </summary>
public class DicomAssociationStateTableTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private static Pdu Make(string kind) => kind switch
    {
        "A-ASSOCIATE-RQ" => new AssociateRequestPdu(ScriptedService.EchoRequest()),
        "A-ASSOCIATE-AC" => RawPeer.AcceptAll(ScriptedService.EchoRequest()),
        "A-ASSOCIATE-RJ" => new AssociateRejectPdu(AssociationRejection.NoReasonGiven),
        "P-DATA-TF" => new PDataTransferPdu([new PresentationDataValue(1, true, true, new byte[] { 0, 0 })]),
        "A-RELEASE-RQ" => new ReleaseRequestPdu(),
        "A-RELEASE-RP" => new ReleaseResponsePdu(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static readonly string[] All = ["A-ASSOCIATE-RQ", "A-ASSOCIATE-AC", "A-ASSOCIATE-RJ", "P-DATA-TF", "A-RELEASE-RQ", "A-RELEASE-RP"];

    /// <summary>For each state, the PDUs it allows (Table 9-10); every other one is a case.</summary>
    private static readonly (AssociationState State, string[] Allowed)[] States =
    [
        (AssociationState.Sta5, ["A-ASSOCIATE-AC", "A-ASSOCIATE-RJ"]),
        (AssociationState.Sta6, ["P-DATA-TF", "A-RELEASE-RQ"]),
        (AssociationState.Sta7, ["P-DATA-TF", "A-RELEASE-RQ", "A-RELEASE-RP"]),
        (AssociationState.Sta10, ["A-RELEASE-RP"]),
        (AssociationState.Sta11, ["A-RELEASE-RP"]),
    ];

    public static TheoryData<bool, AssociationState, string> Cases()
    {
        var data = new TheoryData<bool, AssociationState, string>();
        foreach (var (state, allowed) in States)
        {
            foreach (var kind in All.Except(allowed))
            {
                // Sta5 and Sta11 are reached only by a requester, Sta10 only by an acceptor.
                if (state is not AssociationState.Sta10)
                {
                    data.Add(true, state, kind);
                }
                if (state is not AssociationState.Sta5 and not AssociationState.Sta11)
                {
                    data.Add(false, state, kind);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task UnexpectedPdu_InState_AbortedWithAa8(bool requester, AssociationState state, string kind)
    {
        var (abort, ours) = requester ? await DriveRequesterAsync(state, Make(kind)) : await DriveAcceptorAsync(state, Make(kind));

        Assert.Equal(AbortPdu.SourceServiceProvider, abort.Source);
        Assert.Equal(AbortPdu.ReasonUnexpectedPdu, abort.Reason);
        var error = Assert.IsType<AssociationAbortedException>(ours.Error);
        Assert.Contains($"unexpected {Make(kind).Type} PDU in state {state}", error.Message);
        if (ours.Association is { } association)
        {
            Assert.Equal([state, AssociationState.Sta1], association.StateHistory.TakeLast(2));
        }
    }

    [Theory]
    [InlineData("A-ASSOCIATE-AC")]
    [InlineData("A-ASSOCIATE-RJ")]
    [InlineData("P-DATA-TF")]
    [InlineData("A-RELEASE-RQ")]
    [InlineData("A-RELEASE-RP")]
    public async Task UnexpectedPdu_InSta2_AbortedWithAa1(string kind)
    {
        var service = new ScriptedService((_, _) => Task.CompletedTask);
        await using var server = ScriptedService.Start(service);
        await using var peer = await RawPeer.ConnectAsync(server.Port);

        await peer.SendAsync(Make(kind));
        var abort = await peer.ReceiveAsync<AbortPdu>();

        // AA-1: A-ABORT from the service user, reason not significant (0).
        Assert.Equal(AbortPdu.SourceServiceUser, abort.Source);
        Assert.Equal(AbortPdu.ReasonNotSpecified, abort.Reason);
        Assert.True(await peer.ClosedByPeerAsync());
    }

    [Fact]
    public async Task AwaitClose_InSta13AfterReject_AssociateRequestAbortedWithAa7OtherPdusIgnored()
    {
        await using var receiver = TestReceiver.Start();
        await using var peer = await RawPeer.ConnectAsync(receiver.Port);
        await peer.SendAsync(new AssociateRequestPdu(ScriptedService.EchoRequest("NOTUS")));
        await peer.ReceiveAsync<AssociateRejectPdu>(); // AE-8, Sta13

        // AA-6: P-DATA and A-RELEASE-RQ are ignored, so the next thing back is the A-ABORT for the A-ASSOCIATE-RQ (AA-7).
        await peer.SendAsync(Make("P-DATA-TF"));
        await peer.SendAsync(Make("A-RELEASE-RQ"));
        await peer.SendAsync(Make("A-ASSOCIATE-RQ"));
        var abort = await peer.ReceiveAsync<AbortPdu>();

        Assert.Equal(AbortPdu.SourceServiceProvider, abort.Source);
        Assert.Equal(AbortPdu.ReasonUnexpectedPdu, abort.Reason);
        await peer.SendAsync(new AbortPdu(AbortPdu.SourceServiceUser, AbortPdu.ReasonNotSpecified));
        Assert.True(await peer.ClosedByPeerAsync()); // Evt16 in Sta13, AA-2: closed
    }

    /// <summary>Our requester against a scripted acceptor, driven into <paramref name="state"/>, then sent <paramref name="unexpected"/>.</summary>
    private static async Task<(AbortPdu Abort, (DicomAssociation? Association, Exception? Error) Ours)> DriveRequesterAsync(AssociationState state, Pdu unexpected)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var connecting = DicomAssociation.ConnectAsync("127.0.0.1", port, ScriptedService.EchoRequest(), AssociationOptions.Default, CancellationToken.None);
        await using var peer = await RawPeer.AcceptAsync(listener);
        var rq = await peer.ReceiveAsync<AssociateRequestPdu>();
        if (state is AssociationState.Sta5)
        {
            await peer.SendAsync(unexpected);
            var abort5 = await peer.ReceiveAsync<AbortPdu>();
            var error = await Record(connecting);
            Assert.True(await peer.ClosedByPeerAsync());
            return (abort5, (null, error));
        }
        await peer.SendAsync(RawPeer.AcceptAll(rq.Request));
        await using var association = await connecting;
        Task work;
        if (state is AssociationState.Sta6)
        {
            work = association.ReceiveDataAsync(Wait, "anything", CancellationToken.None);
        }
        else
        {
            work = association.ReleaseAsync(CancellationToken.None);
            await peer.ReceiveAsync<ReleaseRequestPdu>();
            if (state is AssociationState.Sta11)
            {
                await peer.SendAsync(new ReleaseRequestPdu());
                await peer.ReceiveAsync<ReleaseResponsePdu>();
            }
        }
        await peer.SendAsync(unexpected);
        var abort = await peer.ReceiveAsync<AbortPdu>();
        var workError = await Record(work);
        Assert.True(await peer.ClosedByPeerAsync());
        return (abort, (association, workError));
    }

    /// <summary>Our acceptor (a DicomServer) with a scripted requester, driven into <paramref name="state"/>, then sent <paramref name="unexpected"/>.</summary>
    private static async Task<(AbortPdu Abort, (DicomAssociation? Association, Exception? Error) Ours)> DriveAcceptorAsync(AssociationState state, Pdu unexpected)
    {
        var service = new ScriptedService(state is AssociationState.Sta6
            ? (association, ct) => association.ReceiveDataAsync(Wait, "anything", ct)
            : (association, ct) => association.ReleaseAsync(ct));
        await using var server = ScriptedService.Start(service);
        await using var peer = await RawPeer.ConnectAsync(server.Port);
        await peer.SendAsync(new AssociateRequestPdu(ScriptedService.EchoRequest()));
        await peer.ReceiveAsync<AssociateAcceptPdu>();
        if (state is not AssociationState.Sta6)
        {
            await peer.ReceiveAsync<ReleaseRequestPdu>();
            if (state is AssociationState.Sta10)
            {
                await peer.SendAsync(new ReleaseRequestPdu());
            }
        }
        await peer.SendAsync(unexpected);
        var abort = await peer.ReceiveAsync<AbortPdu>();
        var outcome = await service.OutcomeAsync();
        Assert.True(await peer.ClosedByPeerAsync());
        return (abort, outcome);
    }

    private static async Task<Exception?> Record(Task task)
    {
        using var hang = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await task.WaitAsync(hang.Token);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return e;
        }
    }
}
