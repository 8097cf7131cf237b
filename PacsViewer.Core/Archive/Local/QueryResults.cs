using System.Globalization;
using PacsViewer.Core.Archive.Local.Index;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Core.Archive.Local;

/// <summary>
/// Index rows as query results holding the attributes of each Study Root level (PS3.4 C.6.2.1). Text outside
/// ASCII is written as UTF-8 with Specific Character Set ISO_IR 192 (PS3.5 6.1.2.5.3).
/// </summary>
internal static class QueryResults
{
    public static DicomDataset Study(StudyRecord s, int seriesCount, int instanceCount)
    {
        var b = Start(s.PatientName, s.StudyDescription, s.ReferringPhysicianName, s.PatientId, s.AccessionNumber, s.StudyId);
        b.Set(DicomTags.QueryRetrieveLevel, "STUDY");
        SetText(b, DicomTags.StudyDate, s.StudyDate);
        SetText(b, DicomTags.StudyTime, s.StudyTime);
        SetText(b, DicomTags.AccessionNumber, s.AccessionNumber);
        SetText(b, DicomTags.ModalitiesInStudy, s.ModalitiesInStudy);
        SetText(b, DicomTags.ReferringPhysicianName, s.ReferringPhysicianName);
        SetText(b, DicomTags.StudyDescription, s.StudyDescription);
        SetText(b, DicomTags.PatientName, s.PatientName);
        SetText(b, DicomTags.PatientID, s.PatientId);
        SetText(b, DicomTags.PatientBirthDate, s.PatientBirthDate);
        SetText(b, DicomTags.PatientSex, s.PatientSex);
        b.Set(DicomTags.StudyInstanceUID, s.StudyInstanceUid);
        SetText(b, DicomTags.StudyID, s.StudyId);
        b.Set(DicomTags.NumberOfStudyRelatedSeries, Number(seriesCount));
        b.Set(DicomTags.NumberOfStudyRelatedInstances, Number(instanceCount));
        return b.ToDataset();
    }

    public static DicomDataset Series(string studyInstanceUid, SeriesRecord s, int instanceCount)
    {
        var b = Start(s.SeriesDescription, s.BodyPartExamined);
        b.Set(DicomTags.QueryRetrieveLevel, "SERIES");
        SetText(b, DicomTags.Modality, s.Modality);
        SetText(b, DicomTags.SeriesDescription, s.SeriesDescription);
        SetText(b, DicomTags.BodyPartExamined, s.BodyPartExamined);
        b.Set(DicomTags.StudyInstanceUID, studyInstanceUid);
        b.Set(DicomTags.SeriesInstanceUID, s.SeriesInstanceUid);
        if (s.SeriesNumber is { } number)
        {
            b.Set(DicomTags.SeriesNumber, Number(number));
        }
        b.Set(DicomTags.NumberOfSeriesRelatedInstances, Number(instanceCount));
        return b.ToDataset();
    }

    public static DicomDataset Instance(string studyInstanceUid, string seriesInstanceUid, InstanceRecord i)
    {
        var b = new DicomDatasetBuilder();
        b.Set(DicomTags.QueryRetrieveLevel, "IMAGE");
        b.Set(DicomTags.SOPClassUID, i.SopClassUid);
        b.Set(DicomTags.SOPInstanceUID, i.SopInstanceUid);
        b.Set(DicomTags.AvailableTransferSyntaxUID, i.TransferSyntaxUid);
        b.Set(DicomTags.StudyInstanceUID, studyInstanceUid);
        b.Set(DicomTags.SeriesInstanceUID, seriesInstanceUid);
        if (i.InstanceNumber is { } number)
        {
            b.Set(DicomTags.InstanceNumber, Number(number));
        }
        if (i.Rows is { } rows and >= 0 and <= ushort.MaxValue)
        {
            b.SetUInt16(DicomTags.Rows, (ushort)rows);
        }
        if (i.Columns is { } columns and >= 0 and <= ushort.MaxValue)
        {
            b.SetUInt16(DicomTags.Columns, (ushort)columns);
        }
        if (i.NumberOfFrames is { } frames)
        {
            b.Set(DicomTags.NumberOfFrames, Number(frames));
        }
        return b.ToDataset();
    }

    /// <summary>A builder with Specific Character Set set first when any of the texts needs more than ASCII.</summary>
    private static DicomDatasetBuilder Start(params string?[] texts)
    {
        var b = new DicomDatasetBuilder();
        if (texts.Any(t => t is not null && !t.All(char.IsAscii)))
        {
            b.Set(DicomTags.SpecificCharacterSet, "ISO_IR 192");
        }
        return b;
    }

    private static void SetText(DicomDatasetBuilder b, DicomTag tag, string? value)
    {
        if (value is not null)
        {
            b.Set(tag, value.Split('\\'));
        }
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
