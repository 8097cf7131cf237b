using System.Buffers.Binary;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Archive.Demo;

public sealed partial class DemoStudyGenerator
{
    public const int CtSlices = 120;
    public const int CtMatrix = 512;
    public const double CtPixelSpacing = 0.7;
    public const double CtSliceSpacing = 2.5;
    public const double CtFirstSliceZ = -150;
    public const double CtRescaleIntercept = -1024;
    public const double CtRescaleSlope = 1;

    /// <summary>Patient x and y of the first pixel's centre: the matrix is centred on the table axis.</summary>
    public static double CtOrigin => -(CtMatrix - 1) / 2.0 * CtPixelSpacing;

    /// <summary>
    /// An axial CT of a trunk phantom: fat and soft tissue, lungs, heart, aorta, liver, kidneys, spine and ribs in
    /// plausible Hounsfield units, 120 slices of 512x512 stepping +2.5 mm along the slice normal (0,0,1).
    /// </summary>
    public IEnumerable<DicomFile> ComputedTomography(CancellationToken cancellationToken = default) =>
        Slices(CtSlices, CtSlice, cancellationToken);

    /// <summary>One CT slice; <paramref name="index"/> 0 is the most inferior.</summary>
    public DicomFile CtSlice(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, CtSlices);
        var z = CtFirstSliceZ + index * CtSliceSpacing;
        var b = Common("ct/study", "ct/series", "1.2.840.10008.5.1.4.1.1.2", $"ct/{index}", "DEMO^CT", "CT",
            new DateOnly(2024, 3, 14), "CT CHEST ABDOMEN (DEMO)", "Axial 2.5 mm", 2, index + 1);
        CtImage(b, CtMatrix, CtMatrix, CtSliceSpacing)
            .Set(DicomTags.KVP, "120")
            .Set(DicomTags.AcquisitionNumber, "1")
            .Set(DicomTags.SpacingBetweenSlices, Ds(CtSliceSpacing))
            .Set(DicomTags.ImagePositionPatient, Ds(CtOrigin), Ds(CtOrigin), Ds(z))
            .Set(DicomTags.ImageOrientationPatient, "1", "0", "0", "0", "1", "0")
            .Set(DicomTags.SliceLocation, Ds(z))
            .Set(DicomTags.PixelSpacing, Ds(CtPixelSpacing), Ds(CtPixelSpacing))
            .SetBytes(DicomTags.PixelData, DicomVR.OW, CtPixels(index, z));
        return ToFile(b);
    }

    /// <summary>Twelve rib cross-sections on an ellipse just inside the body wall (a constant table).</summary>
    private static readonly (double X, double Y)[] RibCentres = Enumerable.Range(0, 12)
        .Select(k => Math.PI * (k + 0.5) / 6)
        .Select(a => (140 * Math.Cos(a), 92 * Math.Sin(a)))
        .ToArray();

    /// <summary>The Hounsfield value of the phantom at a point in patient coordinates (mm, LPS).</summary>
    public static double PhantomHu(double x, double y, double z)
    {
        if (!InEllipse(x, y, 0, 0, 165, 115))
        {
            return -1000; // air
        }
        // Spine: cortical ring around cancellous bone, and the canal behind it.
        var spine = Math.Sqrt(x * x + (y - 75) * (y - 75));
        if (spine <= 18)
        {
            return spine >= 14 ? 900 : 250;
        }
        if (InEllipse(x, y, 0, 100, 7, 7))
        {
            return 15;
        }
        if (InEllipse(x, y, 15, 45, 12, 12))
        {
            return 180; // contrast-filled aorta
        }
        if (z >= 20)
        {
            // Ribs: small bones just inside the body wall.
            foreach (var (rx, ry) in RibCentres)
            {
                if (InEllipse(x, y, rx, ry, 6, 6))
                {
                    return 700;
                }
            }
        }
        if (!InEllipse(x, y, 0, 0, 155, 105))
        {
            return -100; // subcutaneous fat
        }
        if (z >= 30 && z <= 110 && InEllipse(x, y, 20, -25, 48, 42))
        {
            return 45; // heart
        }
        if (z >= 20 && (InEllipse(x, y, -75, 0, 55, 72) || InEllipse(x, y, 75, 0, 55, 72)))
        {
            return -850; // lungs
        }
        if (z > -100 && z < 20 && InEllipse(x, y, -60, 5, 75, 65))
        {
            return 60; // liver
        }
        if (z > -120 && z < -40 && (InEllipse(x, y, -70, 55, 25, 30) || InEllipse(x, y, 70, 55, 25, 30)))
        {
            return 30; // kidneys
        }
        return 40; // soft tissue
    }

    /// <summary>What every demo CT image shares: 12-bit grayscale, one Frame of Reference, HU rescale, two windows.</summary>
    private DicomDatasetBuilder CtImage(DicomDatasetBuilder b, int rows, int columns, double sliceThickness) =>
        Grayscale(b, rows, columns, 12, "MONOCHROME2")
            .Set(DicomTags.FrameOfReferenceUID, Uid("ct/frame-of-reference"))
            .Set(DicomTags.PositionReferenceIndicator, "")
            .Set(DicomTags.BodyPartExamined, "CHEST")
            .Set(DicomTags.PatientPosition, "HFS")
            .Set(DicomTags.SliceThickness, Ds(sliceThickness))
            .Set(DicomTags.RescaleIntercept, Ds(CtRescaleIntercept))
            .Set(DicomTags.RescaleSlope, Ds(CtRescaleSlope))
            .Set(DicomTags.RescaleType, "HU")
            .Set(DicomTags.WindowCenter, "40", "-600")
            .Set(DicomTags.WindowWidth, "400", "1500")
            .Set(DicomTags.WindowCenterWidthExplanation, "SOFT TISSUE", "LUNG");

    /// <summary>The 12-bit stored value of a phantom HU with noise (none in air): (HU - intercept) / slope (PS3.3 C.11.1.1.2).</summary>
    private static ushort CtStored(double hu, ref Noise noise)
    {
        var value = hu <= -1000 ? hu : hu + 8 * noise.Next();
        return (ushort)Math.Clamp((int)Math.Round((value - CtRescaleIntercept) / CtRescaleSlope), 0, 4095);
    }

    private byte[] CtPixels(int index, double z)
    {
        var pixels = new byte[CtMatrix * CtMatrix * 2];
        var noise = new Noise(NoiseSeed($"ct/{index}"));
        for (var r = 0; r < CtMatrix; r++)
        {
            // PS3.3 C.7.6.2.1.1: with orientation (1,0,0)/(0,1,0), column c is at x and row r at y.
            var y = CtOrigin + r * CtPixelSpacing;
            var row = pixels.AsSpan(r * CtMatrix * 2, CtMatrix * 2);
            for (var c = 0; c < CtMatrix; c++)
            {
                var x = CtOrigin + c * CtPixelSpacing;
                BinaryPrimitives.WriteUInt16LittleEndian(row[(c * 2)..], CtStored(PhantomHu(x, y, z), ref noise));
            }
        }
        return pixels;
    }
}
