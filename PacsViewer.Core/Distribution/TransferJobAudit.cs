using PacsViewer.Core.Audit;

namespace PacsViewer.Core.Distribution;

/// <summary>The audit records of a transfer job: its request and its outcome, under the action of its kind.</summary>
internal static class TransferJobAudit
{
    /// <summary>StudySent, StudyExported or ObjectsUploaded (PS3.15 A.5.3: the events they map to).</summary>
    public static string Action(TransferJobKind kind) => kind switch
    {
        TransferJobKind.Send => AuditActions.StudySent,
        TransferJobKind.Export => AuditActions.StudyExported,
        TransferJobKind.Upload => AuditActions.ObjectsUploaded,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown transfer job kind"),
    };

    /// <summary>The entry for <paramref name="job"/>: its creator, source, study and patient, the job as object, what happened.</summary>
    public static AuditEntry Entry(TransferJob job, AuditOutcome outcome, string detail) => new(Action(job.Kind), outcome)
    {
        UserName = job.CreatedBy,
        SourceName = job.SourceName,
        StudyInstanceUid = job.StudyInstanceUid,
        PatientId = job.PatientId,
        PatientName = job.PatientName,
        ObjectType = AuditObjectTypes.TransferJob,
        ObjectId = job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Detail = job.Destination is null ? $"{job.Kind} job {detail}" : $"{job.Kind} job to {job.Destination} {detail}",
    };
}
