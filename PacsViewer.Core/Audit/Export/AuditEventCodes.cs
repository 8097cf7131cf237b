namespace PacsViewer.Core.Audit.Export;

/// <summary>
/// The DICOM audit event of each <see cref="AuditActions"/> name (PS3.15 A.5.3; codes of PS3.16 CID 400-403).
/// Logins and logouts are User Authentication (A.5.3.14) with type Login/Logout; a study opened or refused is DICOM
/// Instances Accessed (A.5.3.3), a PACS search is Query (A.5.3.12), a report download is Export (A.5.3.7); report
/// sign-offs, addenda and critical results change the patient's record (Patient Record, A.5.3.9); break-glass, user,
/// role and configuration changes are Security Alerts (A.5.3.11) with their type codes; searching or exporting the
/// trail is Audit Log Used (A.5.3.1). Distribution: a send is DICOM Instances Transferred (A.5.3.4), a ZIP export is
/// Export (A.5.3.7), an upload is Import (A.5.3.8), a retention deletion is DICOM Study Deleted (A.5.3.5).
/// </summary>
public static class AuditEventCodes
{
    public static readonly AuditCode AuditLogUsed = new("110101", "Audit Log Used");
    public static readonly AuditCode ApplicationActivity = new("110100", "Application Activity");
    public static readonly AuditCode InstancesAccessed = new("110103", "DICOM Instances Accessed");
    public static readonly AuditCode InstancesTransferred = new("110104", "DICOM Instances Transferred");
    public static readonly AuditCode StudyDeleted = new("110105", "DICOM Study Deleted");
    public static readonly AuditCode Export = new("110106", "Export");
    public static readonly AuditCode Import = new("110107", "Import");
    public static readonly AuditCode PatientRecord = new("110110", "Patient Record");
    public static readonly AuditCode Query = new("110112", "Query");
    public static readonly AuditCode SecurityAlert = new("110113", "Security Alert");
    public static readonly AuditCode UserAuthentication = new("110114", "User Authentication");

    public static readonly AuditCode Login = new("110122", "Login");
    public static readonly AuditCode Logout = new("110123", "Logout");
    public static readonly AuditCode EmergencyOverrideStarted = new("110127", "Emergency Override Started");
    public static readonly AuditCode NetworkConfiguration = new("110128", "Network Configuration");
    public static readonly AuditCode SoftwareConfiguration = new("110131", "Software Configuration");
    public static readonly AuditCode UseOfRestrictedFunction = new("110132", "Use of Restricted Function");
    public static readonly AuditCode SecurityRolesChanged = new("110136", "Security Roles Changed");
    public static readonly AuditCode UserSecurityAttributesChanged = new("110137", "User Security Attributes Changed");

    public static AuditEventKind For(AuditEvent row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.Action switch
        {
            AuditActions.Login or AuditActions.LoginFailed => new(UserAuthentication, Login, 'E'),
            AuditActions.Logout or AuditActions.SessionEnded => new(UserAuthentication, Logout, 'E'),
            AuditActions.StudyOpened => new(InstancesAccessed, null, 'R'),
            AuditActions.AccessDenied => new(InstancesAccessed, null, 'R'),
            AuditActions.PacsQuery => new(Query, null, 'E'),
            AuditActions.BreakGlass => new(SecurityAlert, EmergencyOverrideStarted, 'E'),
            AuditActions.ReportSigned => new(PatientRecord, null, 'C'),
            AuditActions.ReportAddendum or AuditActions.CriticalResultRecorded => new(PatientRecord, null, 'U'),
            AuditActions.ReportExported => new(Export, null, 'R'),
            AuditActions.UserChanged => new(SecurityAlert, UserSecurityAttributesChanged, 'E'),
            AuditActions.RoleChanged => new(SecurityAlert, SecurityRolesChanged, 'E'),
            AuditActions.ConfigurationChanged => new(SecurityAlert,
                string.Equals(row.ObjectType, AuditObjectTypes.PacsConnection, StringComparison.Ordinal) ? NetworkConfiguration : SoftwareConfiguration, 'E'),
            AuditActions.AuditTrailViewed or AuditActions.AuditTrailExported => new(AuditLogUsed, null, 'R'),
            AuditActions.StudySent => new(InstancesTransferred, null, 'R'),
            AuditActions.StudyExported => new(Export, null, 'R'),
            AuditActions.ObjectsUploaded => new(Import, null, 'C'),
            AuditActions.StudyDeleted => new(StudyDeleted, null, 'D'),
            _ => new(ApplicationActivity, null, 'E'),
        };
    }
}
