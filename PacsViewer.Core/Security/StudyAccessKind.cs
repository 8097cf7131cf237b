namespace PacsViewer.Core.Security;

/// <summary>Why a user may (or may not) see a study.</summary>
public enum StudyAccessKind
{
    /// <summary>No access: not signed in, no role that sees this study, no live break-glass grant.</summary>
    Denied = 0,

    /// <summary>The role sees every study (Radiologist, Admin).</summary>
    Role = 1,

    /// <summary>A clinician, and the study's report is signed Final.</summary>
    FinalReport = 2,

    /// <summary>A clinician under a live break-glass grant (emergency access, audited as such).</summary>
    BreakGlass = 3,
}
