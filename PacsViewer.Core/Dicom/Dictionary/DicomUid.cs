namespace PacsViewer.Core.Dicom.Dictionary;

/// <summary>A UID registered in PS3.6 Annex A.</summary>
/// <param name="Value">The dotted UID (PS3.5 9.1).</param>
/// <param name="Name">The UID name, e.g. "JPEG Baseline (Process 1)".</param>
/// <param name="Keyword">The PS3.6 keyword, e.g. "JPEGBaseline8Bit"; empty for the few UIDs PS3.6 gives none.</param>
/// <param name="Type">The registry's UID type.</param>
/// <param name="Retired">True when PS3.6 lists the UID as retired.</param>
public sealed record DicomUid(string Value, string Name, string Keyword, DicomUidType Type, bool Retired)
{
    public bool IsTransferSyntax => Type == DicomUidType.TransferSyntax;

    public override string ToString() => $"{Value} ({Name})";
}
