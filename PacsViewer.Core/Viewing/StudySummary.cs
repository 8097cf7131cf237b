using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Core.Viewing;

/// <summary>
/// One study of a search result, for the study list: patient and study attributes of the Study Root STUDY level
/// (PS3.4 C.6.2.1). Dates are ISO (yyyy-MM-dd), times HH:mm:ss; a value that cannot be parsed is passed on as written.
/// </summary>
public sealed record StudySummary(string StudyInstanceUid, string? PatientName, string? PatientId, string? PatientBirthDate,
    string? PatientSex, string? StudyDate, string? StudyTime, string? AccessionNumber, string? Description,
    IReadOnlyList<string> Modalities, int? SeriesCount, int? InstanceCount)
{
    /// <summary>The summary of a study-level query result (or of any instance of the study).</summary>
    public static StudySummary FromDataset(DicomDataset study)
    {
        ArgumentNullException.ThrowIfNull(study);
        int? Count(DicomTag tag) => study.TryGetInt32(tag, out var n) ? n : null;
        return new StudySummary(
            study.GetFirstString(DicomTags.StudyInstanceUID) ?? "",
            study.GetPersonName(DicomTags.PatientName)?.ToDisplayString(),
            study.GetFirstString(DicomTags.PatientID),
            Date(study, DicomTags.PatientBirthDate),
            study.GetFirstString(DicomTags.PatientSex),
            Date(study, DicomTags.StudyDate),
            Time(study, DicomTags.StudyTime),
            study.GetFirstString(DicomTags.AccessionNumber),
            study.GetFirstString(DicomTags.StudyDescription),
            study.GetStrings(DicomTags.ModalitiesInStudy).Where(m => m.Length > 0).ToArray(),
            Count(DicomTags.NumberOfStudyRelatedSeries),
            Count(DicomTags.NumberOfStudyRelatedInstances));
    }

    internal static string? Date(DicomDataset dataset, DicomTag tag) =>
        dataset.GetDate(tag) is { } d ? d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : dataset.GetFirstString(tag);

    internal static string? Time(DicomDataset dataset, DicomTag tag) =>
        dataset.GetTime(tag) is { } t ? t.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) : dataset.GetFirstString(tag);
}
