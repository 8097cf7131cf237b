namespace PacsViewer.Core.Audit.Export;

/// <summary>
/// The participant objects of an audit row, shared by the DICOM and FHIR exports: the patient (type 1, role 1, ID type
/// 2 "Patient Number"; PS3.15 A.5.2.3), the study (type 2, role 3, ID type 110180 "Study Instance UID"), a query
/// (type 2, role 24, the Study Root C-FIND SOP Class as ID, ID type 110181 "SOP Class UID"; A.5.3.12), and the row's
/// other object (a report, a user, a template, a PACS connection).
/// </summary>
public static class AuditObjects
{
    /// <summary>Study Root Query/Retrieve Information Model - FIND (PS3.4 C.6.2): what a study search asks.</summary>
    public const string StudyRootFind = "1.2.840.10008.5.1.4.1.2.2.1";

    public static readonly AuditCode PatientNumber = new("2", "Patient Number", AuditCode.Rfc3881);
    public static readonly AuditCode ReportNumber = new("9", "Report Number", AuditCode.Rfc3881);
    public static readonly AuditCode UserIdentifier = new("11", "User Identifier", AuditCode.Rfc3881);
    public static readonly AuditCode StudyInstanceUid = new("110180", "Study Instance UID");
    public static readonly AuditCode SopClassUid = new("110181", "SOP Class UID");

    public static IReadOnlyList<AuditObject> For(AuditEvent row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var objects = new List<AuditObject>();
        if (!string.IsNullOrEmpty(row.PatientId))
        {
            objects.Add(new AuditObject(1, 1, PatientNumber, row.PatientId) { Name = row.PatientName });
        }
        if (!string.IsNullOrEmpty(row.StudyInstanceUid))
        {
            objects.Add(new AuditObject(2, 3, StudyInstanceUid, row.StudyInstanceUid));
        }
        var isQuery = string.Equals(row.Action, AuditActions.PacsQuery, StringComparison.Ordinal);
        if (isQuery)
        {
            objects.Add(new AuditObject(2, 24, SopClassUid, StudyRootFind) { Name = row.SourceName, Query = row.Detail ?? "" });
        }
        if (!string.IsNullOrEmpty(row.ObjectId))
        {
            objects.Add(row.ObjectType switch
            {
                AuditObjectTypes.Report => new AuditObject(2, 3, ReportNumber, row.ObjectId),
                AuditObjectTypes.User => new AuditObject(1, 11, UserIdentifier, row.ObjectId),
                _ => new AuditObject(2, 13, new AuditCode(row.ObjectType ?? "Object", row.ObjectType ?? "Object", AuditCode.Local), row.ObjectId),
            });
        }
        // The row's description goes with its last object (a report's format, a template's change); a query's keys are its query.
        if (!isQuery && row.Outcome == AuditOutcome.Success && !string.IsNullOrEmpty(row.Detail) && objects.Count > 0)
        {
            objects[^1] = objects[^1] with { Description = row.Detail };
        }
        return objects;
    }
}
