using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Archive.Demo;

public sealed partial class DemoStudyGenerator
{
    public const int UsFrames = 24;
    public const int UsRows = 480;
    public const int UsColumns = 640;
    public const double UsFrameTimeMs = 1000.0 / 30;

    /// <summary>
    /// A multi-frame RGB ultrasound clip (PS3.3 C.8.5.6 US Image, C.7.6.6 Multi-frame with Frame Time): a speckled
    /// sector with a dark vessel and a colour flow spot moving across it, 24 frames at 30 per second.
    /// </summary>
    public DicomFile UltrasoundClip()
    {
        var b = Common("us/study", "us/series", "1.2.840.10008.5.1.4.1.1.3.1", "us/0", "DEMO^US", "US",
            new DateOnly(2023, 11, 28), "US ABDOMEN (DEMO)", "Liver cine", 1, 1);
        b.Set(DicomTags.ImageType, "ORIGINAL", "PRIMARY", "ABDOMINAL")
            .SetUInt16(DicomTags.SamplesPerPixel, 3)
            .Set(DicomTags.PhotometricInterpretation, "RGB")
            .SetUInt16(DicomTags.PlanarConfiguration, 0)
            .Set(DicomTags.NumberOfFrames, Int(UsFrames))
            .SetTags(DicomTags.FrameIncrementPointer, DicomTags.FrameTime)
            .Set(DicomTags.FrameTime, Ds(UsFrameTimeMs))
            .Set(DicomTags.CineRate, "30")
            .Set(DicomTags.RecommendedDisplayFrameRate, "30")
            .SetUInt16(DicomTags.Rows, UsRows)
            .SetUInt16(DicomTags.Columns, UsColumns)
            .SetUInt16(DicomTags.BitsAllocated, 8)
            .SetUInt16(DicomTags.BitsStored, 8)
            .SetUInt16(DicomTags.HighBit, 7)
            .SetUInt16(DicomTags.PixelRepresentation, 0)
            .Set(DicomTags.LossyImageCompression, "00")
            .Set(DicomTags.BodyPartExamined, "ABDOMEN")
            .SetBytes(DicomTags.PixelData, DicomVR.OB, UsPixels());
        return ToFile(b);
    }

    /// <summary>True when image pixel (row, column) lies in the imaging sector (apex at the top centre, 80 degrees).</summary>
    public static bool InUsSector(int row, int column)
    {
        double dx = column - UsColumns / 2.0, dy = row - 20.0;
        var radius = Math.Sqrt(dx * dx + dy * dy);
        return dy > 0 && radius < 440 && Math.Abs(Math.Atan2(dx, dy)) < 40 * Math.PI / 180;
    }

    private byte[] UsPixels()
    {
        var frameBytes = UsRows * UsColumns * 3;
        var pixels = new byte[frameBytes * UsFrames];
        var speckle = new Noise(NoiseSeed("us"));
        // The speckle is the same tissue in every frame (a still probe); only the flow spot moves.
        var tissue = new byte[UsRows * UsColumns];
        for (var r = 0; r < UsRows; r++)
        {
            for (var c = 0; c < UsColumns; c++)
            {
                if (!InUsSector(r, c))
                {
                    continue;
                }
                var vessel = InEllipse(c, r, 330, 260, 120, 28);
                var gain = 1 - r / 700.0; // depth attenuation
                var level = vessel ? 12 : (95 + 55 * speckle.Next()) * gain;
                tissue[r * UsColumns + c] = (byte)Math.Clamp((int)level, 0, 255);
            }
        }
        for (var f = 0; f < UsFrames; f++)
        {
            var frame = pixels.AsSpan(f * frameBytes, frameBytes);
            var flowX = 240 + 180.0 * f / (UsFrames - 1);
            for (var i = 0; i < tissue.Length; i++)
            {
                int r = i / UsColumns, c = i % UsColumns;
                byte red = tissue[i], green = tissue[i], blue = tissue[i];
                if (InEllipse(c, r, flowX, 260, 35, 22) && InEllipse(c, r, 330, 260, 120, 28))
                {
                    // Colour flow: red towards the probe in the upper half of the spot, blue away in the lower.
                    (red, green, blue) = r < 260 ? ((byte)220, (byte)40, (byte)30) : ((byte)30, (byte)80, (byte)230);
                }
                frame[i * 3] = red;
                frame[i * 3 + 1] = green;
                frame[i * 3 + 2] = blue;
            }
        }
        return pixels;
    }
}
