using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Tests.Core.Archive.Local;

/// <summary>Small synthetic objects (4x4 MONOCHROME2, 16-bit) with the attributes the archive indexes.</summary>
internal static class ArchiveTestObjects
{
    public const string SecondaryCapture = "1.2.840.10008.5.1.4.1.1.7";

    public static DicomFile Create(string study, string series, string sop, string patientName = "DOE^JOHN", string patientId = "ID1",
        string studyDate = "20240101", string modality = "CT", string? accession = "ACC1", string? description = "CHEST",
        int instanceNumber = 1, bool utf8 = false)
    {
        var b = new DicomDatasetBuilder();
        if (utf8)
        {
            b.Set(DicomTags.SpecificCharacterSet, "ISO_IR 192");
        }
        b.Set(DicomTags.SOPClassUID, SecondaryCapture)
            .Set(DicomTags.SOPInstanceUID, sop)
            .Set(DicomTags.StudyInstanceUID, study)
            .Set(DicomTags.SeriesInstanceUID, series)
            .Set(DicomTags.PatientName, patientName)
            .Set(DicomTags.PatientID, patientId)
            .Set(DicomTags.PatientBirthDate, "19700102")
            .Set(DicomTags.PatientSex, "M")
            .Set(DicomTags.StudyDate, studyDate)
            .Set(DicomTags.StudyTime, "101500")
            .Set(DicomTags.Modality, modality)
            .Set(DicomTags.SeriesNumber, "3")
            .Set(DicomTags.InstanceNumber, instanceNumber.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Set(DicomTags.StudyID, "S1")
            .SetUInt16(DicomTags.Rows, 4)
            .SetUInt16(DicomTags.Columns, 4)
            .SetUInt16(DicomTags.SamplesPerPixel, 1)
            .Set(DicomTags.PhotometricInterpretation, "MONOCHROME2")
            .SetUInt16(DicomTags.BitsAllocated, 16)
            .SetUInt16(DicomTags.BitsStored, 12)
            .SetUInt16(DicomTags.HighBit, 11)
            .SetUInt16(DicomTags.PixelRepresentation, 0)
            .SetBytes(DicomTags.PixelData, DicomVR.OW, Pixels(instanceNumber));
        if (accession is not null)
        {
            b.Set(DicomTags.AccessionNumber, accession);
        }
        if (description is not null)
        {
            b.Set(DicomTags.StudyDescription, description);
        }
        var dataset = b.ToDataset();
        return new DicomFile(DicomFileWriter.CreateFileMeta(dataset, DicomTransferSyntax.ExplicitVRLittleEndian), dataset,
            DicomTransferSyntax.ExplicitVRLittleEndian);
    }

    public static byte[] Pixels(int seed) => Enumerable.Range(0, 32).Select(i => (byte)(i * 7 + seed)).ToArray();

    public static byte[] ToBytes(DicomFile file)
    {
        using var stream = new MemoryStream();
        DicomFileWriter.Write(stream, file);
        return stream.ToArray();
    }
}
