namespace PacsViewer.Core.Network.DicomWeb;

/// <summary>An instance the STOW-RS origin server did not store: an item of the Failed SOP Sequence (PS3.18 10.5.3).</summary>
/// <param name="SopInstanceUid">Referenced SOP Instance UID (0008,1155).</param>
/// <param name="FailureReason">Failure Reason (0008,1197), a PS3.4 Annex B status code, when given.</param>
public sealed record StowFailure(string? SopInstanceUid, int? FailureReason);
