using PacsViewer.Core.Codecs;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Imaging;

namespace PacsViewer.Tests.Core.Imaging.Grayscale;

/// <summary>
/// Test-local stand-in for frame access until FrameReader lands: frame 0 of NATIVE (uncompressed) pixel data copied
/// into a <see cref="DecodedFrame"/> (the reader already gives little-endian value bytes).
/// </summary>
internal static class NativeFrame
{
    public static (DicomDataset Dataset, DecodedFrame Frame) Load(string path)
    {
        var file = DicomFile.Open(path);
        var dataset = file.Dataset;
        var info = FrameInfo.FromDataset(dataset);
        var bytes = dataset.GetBytes(DicomTags.PixelData).Span;
        var frame = DecodedFrame.Allocate(info);
        if (bytes.Length < frame.Length)
        {
            frame.Dispose();
            throw new InvalidDataException($"{path}: pixel data has {bytes.Length} bytes, frame 0 needs {frame.Length}");
        }
        bytes[..frame.Length].CopyTo(frame.Pixels);
        return (dataset, frame);
    }
}
