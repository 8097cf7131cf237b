namespace PacsViewer.Core.Audit.Export;

/// <summary>A coded value of an audit message: code, coding scheme ("DCM" for DICOM's PS3.16 codes) and meaning.</summary>
public sealed record AuditCode(string Code, string Meaning, string Scheme = AuditCode.Dcm)
{
    public const string Dcm = "DCM";

    public const string Rfc3881 = "RFC-3881";

    /// <summary>This application's private coding scheme (user roles, object kinds of our own).</summary>
    public const string Local = "99PACSVIEWER";
}
