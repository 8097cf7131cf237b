using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Network.UpperLayer;

namespace PacsViewer.Tests.Core.Network.Dimse;

/// <summary>
/// How the scripted C-GET SCPs of the tests answer our requester: every context in Explicit or Implicit VR Little
/// Endian, and the SCP role for the storage SOP classes granted or not (PS3.7 D.3.3.4).
/// </summary>
internal static class GetScpNegotiation
{
    public static AssociationNegotiation Negotiate(AssociationRequest request, bool grantScpRole)
    {
        var policy = new AcceptorPolicy
        {
            Roles = sopClass => (true, grantScpRole && sopClass != DicomUids.StudyRootQueryRetrieveInformationModelGet),
        };
        var (userInformation, rejection) = UserInformationNegotiator.Negotiate(request, policy);
        return rejection is not null
            ? AssociationNegotiation.Reject(rejection)
            : AssociationNegotiation.AcceptWith(new AssociationAccept
            {
                CalledAeTitle = request.CalledAeTitle,
                CallingAeTitle = request.CallingAeTitle,
                PresentationContexts = PresentationContextNegotiator.Negotiate(request.PresentationContexts,
                    _ => [DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomTransferSyntax.ImplicitVRLittleEndian.Uid]),
                UserInformation = userInformation!,
            });
    }
}
