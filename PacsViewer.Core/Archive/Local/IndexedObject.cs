using PacsViewer.Core.Archive.Local.Index;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Archive.Local;

/// <summary>The attributes the index keeps for one object, read from its dataset and checked.</summary>
internal sealed record IndexedObject(StudyRecord Study, SeriesRecord Series, InstanceRecord Instance)
{
    /// <summary>Media Storage Directory Storage (PS3.4 Annex F): a DICOMDIR, not an object to archive.</summary>
    public const string DicomDirSopClass = "1.2.840.10008.1.3.10";

    /// <summary>
    /// Reads what the index needs. Returns null with a reason when an identifying UID is missing or not a valid
    /// UID (PS3.5 9.1): such an object could never be found again, so it is refused.
    /// </summary>
    public static IndexedObject? TryCreate(DicomFile file, string relativePath, long size, DateTimeOffset now, out string reason)
    {
        var ds = file.Dataset;
        reason = "";
        var study = Uid(ds, DicomTags.StudyInstanceUID, ref reason);
        var series = Uid(ds, DicomTags.SeriesInstanceUID, ref reason);
        var sop = Uid(ds, DicomTags.SOPInstanceUID, ref reason);
        var sopClass = Uid(ds, DicomTags.SOPClassUID, ref reason);
        if (study is null || series is null || sop is null || sopClass is null)
        {
            return null;
        }
        var patientName = Text(ds, DicomTags.PatientName);
        var description = Text(ds, DicomTags.StudyDescription);
        var modality = Text(ds, DicomTags.Modality);
        return new IndexedObject(
            new StudyRecord
            {
                StudyInstanceUid = study,
                PatientName = patientName,
                PatientNameKey = patientName?.ToUpperInvariant(),
                PatientId = Text(ds, DicomTags.PatientID),
                PatientBirthDate = Date(ds, DicomTags.PatientBirthDate),
                PatientSex = Text(ds, DicomTags.PatientSex),
                StudyDate = Date(ds, DicomTags.StudyDate),
                StudyTime = Text(ds, DicomTags.StudyTime),
                StudyDescription = description,
                StudyDescriptionKey = description?.ToUpperInvariant(),
                AccessionNumber = Text(ds, DicomTags.AccessionNumber),
                StudyId = Text(ds, DicomTags.StudyID),
                ReferringPhysicianName = Text(ds, DicomTags.ReferringPhysicianName),
                ModalitiesInStudy = modality,
                ReceivedAt = now,
            },
            new SeriesRecord
            {
                SeriesInstanceUid = series,
                Modality = modality,
                SeriesNumber = Int(ds, DicomTags.SeriesNumber),
                SeriesDescription = Text(ds, DicomTags.SeriesDescription),
                BodyPartExamined = Text(ds, DicomTags.BodyPartExamined),
            },
            new InstanceRecord
            {
                SopInstanceUid = sop,
                SopClassUid = sopClass,
                InstanceNumber = Int(ds, DicomTags.InstanceNumber),
                TransferSyntaxUid = file.TransferSyntax.Uid,
                NumberOfFrames = Int(ds, DicomTags.NumberOfFrames),
                Rows = Int(ds, DicomTags.Rows),
                Columns = Int(ds, DicomTags.Columns),
                FilePath = relativePath,
                FileSize = size,
                ReceivedAt = now,
            });
    }

    /// <summary>A UID as PS3.5 9.1 allows: 1 to 64 characters, digits and dots, no empty or zero-led component.</summary>
    public static bool IsValidUid(string uid)
    {
        if (uid.Length is 0 or > 64)
        {
            return false;
        }
        foreach (var component in uid.Split('.'))
        {
            if (component.Length == 0 || !component.All(char.IsAsciiDigit) || (component.Length > 1 && component[0] == '0'))
            {
                return false;
            }
        }
        return true;
    }

    private static string? Uid(DicomDataset ds, DicomTag tag, ref string reason)
    {
        var uid = ds.GetFirstString(tag)?.Trim('\0', ' ');
        if (string.IsNullOrEmpty(uid))
        {
            reason = AddReason(reason, $"{Keyword(tag)} is missing");
            return null;
        }
        if (!IsValidUid(uid))
        {
            reason = AddReason(reason, $"{Keyword(tag)} is not a valid UID");
            return null;
        }
        return uid;
    }

    private static string Keyword(DicomTag tag) => DicomDictionary.TryGet(tag, out var entry) ? $"{entry.Keyword} {tag}" : tag.ToString();

    private static string AddReason(string reason, string more) => reason.Length == 0 ? more : $"{reason}; {more}";

    private static string? Text(DicomDataset ds, DicomTag tag)
    {
        var value = ds.GetString(tag)?.Trim('\0', ' ');
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static string? Date(DicomDataset ds, DicomTag tag) =>
        ds.GetDate(tag) is { } date ? DicomDateTime.FormatDate(date) : null;

    private static int? Int(DicomDataset ds, DicomTag tag)
    {
        return ds.TryGetInt32(tag, out var value) ? value : null;
    }
}
