using PacsViewer.Core.Codecs;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Core.Imaging;

public sealed partial class FrameReader
{
    /// <summary>
    /// The compressed bytes of frame <paramref name="frameIndex"/> of encapsulated pixel data: its fragments, located
    /// as <see cref="ReadFrame(DicomDataset, DicomTransferSyntax, int)"/> locates them (PS3.5 A.4), joined. For tests
    /// and tools that hand a codestream to a decoder themselves.
    /// </summary>
    internal static byte[] JoinFrameFragments(DicomDataset dataset, DicomTransferSyntax syntax, int frameIndex)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(syntax);
        var info = FrameInfo.FromDataset(dataset);
        if (frameIndex < 0 || frameIndex >= info.NumberOfFrames)
        {
            throw new PixelDataException($"frame {frameIndex} does not exist: the object has {info.NumberOfFrames} frame(s)");
        }
        if (PixelDataElement(dataset) is not DicomFragmentSequence sequence || sequence.Fragments.Length == 0)
        {
            throw new PixelDataException("the pixel data is not encapsulated in fragments (PS3.5 A.4)");
        }
        var range = LocateFrame(dataset, syntax, sequence, info, frameIndex);
        var joined = new byte[checked((int)range.Length)];
        var written = 0;
        for (var i = range.First; i < range.First + range.Count && written < joined.Length; i++)
        {
            var fragment = sequence.Fragments[i];
            var take = (int)Math.Min(fragment.Length, joined.Length - written);
            fragment.CopyTo(0, joined.AsSpan(written, take));
            written += take;
        }
        return joined;
    }
}
