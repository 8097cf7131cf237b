namespace PacsViewer.Core.Audit;

/// <summary>The audited actions (<see cref="AuditEvent.Action"/>), one name per kind of event.</summary>
public static class AuditActions
{
    public const string Login = "Login";

    /// <summary>A failed sign-in (wrong password, unknown user, locked out, disabled).</summary>
    public const string LoginFailed = "LoginFailed";

    public const string Logout = "Logout";

    /// <summary>A session ended by the server (idle time, absolute lifetime, user disabled or changed).</summary>
    public const string SessionEnded = "SessionEnded";

    /// <summary>A study opened in the viewer (or its images read through the API).</summary>
    public const string StudyOpened = "StudyOpened";

    /// <summary>A query sent to a PACS (or the built-in archive): C-FIND, QIDO-RS.</summary>
    public const string PacsQuery = "PacsQuery";

    /// <summary>Access to a study refused (no permission, no break-glass).</summary>
    public const string AccessDenied = "AccessDenied";

    /// <summary>Emergency access granted after a reason was given (break-glass).</summary>
    public const string BreakGlass = "BreakGlass";

    public const string ReportSigned = "ReportSigned";

    public const string ReportAddendum = "ReportAddendum";

    /// <summary>A report exported or downloaded (PDF, FHIR, SR).</summary>
    public const string ReportExported = "ReportExported";

    /// <summary>A critical finding's communication recorded on a report (to whom, when).</summary>
    public const string CriticalResultRecorded = "CriticalResultRecorded";

    /// <summary>A user created, changed, disabled, enabled, unlocked, or a password set.</summary>
    public const string UserChanged = "UserChanged";

    /// <summary>A user's roles changed.</summary>
    public const string RoleChanged = "RoleChanged";

    /// <summary>Configuration changed: a PACS connection, a report template, other settings.</summary>
    public const string ConfigurationChanged = "ConfigurationChanged";

    /// <summary>The audit trail itself searched or exported.</summary>
    public const string AuditTrailExported = "AuditTrailExported";

    /// <summary>The audit trail searched on the admin page (exports are <see cref="AuditTrailExported"/>).</summary>
    public const string AuditTrailViewed = "AuditTrailViewed";

    /// <summary>A study or series sent to another destination (C-STORE, STOW-RS, or a C-MOVE request), by a job.</summary>
    public const string StudySent = "StudySent";

    /// <summary>A study or series exported as a ZIP (identified or de-identified), by a job.</summary>
    public const string StudyExported = "StudyExported";

    /// <summary>Files uploaded and stored (into the built-in archive or a PACS), by a job.</summary>
    public const string ObjectsUploaded = "ObjectsUploaded";

    /// <summary>A study deleted from the built-in archive (a retention rule, an admin).</summary>
    public const string StudyDeleted = "StudyDeleted";

    /// <summary>Every action, in the order shown to admins.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Login, LoginFailed, Logout, SessionEnded, StudyOpened, PacsQuery, AccessDenied, BreakGlass,
        ReportSigned, ReportAddendum, ReportExported, CriticalResultRecorded, UserChanged, RoleChanged, ConfigurationChanged, AuditTrailViewed,
        AuditTrailExported, StudySent, StudyExported, ObjectsUploaded, StudyDeleted,
    ];
}
