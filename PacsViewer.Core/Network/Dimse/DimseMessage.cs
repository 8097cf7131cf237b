using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Core.Network.Dimse;

/// <summary>
/// A DIMSE message (PS3.7 6.3): a command set and, optionally, a data set, on one presentation context. A large
/// data set to send can be given as a file range already encoded in the context's transfer syntax
/// (<see cref="DatasetFile"/>), so that it is streamed rather than held in memory.
/// </summary>
public sealed class DimseMessage
{
    /// <summary>PS3.7 E.1: Command Data Set Type (0000,0800) 0101H means no data set.</summary>
    public const ushort NoDataSet = 0x0101;

    public DimseMessage(byte presentationContextId, DicomDataset command, DicomDataset? dataset = null, DimseDatasetFile? datasetFile = null)
    {
        PresentationContextId = presentationContextId;
        Command = command;
        Dataset = dataset;
        DatasetFile = datasetFile;
    }

    public byte PresentationContextId { get; }

    public DicomDataset Command { get; }

    public DicomDataset? Dataset { get; }

    public DimseDatasetFile? DatasetFile { get; }

    public ushort CommandField => (ushort)Command.GetInt32(DicomTags.CommandField, 0);

    public ushort MessageId => (ushort)Command.GetInt32(DicomTags.MessageID, 0);

    public ushort MessageIdBeingRespondedTo => (ushort)Command.GetInt32(DicomTags.MessageIDBeingRespondedTo, 0);

    public DimseStatus Status => new((ushort)Command.GetInt32(DicomTags.Status, 0));

    public string? AffectedSopClassUid => Command.GetFirstString(DicomTags.AffectedSOPClassUID);

    public string? AffectedSopInstanceUid => Command.GetFirstString(DicomTags.AffectedSOPInstanceUID);

    public string? ErrorComment => Command.GetFirstString(DicomTags.ErrorComment);

    /// <summary>A C-STORE-RQ's Move Originator Application Entity Title (PS3.7 9.3.1.1), set by a C-MOVE SCP.</summary>
    public string? MoveOriginatorAeTitle => Command.GetFirstString(DicomTags.MoveOriginatorApplicationEntityTitle);

    /// <summary>A C-STORE-RQ's Move Originator Message ID (PS3.7 9.3.1.1), or null when absent.</summary>
    public int? MoveOriginatorMessageId => Command.Contains(DicomTags.MoveOriginatorMessageID) ? Command.GetInt32(DicomTags.MoveOriginatorMessageID, 0) : null;

    /// <summary>The command says a data set follows (PS3.7 E.1).</summary>
    public bool HasDataset => Command.GetInt32(DicomTags.CommandDataSetType, NoDataSet) != NoDataSet;

    /// <summary>Sub-operation counts of a C-MOVE/C-GET response, or null when the response has none.</summary>
    public SubOperationProgress? SubOperations =>
        Command.Contains(DicomTags.NumberOfRemainingSuboperations) || Command.Contains(DicomTags.NumberOfCompletedSuboperations)
            ? new SubOperationProgress(
                Command.GetInt32(DicomTags.NumberOfRemainingSuboperations, 0),
                Command.GetInt32(DicomTags.NumberOfCompletedSuboperations, 0),
                Command.GetInt32(DicomTags.NumberOfFailedSuboperations, 0),
                Command.GetInt32(DicomTags.NumberOfWarningSuboperations, 0))
            : null;

    public override string ToString() => $"{DimseCommandField.Name(CommandField)} (message {(DimseCommandField.IsResponse(CommandField) ? MessageIdBeingRespondedTo : MessageId)}, context {PresentationContextId})";
}
