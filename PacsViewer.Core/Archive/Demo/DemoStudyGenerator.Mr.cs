using System.Buffers.Binary;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Archive.Demo;

public sealed partial class DemoStudyGenerator
{
    public const int MrSlices = 24;
    public const int MrMatrix = 256;
    public const double MrPixelSpacing = 0.9;
    public const double MrSliceSpacing = 5;

    /// <summary>Sagittal: rows run anterior to posterior (+y), columns superior to inferior (-z) (PS3.3 C.7.6.2.1.1).</summary>
    public static IReadOnlyList<double> MrOrientation { get; } = [0, 1, 0, 0, 0, -1];

    /// <summary>The slice normal, row direction x column direction: (-1, 0, 0), towards the patient's right.</summary>
    public static IReadOnlyList<double> MrNormal { get; } = [-1, 0, 0];

    /// <summary>The first slice's top-left pixel centre; later slices step <see cref="MrSliceSpacing"/> along the normal.</summary>
    public static IReadOnlyList<double> MrFirstPosition { get; } = [57.5, -115, 115];

    /// <summary>A sagittal T1-like head series: scalp, skull, brain, ventricles, 24 slices of 256x256, no rescale.</summary>
    public IEnumerable<DicomFile> MagneticResonance(CancellationToken cancellationToken = default) =>
        Slices(MrSlices, MrSlice, cancellationToken);

    public DicomFile MrSlice(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, MrSlices);
        var position = new double[3];
        for (var k = 0; k < 3; k++)
        {
            position[k] = MrFirstPosition[k] + index * MrSliceSpacing * MrNormal[k];
        }
        var b = Common("mr/study", "mr/series", "1.2.840.10008.5.1.4.1.1.4", $"mr/{index}", "DEMO^MR", "MR",
            new DateOnly(2024, 2, 20), "MR HEAD (DEMO)", "Sag T1", 3, index + 1);
        Grayscale(b, MrMatrix, MrMatrix, 12, "MONOCHROME2")
            .Set(DicomTags.ImageType, "ORIGINAL", "PRIMARY", "OTHER")
            .Set(DicomTags.FrameOfReferenceUID, Uid("mr/frame-of-reference"))
            .Set(DicomTags.PositionReferenceIndicator, "")
            .Set(DicomTags.BodyPartExamined, "HEAD")
            .Set(DicomTags.PatientPosition, "HFS")
            .Set(DicomTags.ScanningSequence, "SE")
            .Set(DicomTags.SequenceVariant, "NONE")
            .Set(DicomTags.ScanOptions, "")
            .Set(DicomTags.MRAcquisitionType, "2D")
            .Set(DicomTags.RepetitionTime, "500")
            .Set(DicomTags.EchoTime, "12")
            .Set(DicomTags.EchoTrainLength, "1")
            .Set(DicomTags.MagneticFieldStrength, "1.5")
            .Set(DicomTags.SliceThickness, Ds(MrSliceSpacing))
            .Set(DicomTags.SpacingBetweenSlices, Ds(MrSliceSpacing))
            .Set(DicomTags.ImagePositionPatient, position.Select(Ds).ToArray())
            .Set(DicomTags.ImageOrientationPatient, MrOrientation.Select(Ds).ToArray())
            .Set(DicomTags.PixelSpacing, Ds(MrPixelSpacing), Ds(MrPixelSpacing))
            .Set(DicomTags.WindowCenter, "500")
            .Set(DicomTags.WindowWidth, "1000")
            .SetBytes(DicomTags.PixelData, DicomVR.OW, MrPixels(index, position));
        return ToFile(b);
    }

    private byte[] MrPixels(int index, double[] position)
    {
        var pixels = new byte[MrMatrix * MrMatrix * 2];
        var noise = new Noise(NoiseSeed($"mr/{index}"));
        var x = position[0];
        // The head is a sphere-like ellipsoid; each sagittal slice cuts smaller ellipses further from the midline.
        var lateral = Math.Max(0, 1 - x * x / (70.0 * 70.0));
        var scale = Math.Sqrt(lateral);
        for (var r = 0; r < MrMatrix; r++)
        {
            for (var c = 0; c < MrMatrix; c++)
            {
                // Patient position of the pixel: position + c * spacing * row direction + r * spacing * column direction.
                var y = position[1] + c * MrPixelSpacing * MrOrientation[1];
                var z = position[2] + r * MrPixelSpacing * MrOrientation[5];
                double signal;
                if (scale <= 0 || !InEllipse(y, z, 0, 10, 95 * scale, 110 * scale))
                {
                    signal = 0;
                }
                else if (!InEllipse(y, z, 0, 10, 88 * scale, 103 * scale))
                {
                    signal = 850; // scalp fat, bright on T1
                }
                else if (!InEllipse(y, z, 0, 10, 82 * scale, 97 * scale))
                {
                    signal = 60; // skull
                }
                else if (Math.Abs(x) < 12 && InEllipse(y, z, 5, 25, 22, 10))
                {
                    signal = 150; // lateral ventricle (CSF, dark on T1)
                }
                else if (InEllipse(y, z, 0, 10, 60 * scale, 72 * scale))
                {
                    signal = 620; // white matter
                }
                else
                {
                    signal = 480; // grey matter
                }
                var value = Math.Clamp((int)Math.Round(signal + 15 * noise.Next() + 15), 0, 4095);
                BinaryPrimitives.WriteUInt16LittleEndian(pixels.AsSpan((r * MrMatrix + c) * 2), (ushort)value);
            }
        }
        return pixels;
    }
}
