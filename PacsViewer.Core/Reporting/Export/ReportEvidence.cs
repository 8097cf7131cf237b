namespace PacsViewer.Core.Reporting.Export;

/// <summary>
/// One instance of the reported study, listed in the SR's Current Requested Procedure Evidence Sequence
/// (PS3.3 C.17.2.3): the images the report was made from.
/// </summary>
/// <param name="SeriesInstanceUid">Series Instance UID (0020,000E) of the instance.</param>
/// <param name="SopClassUid">SOP Class UID (0008,0016) of the instance.</param>
/// <param name="SopInstanceUid">SOP Instance UID (0008,0018) of the instance.</param>
public sealed record ReportEvidence(string SeriesInstanceUid, string SopClassUid, string SopInstanceUid);
