namespace PacsViewer.Core.Dicom.IO;

/// <summary>How PacsViewer identifies itself in File Meta Information and association negotiation (PS3.7 D.3.3.2).</summary>
public static class DicomImplementation
{
    /// <summary>A UUID-derived UID (PS3.5 B.2), fixed for this implementation.</summary>
    public const string ClassUid = "2.25.279020628503406149007884491313650919494";

    /// <summary>At most 16 characters (SH).</summary>
    public const string VersionName = "PACSVIEWER_0_1";
}
