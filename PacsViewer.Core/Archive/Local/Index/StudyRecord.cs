namespace PacsViewer.Core.Archive.Local.Index;

/// <summary>
/// One study in the archive index: the patient and study attributes of the first instance received for it
/// (PS3.4 C.6.2.1.2 study level). Text is kept decoded; <c>*Key</c> columns hold the upper-cased form that
/// case-insensitive matching runs on.
/// </summary>
public sealed class StudyRecord
{
    public long Id { get; set; }

    public required string StudyInstanceUid { get; set; }

    public string? PatientName { get; set; }

    public string? PatientNameKey { get; set; }

    public string? PatientId { get; set; }

    /// <summary>DICOM DA form, yyyyMMdd, so ranges compare as text on every provider.</summary>
    public string? PatientBirthDate { get; set; }

    public string? PatientSex { get; set; }

    /// <summary>DICOM DA form, yyyyMMdd.</summary>
    public string? StudyDate { get; set; }

    public string? StudyTime { get; set; }

    public string? StudyDescription { get; set; }

    public string? StudyDescriptionKey { get; set; }

    public string? AccessionNumber { get; set; }

    public string? StudyId { get; set; }

    public string? ReferringPhysicianName { get; set; }

    /// <summary>Modalities in Study (0008,0061), distinct and sorted, '\'-separated as in DICOM.</summary>
    public string? ModalitiesInStudy { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public List<SeriesRecord> Series { get; set; } = [];
}
