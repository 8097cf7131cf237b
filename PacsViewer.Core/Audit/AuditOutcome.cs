namespace PacsViewer.Core.Audit;

/// <summary>An audited action's outcome; the values are those of DICOM's EventOutcomeIndicator (PS3.15 A.5.1).</summary>
public enum AuditOutcome
{
    Success = 0,

    /// <summary>Minor failure: the action was refused (wrong password, no permission).</summary>
    MinorFailure = 4,

    /// <summary>Serious failure: the action failed (an error on the way).</summary>
    SeriousFailure = 8,
}
