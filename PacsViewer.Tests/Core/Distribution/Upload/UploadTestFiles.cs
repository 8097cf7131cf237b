using System.IO.Compression;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Tests.Core.Archive.Local;

namespace PacsViewer.Tests.Core.Distribution.Upload;

/// <summary>
/// The mixed set of uploads the tests send: good synthetic objects with fresh UIDs, and bad ones (not DICOM,
/// truncated, missing a UID, short pixel data), as bytes; ZIPs built from named entries.
/// </summary>
internal static class UploadTestFiles
{
    public static string NewUid() => "2.25." + new System.Numerics.BigInteger(Guid.NewGuid().ToByteArray(), isUnsigned: true);

    /// <summary>A good object in a new study (or <paramref name="study"/>): a 4x4 16-bit Secondary Capture.</summary>
    public static (byte[] Bytes, string Study, string Sop) Good(string? study = null, int instance = 1)
    {
        var studyUid = study ?? NewUid();
        var sop = NewUid();
        return (ArchiveTestObjects.ToBytes(ArchiveTestObjects.Create(studyUid, NewUid(), sop, patientName: "UPLOAD^TEST", patientId: "UP1",
            instanceNumber: instance)), studyUid, sop);
    }

    public static byte[] NotDicom() => "this is a text file, not DICOM\n"u8.ToArray();

    /// <summary>A good object cut in the middle of its pixel data.</summary>
    public static byte[] Truncated()
    {
        var bytes = Good().Bytes;
        return bytes[..(bytes.Length - 20)];
    }

    /// <summary>A Part 10 file whose dataset has no SOP Instance UID.</summary>
    public static byte[] MissingSopInstanceUid()
    {
        var file = ArchiveTestObjects.Create(NewUid(), NewUid(), NewUid());
        var dataset = file.Dataset.ToBuilder().Remove(DicomTags.SOPInstanceUID).ToDataset();
        var meta = file.FileMetaInformation.ToBuilder().Remove(DicomTags.MediaStorageSOPInstanceUID).ToDataset();
        return ToBytes(new DicomFile(meta, dataset, DicomTransferSyntax.ExplicitVRLittleEndian));
    }

    /// <summary>Rows and Columns say 64x64 while the pixel data holds 4x4.</summary>
    public static byte[] ShortPixelData()
    {
        var file = ArchiveTestObjects.Create(NewUid(), NewUid(), NewUid());
        var dataset = file.Dataset.ToBuilder().SetUInt16(DicomTags.Rows, 64).SetUInt16(DicomTags.Columns, 64).ToDataset();
        return ToBytes(new DicomFile(file.FileMetaInformation, dataset, DicomTransferSyntax.ExplicitVRLittleEndian));
    }

    /// <summary>A ZIP of the given entries (name, bytes), deflated.</summary>
    public static byte[] Zip(params (string Name, byte[] Bytes)[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in entries)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                using var target = entry.Open();
                target.Write(bytes);
            }
        }
        return stream.ToArray();
    }

    private static byte[] ToBytes(DicomFile file)
    {
        using var stream = new MemoryStream();
        DicomFileWriter.Write(stream, file);
        return stream.ToArray();
    }
}
