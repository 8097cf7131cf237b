using System.Buffers.Binary;
using PacsViewer.Core.Archive.Demo;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Benchmarks.Viewer;

/// <summary>
/// A large synthetic CR for the viewer benchmark (the demo CR is 1280x1024): the demo radiograph's header with its
/// own patient, study, series and instance, and 2048 columns x 2500 rows of 12-bit MONOCHROME1 pixels drawn from the
/// demo's chest phantom (<see cref="DemoStudyGenerator.ChestAttenuation"/>) at 0.175 mm.
/// </summary>
internal static class LargeRadiograph
{
    public const int Rows = 2500;
    public const int Columns = 2048;
    public const string PatientName = "BENCH^CRLARGE";
    private const double Spacing = 0.175;

    public static DicomFile Create(DemoStudyGenerator generator)
    {
        var source = generator.Radiograph();
        var dataset = new DicomDatasetBuilder(source.Dataset)
            .Set(DicomTags.PatientName, PatientName)
            .Set(DicomTags.PatientID, "BENCH-CR-LARGE")
            .Set(DicomTags.StudyInstanceUID, DicomVR.UI, generator.Uid("crlarge/study"))
            .Set(DicomTags.SeriesInstanceUID, DicomVR.UI, generator.Uid("crlarge/series"))
            .Set(DicomTags.SOPInstanceUID, DicomVR.UI, generator.Uid("crlarge/0"))
            .Set(DicomTags.StudyDescription, "XR CHEST PA (BENCHMARK, LARGE)")
            .SetUInt16(DicomTags.Rows, Rows)
            .SetUInt16(DicomTags.Columns, Columns)
            .Set(DicomTags.ImagerPixelSpacing, "0.175", "0.175")
            .SetBytes(DicomTags.PixelData, DicomVR.OW, Pixels())
            .ToDataset();
        return new DicomFile(DicomFileWriter.CreateFileMeta(dataset, source.TransferSyntax), dataset, source.TransferSyntax);
    }

    private static byte[] Pixels()
    {
        var pixels = new byte[Rows * Columns * 2];
        for (var r = 0; r < Rows; r++)
        {
            var y = (r - (Rows - 1) / 2.0) * Spacing;
            for (var c = 0; c < Columns; c++)
            {
                var x = (c - (Columns - 1) / 2.0) * Spacing;
                // MONOCHROME1: more attenuation, lower value; a little deterministic texture so JPEG has work to do.
                var value = 3900 - 3400 * DemoStudyGenerator.ChestAttenuation(x, y) + ((r * 7 + c * 13) % 41);
                BinaryPrimitives.WriteUInt16LittleEndian(pixels.AsSpan((r * Columns + c) * 2), (ushort)Math.Clamp(value, 0, 4095));
            }
        }
        return pixels;
    }
}
