using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Network.Dimse;

namespace PacsViewer.Tests.Core.Network.Dimse;

public class DimseCommandsTests
{
    [Fact]
    public void Encode_StoreRequest_GroupLengthFirstAndMatchesTheRest()
    {
        var bytes = DimseCommands.Encode(DimseCommands.StoreRequest(7, DicomUids.CTImageStorage, "1.2.3.4"));

        // PS3.7 E.1: (0000,0000) UL, implicit VR: tag, 4-byte length 4, value = bytes after it.
        Assert.Equal(new byte[] { 0, 0, 0, 0, 4, 0, 0, 0 }, bytes[..8]);
        Assert.Equal((uint)(bytes.Length - 12), BitConverter.ToUInt32(bytes, 8));
        var decoded = new DimseMessage(1, DimseCommands.Decode(bytes));
        Assert.Equal(DimseCommandField.CStoreRq, decoded.CommandField);
        Assert.Equal(7, decoded.MessageId);
        Assert.Equal(DicomUids.CTImageStorage, decoded.AffectedSopClassUid);
        Assert.Equal("1.2.3.4", decoded.AffectedSopInstanceUid);
        Assert.True(decoded.HasDataset);
    }

    [Fact]
    public void Response_ToMoveRequest_CarriesSubOperationsAndStatus()
    {
        var request = new DimseMessage(1, DimseCommands.MoveRequest(3, DicomUids.StudyRootQueryRetrieveInformationModelMove, "DEST"));

        var response = new DimseMessage(1, DimseCommands.Decode(DimseCommands.Encode(
            DimseCommands.Response(request, DimseStatus.Pending, progress: new SubOperationProgress(5, 2, 1, 0)))));

        Assert.Equal(DimseCommandField.CMoveRsp, response.CommandField);
        Assert.Equal(3, response.MessageIdBeingRespondedTo);
        Assert.True(response.Status.IsPending);
        Assert.Equal(new SubOperationProgress(5, 2, 1, 0), response.SubOperations);
        Assert.False(response.HasDataset);
    }

    [Fact]
    public void Decode_ElementOutsideGroupZero_Throws()
    {
        var bytes = PacsViewer.Tests.Core.Network.Dimse.DimseTestData.ImplicitDataset(new DicomDatasetBuilder()
            .SetUInt16(DicomTags.CommandField, 1).Set(DicomTags.PatientID, DicomVR.LO, "X").ToDataset());

        Assert.Throws<DicomFormatException>(() => DimseCommands.Decode(bytes));
    }

    [Theory]
    [InlineData(0x0000, DimseStatusCategory.Success)]
    [InlineData(0xFF00, DimseStatusCategory.Pending)]
    [InlineData(0xFF01, DimseStatusCategory.Pending)]
    [InlineData(0xFE00, DimseStatusCategory.Cancel)]
    [InlineData(0xB000, DimseStatusCategory.Warning)]
    [InlineData(0x0107, DimseStatusCategory.Warning)]
    [InlineData(0xA700, DimseStatusCategory.Failure)]
    [InlineData(0xC000, DimseStatusCategory.Failure)]
    [InlineData(0x0122, DimseStatusCategory.Failure)]
    public void Category_Code_FollowsPs37AnnexC(int code, DimseStatusCategory expected)
    {
        Assert.Equal(expected, new DimseStatus((ushort)code).Category);
    }
}
