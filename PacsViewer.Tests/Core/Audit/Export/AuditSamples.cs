using PacsViewer.Core.Audit;

namespace PacsViewer.Tests.Core.Audit.Export;

/// <summary>Synthetic audit rows for the export tests, one of each shape (as the database would hand them back).</summary>
internal static class AuditSamples
{
    public static readonly DateTimeOffset At = new(2026, 11, 29, 8, 30, 15, 250, TimeSpan.Zero);

    public static AuditEvent StudyOpened => new()
    {
        Id = 11, OccurredAt = At, Action = AuditActions.StudyOpened, Outcome = AuditOutcome.Success, UserName = "clinician",
        UserRoles = "Clinician", ClientAddress = "127.0.0.1", SourceName = "archive", StudyInstanceUid = "1.2.826.0.1.3", PatientId = "PV-7",
        PatientName = "DOE^JANE",
    };

    public static AuditEvent BreakGlass => new()
    {
        Id = 12, OccurredAt = At.AddMinutes(1), Action = AuditActions.BreakGlass, UserName = "clinician", UserRoles = "Clinician",
        ClientAddress = "::1", SourceName = "pacs", StudyInstanceUid = "1.2.826.0.1.4", PatientId = "PV-8", Detail = "emergency in ward 3", Emergency = true,
    };

    public static AuditEvent Query => new()
    {
        Id = 13, OccurredAt = At.AddMinutes(2), Action = AuditActions.PacsQuery, UserName = "radiologist", UserRoles = "Radiologist",
        SourceName = "archive", PatientId = "PV-7", Detail = "PatientID=PV-7; 2 studies",
    };

    public static AuditEvent LoginFailed => new()
    {
        Id = 14, OccurredAt = At.AddMinutes(3), Action = AuditActions.LoginFailed, Outcome = AuditOutcome.MinorFailure, UserName = "admin",
        ClientAddress = "127.0.0.1", Detail = "wrong password",
    };

    public static AuditEvent ReportExported => new()
    {
        Id = 15, OccurredAt = At.AddMinutes(4), Action = AuditActions.ReportExported, UserName = "clinician", UserRoles = "Admin,Clinician",
        SourceName = "archive", StudyInstanceUid = "1.2.826.0.1.3", PatientId = "PV-7", PatientName = "DOE^JANE", ObjectType = AuditObjectTypes.Report,
        ObjectId = "0b4a3c1e-0000-4000-8000-000000000001", Detail = "pdf version 1",
    };

    public static AuditEvent RoleChanged => new()
    {
        Id = 16, OccurredAt = At.AddMinutes(5), Action = AuditActions.RoleChanged, UserName = "admin", UserRoles = "Admin",
        ObjectType = AuditObjectTypes.User, ObjectId = "clinician", Detail = "roles: Clinician -> Clinician,Radiologist",
    };

    public static IReadOnlyList<AuditEvent> All => [StudyOpened, BreakGlass, Query, LoginFailed, ReportExported, RoleChanged];

    public static async IAsyncEnumerable<AuditEvent> StreamAsync(IEnumerable<AuditEvent> rows)
    {
        foreach (var row in rows)
        {
            await Task.Yield();
            yield return row;
        }
    }
}
