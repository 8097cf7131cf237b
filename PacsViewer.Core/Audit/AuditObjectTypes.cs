namespace PacsViewer.Core.Audit;

/// <summary>The kinds of object an audit row names (<see cref="AuditEvent.ObjectType"/>), shared by all who record.</summary>
public static class AuditObjectTypes
{
    /// <summary>A report (ObjectId: its id).</summary>
    public const string Report = "Report";

    /// <summary>A user account (ObjectId: the user name).</summary>
    public const string User = "User";

    /// <summary>A PACS connection (ObjectId: its name); its changes are exported as Network Configuration.</summary>
    public const string PacsConnection = "PacsConnection";

    /// <summary>A report template (ObjectId: its id).</summary>
    public const string ReportTemplate = "ReportTemplate";

    /// <summary>A report phrase (ObjectId: its id).</summary>
    public const string ReportPhrase = "ReportPhrase";

    /// <summary>The audit trail itself (searched or exported; ObjectId: the export format or "search").</summary>
    public const string AuditTrail = "AuditTrail";

    /// <summary>A send, export or upload job (ObjectId: the job id).</summary>
    public const string TransferJob = "TransferJob";

    /// <summary>A retention rule of the built-in archive (changed, applied).</summary>
    public const string RetentionRule = "RetentionRule";

    /// <summary>A hold on a study (placed, released).</summary>
    public const string StudyHold = "StudyHold";

    /// <summary>The roles allowed to send, export, upload (ObjectId: the action).</summary>
    public const string DistributionPermission = "DistributionPermission";
}
