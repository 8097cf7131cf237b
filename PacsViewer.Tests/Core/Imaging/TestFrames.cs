using PacsViewer.Core.Codecs;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Imaging;

namespace PacsViewer.Tests.Core.Imaging;

/// <summary>Frames of sample files as the application reads them: through <see cref="FrameReader"/> with the default codecs.</summary>
internal static class TestFrames
{
    public static readonly FrameReader Reader = new(DefaultCodecs.CreateDefault());

    /// <summary>The dataset and frame <paramref name="frameIndex"/> of <paramref name="path"/>; the caller disposes the frame.</summary>
    public static (DicomDataset Dataset, DecodedFrame Frame) Load(string path, int frameIndex = 0)
    {
        var file = DicomFile.Open(path);
        return (file.Dataset, Reader.ReadFrame(file, frameIndex));
    }
}
