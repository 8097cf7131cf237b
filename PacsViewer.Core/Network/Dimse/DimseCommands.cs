using System.Buffers.Binary;
using System.Runtime.InteropServices;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Network.Dimse;

/// <summary>
/// Builds and encodes command sets (PS3.7 9.3 and 10.3 for the C-services, E.1 for the fields). A command set is
/// always implicit VR little endian with its Command Group Length (0000,0000) first (PS3.7 6.3.1).
/// </summary>
public static class DimseCommands
{
    public static DicomDataset EchoRequest(ushort messageId) => Request(DimseCommandField.CEchoRq, messageId, DicomUids.Verification, hasDataset: false).ToDataset();

    public static DicomDataset StoreRequest(ushort messageId, string sopClassUid, string sopInstanceUid, string? moveOriginatorAe = null, ushort moveOriginatorMessageId = 0)
    {
        var b = Request(DimseCommandField.CStoreRq, messageId, sopClassUid, hasDataset: true)
            .SetUInt16(DicomTags.Priority, 0)
            .Set(DicomTags.AffectedSOPInstanceUID, DicomVR.UI, sopInstanceUid);
        if (moveOriginatorAe is not null)
        {
            b.Set(DicomTags.MoveOriginatorApplicationEntityTitle, DicomVR.AE, moveOriginatorAe)
                .SetUInt16(DicomTags.MoveOriginatorMessageID, moveOriginatorMessageId);
        }
        return b.ToDataset();
    }

    public static DicomDataset FindRequest(ushort messageId, string sopClassUid) =>
        Request(DimseCommandField.CFindRq, messageId, sopClassUid, hasDataset: true).SetUInt16(DicomTags.Priority, 0).ToDataset();

    public static DicomDataset MoveRequest(ushort messageId, string sopClassUid, string destinationAe) =>
        Request(DimseCommandField.CMoveRq, messageId, sopClassUid, hasDataset: true).SetUInt16(DicomTags.Priority, 0)
            .Set(DicomTags.MoveDestination, DicomVR.AE, destinationAe).ToDataset();

    public static DicomDataset GetRequest(ushort messageId, string sopClassUid) =>
        Request(DimseCommandField.CGetRq, messageId, sopClassUid, hasDataset: true).SetUInt16(DicomTags.Priority, 0).ToDataset();

    /// <summary>PS3.7 9.3.2.3: C-CANCEL-RQ names the message being cancelled and carries no data set.</summary>
    public static DicomDataset CancelRequest(ushort messageIdBeingCancelled) =>
        new DicomDatasetBuilder()
            .SetUInt16(DicomTags.CommandField, DimseCommandField.CCancelRq)
            .SetUInt16(DicomTags.MessageIDBeingRespondedTo, messageIdBeingCancelled)
            .SetUInt16(DicomTags.CommandDataSetType, DimseMessage.NoDataSet)
            .ToDataset();

    /// <summary>A response to <paramref name="request"/> with the same affected SOP class (and instance, for C-STORE).</summary>
    public static DicomDataset Response(DimseMessage request, DimseStatus status, bool hasDataset = false, string? errorComment = null, SubOperationProgress? progress = null)
    {
        var b = new DicomDatasetBuilder()
            .SetUInt16(DicomTags.CommandField, (ushort)(request.CommandField | 0x8000))
            .SetUInt16(DicomTags.MessageIDBeingRespondedTo, request.MessageId)
            .SetUInt16(DicomTags.CommandDataSetType, hasDataset ? (ushort)0 : DimseMessage.NoDataSet)
            .SetUInt16(DicomTags.Status, status.Code);
        if (request.AffectedSopClassUid is { } sopClass)
        {
            b.Set(DicomTags.AffectedSOPClassUID, DicomVR.UI, sopClass);
        }
        if (request.CommandField == DimseCommandField.CStoreRq && request.AffectedSopInstanceUid is { } instance)
        {
            b.Set(DicomTags.AffectedSOPInstanceUID, DicomVR.UI, instance);
        }
        if (errorComment is not null)
        {
            // LO: at most 64 characters.
            b.Set(DicomTags.ErrorComment, DicomVR.LO, errorComment.Length > 64 ? errorComment[..64] : errorComment);
        }
        if (progress is not null)
        {
            b.SetUInt16(DicomTags.NumberOfRemainingSuboperations, (ushort)progress.Remaining)
                .SetUInt16(DicomTags.NumberOfCompletedSuboperations, (ushort)progress.Completed)
                .SetUInt16(DicomTags.NumberOfFailedSuboperations, (ushort)progress.Failed)
                .SetUInt16(DicomTags.NumberOfWarningSuboperations, (ushort)progress.Warning);
        }
        return b.ToDataset();
    }

    /// <summary>Implicit VR little endian, Command Group Length (0000,0000) first (PS3.7 6.3.1, E.1).</summary>
    public static byte[] Encode(DicomDataset command)
    {
        using var body = new MemoryStream();
        var withoutLength = new DicomDatasetBuilder(command).Remove(DicomTags.CommandGroupLength).ToDataset();
        DicomFileWriter.WriteDataset(body, withoutLength, DicomTransferSyntax.ImplicitVRLittleEndian);
        var result = new byte[12 + body.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(result, 0x0000);
        BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(2), 0x0000);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(4), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(8), (uint)body.Length);
        body.GetBuffer().AsSpan(0, (int)body.Length).CopyTo(result.AsSpan(12));
        return result;
    }

    /// <summary>Decodes a command set; anything outside group 0000 is a malformed command.</summary>
    public static DicomDataset Decode(ReadOnlyMemory<byte> bytes)
    {
        using var stream = MemoryMarshal.TryGetArray(bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);
        var command = DicomFile.ReadDataset(stream, DicomTransferSyntax.ImplicitVRLittleEndian, sourceName: "DIMSE command");
        if (command.Any(e => e.Tag.Group != 0x0000) || !command.Contains(DicomTags.CommandField))
        {
            throw new DicomFormatException("a DIMSE command set must hold only group 0000 elements, including Command Field (PS3.7 6.3.1)");
        }
        return command;
    }

    private static DicomDatasetBuilder Request(ushort commandField, ushort messageId, string sopClassUid, bool hasDataset) =>
        new DicomDatasetBuilder()
            .Set(DicomTags.AffectedSOPClassUID, DicomVR.UI, sopClassUid)
            .SetUInt16(DicomTags.CommandField, commandField)
            .SetUInt16(DicomTags.MessageID, messageId)
            .SetUInt16(DicomTags.CommandDataSetType, hasDataset ? (ushort)0 : DimseMessage.NoDataSet);
}
