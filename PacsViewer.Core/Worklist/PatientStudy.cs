namespace PacsViewer.Core.Worklist;

/// <summary>
/// A study in the clinicians' patient-centred search, with whether a report they may read exists
/// (<see cref="HasFinalReport"/>: Final or Amended).
/// </summary>
public sealed record PatientStudy(WorklistItem Study, bool HasFinalReport);
