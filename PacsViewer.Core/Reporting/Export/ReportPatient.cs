namespace PacsViewer.Core.Reporting.Export;

/// <summary>The study's patient, exactly as the PACS has it.</summary>
/// <param name="PatientId">Patient ID (0010,0020).</param>
/// <param name="PatientName">Patient's Name (0010,0010) as a DICOM PN, e.g. <c>Doe^Jane</c>.</param>
/// <param name="BirthDate">Patient's Birth Date (0010,0030), when known.</param>
/// <param name="Sex">Patient's Sex (0010,0040): M, F or O, when known.</param>
public sealed record ReportPatient(string PatientId, string PatientName, DateOnly? BirthDate, string? Sex);
