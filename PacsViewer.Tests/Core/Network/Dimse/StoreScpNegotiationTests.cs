using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Network.UpperLayer;

namespace PacsViewer.Tests.Core.Network.Dimse;

/// <summary>What our receiver's A-ASSOCIATE-AC answers to extended negotiation (PS3.7 D.3.3), read by our requester on 127.0.0.1.</summary>
public class StoreScpNegotiationTests
{
    private const string Ct = "1.2.840.10008.5.1.4.1.1.2";
    private const string StudyRootGet = "1.2.840.10008.5.1.4.1.2.2.3";

    private static AssociationRequest Request(UserInformation user) => new()
    {
        CalledAeTitle = TestReceiver.AeTitle,
        CallingAeTitle = "TESTSCU",
        PresentationContexts =
        [
            new PresentationContext(1, DicomUids.Verification, ["1.2.840.10008.1.2"]),
            new PresentationContext(3, Ct, ["1.2.840.10008.1.2"]),
        ],
        UserInformation = user,
    };

    [Fact]
    public async Task Negotiate_RoleSelections_StorageScuAcceptedScpTurnedDownUnsupportedClassAnsweredZero()
    {
        await using var receiver = TestReceiver.Start();
        var request = Request(new UserInformation
        {
            RoleSelections =
            [
                new RoleSelection(Ct, ScuRole: true, ScpRole: true),         // a storescu that could also receive
                new RoleSelection(DicomUids.Verification, ScuRole: true, ScpRole: false),
                new RoleSelection(StudyRootGet, ScuRole: true, ScpRole: false), // a class we do not serve
            ],
        });

        await using var association = await DicomAssociation.ConnectAsync("127.0.0.1", receiver.Port, request, AssociationOptions.Default, CancellationToken.None);

        Assert.Equal(
            [new RoleSelection(Ct, true, false), new RoleSelection(DicomUids.Verification, true, false), new RoleSelection(StudyRootGet, false, false)],
            association.Accept.UserInformation.RoleSelections);
        Assert.Equal((true, false), association.RequesterRoles(Ct));
        Assert.Equal((false, false), association.RequesterRoles(StudyRootGet));
        await association.ReleaseAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Negotiate_NoRoleSelectionProposed_NoneAnsweredAndDefaultRolesApply()
    {
        await using var receiver = TestReceiver.Start();

        await using var association = await DicomAssociation.ConnectAsync("127.0.0.1", receiver.Port, Request(new UserInformation()), AssociationOptions.Default, CancellationToken.None);

        Assert.Empty(association.Accept.UserInformation.RoleSelections);
        Assert.Null(association.Accept.UserInformation.AsynchronousOperationsWindow);
        Assert.Null(association.Accept.UserInformation.UserIdentityServerResponse);
        Assert.Equal((true, false), association.RequesterRoles(Ct));
        Assert.Equal(((ushort)1, (ushort)1), association.AsynchronousOperationsWindow);
        await association.ReleaseAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Negotiate_LargeAsynchronousWindowProposed_AcceptedAndAnsweredOneOne()
    {
        await using var receiver = TestReceiver.Start();

        await using var association = await DicomAssociation.ConnectAsync("127.0.0.1", receiver.Port,
            Request(new UserInformation { AsynchronousOperationsWindow = (16, 0) }), AssociationOptions.Default, CancellationToken.None);

        Assert.True(association.Accept.FindAccepted(3) is not null);
        Assert.Equal(((ushort)1, (ushort)1), association.Accept.UserInformation.AsynchronousOperationsWindow);
        Assert.Equal(((ushort)1, (ushort)1), association.AsynchronousOperationsWindow);
        await association.ReleaseAsync(CancellationToken.None);
    }
}
