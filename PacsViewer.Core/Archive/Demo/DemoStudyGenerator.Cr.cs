using System.Buffers.Binary;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Archive.Demo;

public sealed partial class DemoStudyGenerator
{
    public const int CrRows = 1280;
    public const int CrColumns = 1024;
    public const double CrImagerPixelSpacing = 0.3;

    /// <summary>
    /// A PA chest radiograph in MONOCHROME1 (PS3.3 C.7.6.3.1.2: the minimum value is shown white), so bone, which
    /// attenuates most, has the lowest stored values and the air around the patient the highest.
    /// </summary>
    public DicomFile Radiograph()
    {
        var b = Common("cr/study", "cr/series", "1.2.840.10008.5.1.4.1.1.1", "cr/0", "DEMO^CR", "CR",
            new DateOnly(2024, 1, 9), "XR CHEST PA (DEMO)", "PA", 1, 1);
        Grayscale(b, CrRows, CrColumns, 12, "MONOCHROME1")
            .Set(DicomTags.ImageType, "ORIGINAL", "PRIMARY")
            .Set(DicomTags.BodyPartExamined, "CHEST")
            .Set(DicomTags.ViewPosition, "PA")
            .Set(DicomTags.PatientOrientation, "L", "F")
            .Set(DicomTags.KVP, "125")
            .Set(DicomTags.ImagerPixelSpacing, Ds(CrImagerPixelSpacing), Ds(CrImagerPixelSpacing))
            .Set(DicomTags.WindowCenter, "2048")
            .Set(DicomTags.WindowWidth, "4096")
            .SetBytes(DicomTags.PixelData, DicomVR.OW, CrPixels());
        return ToFile(b);
    }

    /// <summary>How much of the beam a point of the chest absorbs, 0 (air) to 1, at image position (mm from centre).</summary>
    public static double ChestAttenuation(double x, double y)
    {
        if (!InEllipse(x, y, 0, 20, 170, 230))
        {
            return 0;
        }
        var a = 0.45; // soft tissue
        if (InEllipse(x, y, -75, -10, 62, 140) || InEllipse(x, y, 75, -10, 62, 140))
        {
            a = 0.18; // lungs
        }
        if (InEllipse(x, y, 12, 55, 55, 60))
        {
            a = 0.55; // heart
        }
        if (Math.Abs(x) < 16)
        {
            a = 0.85; // spine
        }
        // Ribs: curved bands across each lung field.
        for (var k = 0; k < 9; k++)
        {
            var centre = -135 + 30 * k + 0.002 * x * x;
            if (Math.Abs(y - centre) < 5 && Math.Abs(x) < 140)
            {
                a = Math.Min(1, a + 0.3);
            }
        }
        return a;
    }

    private byte[] CrPixels()
    {
        var pixels = new byte[CrRows * CrColumns * 2];
        var noise = new Noise(NoiseSeed("cr"));
        for (var r = 0; r < CrRows; r++)
        {
            var y = (r - (CrRows - 1) / 2.0) * CrImagerPixelSpacing;
            for (var c = 0; c < CrColumns; c++)
            {
                var x = (c - (CrColumns - 1) / 2.0) * CrImagerPixelSpacing;
                var absorbed = ChestAttenuation(x, y);
                // MONOCHROME1: more absorption, lower value (shown brighter).
                var value = Math.Clamp((int)Math.Round(4095 * (1 - absorbed) + 20 * noise.Next()), 0, 4095);
                BinaryPrimitives.WriteUInt16LittleEndian(pixels.AsSpan((r * CrColumns + c) * 2), (ushort)value);
            }
        }
        return pixels;
    }
}
