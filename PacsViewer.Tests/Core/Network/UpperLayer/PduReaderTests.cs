using System.Buffers.Binary;
using PacsViewer.Core.Network.UpperLayer;

namespace PacsViewer.Tests.Core.Network.UpperLayer;

public class PduReaderTests
{
    internal static AssociationRequest SampleRequest() => new()
    {
        CalledAeTitle = "CALLED",
        CallingAeTitle = "CALLING",
        PresentationContexts =
        [
            new PresentationContext(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2"]),
            new PresentationContext(3, "1.2.840.10008.5.1.4.1.1.2", ["1.2.840.10008.1.2.4.50"]),
        ],
        UserInformation = new UserInformation
        {
            MaxPduLength = 32768,
            AsynchronousOperationsWindow = (1, 1),
            RoleSelections = [new RoleSelection("1.2.840.10008.5.1.4.1.1.2", false, true)],
            UserIdentity = UserIdentity.FromUsernamePassword("reader", "s3cret", positiveResponseRequested: true),
        },
    };

    private static Task<Pdu?> ReadAsync(byte[] bytes, PduLimits? limits = null) =>
        PduReader.ReadAsync(new MemoryStream(bytes), limits ?? PduLimits.Default, CancellationToken.None).AsTask();

    [Fact]
    public async Task ReadAsync_AssociateRequestRoundTrip_KeepsEverySubItem()
    {
        var request = SampleRequest();

        var read = Assert.IsType<AssociateRequestPdu>(await ReadAsync(PduWriter.Encode(new AssociateRequestPdu(request)))).Request;

        Assert.Equal("CALLED", read.CalledAeTitle);
        Assert.Equal("CALLING", read.CallingAeTitle);
        Assert.Equal(AssociationRequest.DicomApplicationContext, read.ApplicationContextName);
        Assert.Equal(2, read.PresentationContexts.Count);
        Assert.Equal(request.PresentationContexts[0].TransferSyntaxes, read.PresentationContexts[0].TransferSyntaxes);
        Assert.Equal("1.2.840.10008.5.1.4.1.1.2", read.PresentationContexts[1].AbstractSyntax);
        Assert.Equal(3, read.PresentationContexts[1].Id);
        var user = read.UserInformation;
        Assert.Equal(32768u, user.MaxPduLength);
        Assert.Equal(request.UserInformation.ImplementationClassUid, user.ImplementationClassUid);
        Assert.Equal(request.UserInformation.ImplementationVersionName, user.ImplementationVersionName);
        Assert.Equal(((ushort)1, (ushort)1), user.AsynchronousOperationsWindow);
        Assert.Equal(request.UserInformation.RoleSelections, user.RoleSelections);
        Assert.Equal(UserIdentity.UsernameAndPasscode, user.UserIdentity!.IdentityType);
        Assert.True(user.UserIdentity.PositiveResponseRequested);
        Assert.Equal("reader", user.UserIdentity.PrimaryFieldText);
        Assert.Equal("s3cret", user.UserIdentity.SecondaryFieldText);
    }

    [Fact]
    public async Task ReadAsync_AssociateAcceptRoundTrip_KeepsResultsAndIdentityResponse()
    {
        var accept = new AssociationAccept
        {
            CalledAeTitle = "CALLED",
            CallingAeTitle = "CALLING",
            PresentationContexts =
            [
                new PresentationContext(1, "", ["1.2.840.10008.1.2.1"]),
                new PresentationContext(3, "", ["1.2.840.10008.1.2"], PresentationContextResult.TransferSyntaxesNotSupported),
            ],
            UserInformation = new UserInformation { MaxPduLength = 0, UserIdentityServerResponse = new byte[] { 1, 2, 3 } },
        };

        var read = Assert.IsType<AssociateAcceptPdu>(await ReadAsync(PduWriter.Encode(new AssociateAcceptPdu(accept)))).Accept;

        Assert.True(read.PresentationContexts[0].IsAccepted);
        Assert.Equal("1.2.840.10008.1.2.1", read.PresentationContexts[0].TransferSyntax);
        Assert.Equal(PresentationContextResult.TransferSyntaxesNotSupported, read.PresentationContexts[1].Result);
        Assert.Equal(0u, read.UserInformation.MaxPduLength);
        Assert.Equal(new byte[] { 1, 2, 3 }, read.UserInformation.UserIdentityServerResponse!.Value.ToArray());
    }

    [Fact]
    public async Task ReadAsync_ShortPdus_RoundTrip()
    {
        Assert.Equal(new AssociationRejection(1, 1, 7), Assert.IsType<AssociateRejectPdu>(await ReadAsync(PduWriter.Encode(new AssociateRejectPdu(AssociationRejection.CalledAeNotRecognized)))).Rejection);
        Assert.IsType<ReleaseRequestPdu>(await ReadAsync(PduWriter.Encode(new ReleaseRequestPdu())));
        Assert.IsType<ReleaseResponsePdu>(await ReadAsync(PduWriter.Encode(new ReleaseResponsePdu())));
        Assert.Equal(new AbortPdu(2, 6), await ReadAsync(PduWriter.Encode(new AbortPdu(2, 6))));
        var data = Assert.IsType<PDataTransferPdu>(await ReadAsync(PduWriter.Encode(new PDataTransferPdu(
            [new PresentationDataValue(1, true, false, new byte[] { 9, 8 }), new PresentationDataValue(1, false, true, new byte[] { 7 })]))));
        Assert.Equal(2, data.Values.Count);
        Assert.True(data.Values[0].IsCommand);
        Assert.False(data.Values[0].IsLast);
        Assert.True(data.Values[1].IsLast);
        Assert.Equal(new byte[] { 7 }, data.Values[1].Data.ToArray());
    }

    [Fact]
    public async Task ReadAsync_EmptyStream_ReturnsNull()
    {
        Assert.Null(await ReadAsync([]));
    }

    [Fact]
    public async Task ReadAsync_LengthFarAboveLimit_ThrowsFromTheHeaderAlone()
    {
        // Only the header exists: a reader that allocated or read the body would fail differently (end of data).
        var e = await Assert.ThrowsAsync<PduFormatException>(() => ReadAsync([0x04, 0, 0xFF, 0xFF, 0xFF, 0xF0]));

        Assert.Contains("more than the limit", e.Message);
    }

    [Fact]
    public async Task ReadAsync_LengthAboveBytesSent_ThrowsTruncated()
    {
        var e = await Assert.ThrowsAsync<PduFormatException>(() => ReadAsync([0x04, 0, 0, 0, 0x10, 0x00, 1, 2, 3]));

        Assert.Contains("closed after 3 of the 4096 bytes", e.Message);
    }

    [Fact]
    public async Task ReadAsync_HttpRequest_ThrowsUnrecognizedPdu()
    {
        var e = await Assert.ThrowsAsync<PduFormatException>(() => ReadAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray()));

        Assert.Equal(AbortPdu.ReasonUnrecognizedPdu, e.AbortReason);
        Assert.Contains("HTTP", e.Message);
    }

    [Fact]
    public async Task ReadAsync_ItemLongerThanContainer_Throws()
    {
        var bytes = PduWriter.Encode(new AssociateRequestPdu(SampleRequest()));
        // The first item (application context, at 6 + 68) claims more bytes than the PDU holds.
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(6 + 68 + 2), 0xFFF0);

        var e = await Assert.ThrowsAsync<PduFormatException>(() => ReadAsync(bytes));

        Assert.Contains("declares 65520 bytes", e.Message);
    }

    [Fact]
    public async Task ReadAsync_SubItemLongerThanPresentationContext_Throws()
    {
        var bytes = PduWriter.Encode(new AssociateRequestPdu(SampleRequest()));
        var contextItem = Array.IndexOf(bytes, (byte)0x20, 6 + 68);
        // The abstract syntax sub-item (after the context's 4 fixed bytes) claims more than the context item holds.
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(contextItem + 4 + 4 + 2), 200);

        var e = await Assert.ThrowsAsync<PduFormatException>(() => ReadAsync(bytes));

        Assert.Contains("its container has", e.Message);
    }

    [Fact]
    public async Task ReadAsync_RoleSelectionUidLongerThanSubItem_Throws()
    {
        var bytes = PduWriter.Encode(new AssociateRequestPdu(SampleRequest()));
        var role = bytes.AsSpan().IndexOf(new byte[] { 0x54, 0, 0, 29 }); // 25-character UID + 4
        Assert.True(role > 0);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(role + 4), 0x7FFF);

        var e = await Assert.ThrowsAsync<PduFormatException>(() => ReadAsync(bytes));

        Assert.Contains("role selection UID length", e.Message);
    }

    [Fact]
    public async Task ReadAsync_PdvLongerThanPdu_Throws()
    {
        byte[] bytes = [0x04, 0, 0, 0, 0, 8, 0, 0, 0x10, 0, 1, 3, 0, 0];

        var e = await Assert.ThrowsAsync<PduFormatException>(() => ReadAsync(bytes));

        Assert.Contains("PDV item declares 4096 bytes", e.Message);
    }

    [Fact]
    public async Task ReadAsync_ReleaseWithWrongLength_Throws()
    {
        await Assert.ThrowsAsync<PduFormatException>(() => ReadAsync([0x05, 0, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0]));
    }
}
