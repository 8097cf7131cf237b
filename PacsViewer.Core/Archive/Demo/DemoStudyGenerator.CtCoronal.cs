using System.Buffers.Binary;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Archive.Demo;

public sealed partial class DemoStudyGenerator
{
    public const int CtCoronalSlices = 24;
    public const int CtCoronalRows = CtSlices;
    public const int CtCoronalColumns = CtMatrix / 2;
    public const double CtCoronalSliceSpacing = 10;
    public const double CtCoronalFirstSliceY = -115;

    /// <summary>The coronal pixel's column spacing: twice the axial one, so the reformat covers the same width.</summary>
    public const double CtCoronalColumnSpacing = CtPixelSpacing * 2;

    /// <summary>Patient z of the coronal images' first row: the most superior axial slice.</summary>
    public static double CtCoronalTopZ => CtFirstSliceZ + (CtSlices - 1) * CtSliceSpacing;

    /// <summary>
    /// A coronal reformat-like series of the same CT phantom, in the same study and Frame of Reference: 24 slices of
    /// 120 rows (head to feet, 2.5 mm) x 256 columns (right to left, 1.4 mm), stepping +10 mm along the normal
    /// (0,1,0), made from the phantom directly (cheap), so the viewer has non-parallel slices for reference lines.
    /// </summary>
    public IEnumerable<DicomFile> ComputedTomographyCoronal(CancellationToken cancellationToken = default) =>
        Slices(CtCoronalSlices, CtCoronalSlice, cancellationToken);

    /// <summary>One coronal slice; <paramref name="index"/> 0 is the most anterior.</summary>
    public DicomFile CtCoronalSlice(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, CtCoronalSlices);
        var y = CtCoronalFirstSliceY + index * CtCoronalSliceSpacing;
        var x0 = -(CtCoronalColumns - 1) / 2.0 * CtCoronalColumnSpacing;
        var b = Common("ct/study", "ct/coronal", "1.2.840.10008.5.1.4.1.1.2", $"ct/coronal/{index}", "DEMO^CT", "CT",
            new DateOnly(2024, 3, 14), "CT CHEST ABDOMEN (DEMO)", "Coronal 10 mm", 3, index + 1);
        CtImage(b, CtCoronalRows, CtCoronalColumns, CtCoronalSliceSpacing)
            .Set(DicomTags.ImageType, "DERIVED", "SECONDARY", "REFORMATTED")
            // PS3.3 C.7.6.2.1.1: rows run along +x (patient left), columns along -z (towards the feet); normal (0,1,0).
            .Set(DicomTags.ImagePositionPatient, Ds(x0), Ds(y), Ds(CtCoronalTopZ))
            .Set(DicomTags.ImageOrientationPatient, "1", "0", "0", "0", "0", "-1")
            .Set(DicomTags.SliceLocation, Ds(y))
            // Pixel Spacing is row spacing (z) then column spacing (x) (PS3.3 10.7.1.3).
            .Set(DicomTags.PixelSpacing, Ds(CtSliceSpacing), Ds(CtCoronalColumnSpacing))
            .SetBytes(DicomTags.PixelData, DicomVR.OW, CtCoronalPixels(index, x0, y));
        return ToFile(b);
    }

    private byte[] CtCoronalPixels(int index, double x0, double y)
    {
        var pixels = new byte[CtCoronalRows * CtCoronalColumns * 2];
        var noise = new Noise(NoiseSeed($"ct/coronal/{index}"));
        for (var r = 0; r < CtCoronalRows; r++)
        {
            var z = CtCoronalTopZ - r * CtSliceSpacing;
            var row = pixels.AsSpan(r * CtCoronalColumns * 2, CtCoronalColumns * 2);
            for (var c = 0; c < CtCoronalColumns; c++)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(row[(c * 2)..], CtStored(PhantomHu(x0 + c * CtCoronalColumnSpacing, y, z), ref noise));
            }
        }
        return pixels;
    }
}
