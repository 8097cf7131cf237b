using PacsViewer.Core.Codecs;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Imaging;

namespace PacsViewer.Tests.Core.Imaging;

/// <summary>
/// Test-local stand-in for the frame layer until its FrameReader lands: frame 0 of native (uncompressed, little
/// endian) pixel data as the <see cref="DecodedFrame"/> contract describes it: planar 1 turned interleaved,
/// YBR_FULL_422 kept as stored (Y1 Y2 CB CR per pixel pair).
/// </summary>
internal static class NativeFrameLoader
{
    public static (DicomDataset Dataset, DecodedFrame Frame) Load(string path)
    {
        var file = DicomFile.Open(path);
        var ds = file.Dataset;
        var info = FrameInfo.FromDataset(ds);
        var data = ds.GetBytes(DicomTags.PixelData).Span;
        var is422 = info.PhotometricInterpretation == "YBR_FULL_422";
        var frameBytes = is422 ? (int)(info.PixelCount * 2) : (int)info.FrameLength;
        Assert.True(data.Length >= frameBytes, $"{path}: pixel data {data.Length} bytes, frame needs {frameBytes}");
        var frame = DecodedFrame.Allocate(info.With(planarConfiguration: 0));
        var dst = frame.Pixels;
        if (info.PlanarConfiguration == 1 && info.SamplesPerPixel == 3)
        {
            var plane = (int)info.PixelCount * info.BytesPerSample;
            var bps = info.BytesPerSample;
            for (var p = 0; p < info.PixelCount; p++)
            {
                for (var s = 0; s < 3; s++)
                {
                    data.Slice(s * plane + p * bps, bps).CopyTo(dst.Slice((p * 3 + s) * bps, bps));
                }
            }
        }
        else
        {
            data[..frameBytes].CopyTo(dst);
        }
        return (ds, frame);
    }
}
