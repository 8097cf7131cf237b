using PacsViewer.Core.Codecs;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Imaging;

/// <summary>
/// Gives one frame of an image as a <see cref="DecodedFrame"/>: native pixel data is sliced to just that
/// frame's bytes (PS3.5 8.1.1, 8.2), encapsulated pixel data has that frame's fragments located (PS3.5 A.4)
/// and decoded by the codec registered for the transfer syntax. Thread-safe; holds no per-call state.
/// </summary>
public sealed partial class FrameReader(CodecRegistry codecs)
{
    private readonly CodecRegistry _codecs = codecs ?? throw new ArgumentNullException(nameof(codecs));

    /// <summary>Frame <paramref name="frameIndex"/> (0-based) of <paramref name="file"/>.</summary>
    public DecodedFrame ReadFrame(DicomFile file, int frameIndex)
    {
        ArgumentNullException.ThrowIfNull(file);
        return ReadFrame(file.Dataset, file.TransferSyntax, frameIndex);
    }

    /// <summary>
    /// Frame <paramref name="frameIndex"/> (0-based) of <paramref name="dataset"/>, encoded in
    /// <paramref name="syntax"/>. The caller disposes the result. Throws <see cref="PixelDataException"/> (or its
    /// subclass <see cref="CodecUnavailableException"/>) when the frame cannot be produced.
    /// </summary>
    public DecodedFrame ReadFrame(DicomDataset dataset, DicomTransferSyntax syntax, int frameIndex)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(syntax);
        var info = FrameInfo.FromDataset(dataset);
        if (frameIndex < 0 || frameIndex >= info.NumberOfFrames)
        {
            throw new PixelDataException($"frame {frameIndex} does not exist: the object has {info.NumberOfFrames} frame(s)");
        }
        var element = PixelDataElement(dataset)
            ?? throw new PixelDataException("the dataset has no Pixel Data (7FE0,0010), Float Pixel Data (7FE0,0008) or Double Float Pixel Data (7FE0,0009)");
        return element switch
        {
            DicomFragmentSequence fragments => ReadEncapsulated(dataset, syntax, fragments, info, frameIndex),
            DicomValueElement native when !syntax.IsEncapsulated || native.Value.Length > 0 => ReadNative(native.Value, info, frameIndex),
            _ => throw new PixelDataException($"{element.Tag} is not pixel data that {syntax.Name} can hold"),
        };
    }

    private static DicomElement? PixelDataElement(DicomDataset dataset) =>
        dataset[DicomTags.PixelData] ?? dataset[DicomTags.FloatPixelData] ?? dataset[DicomTags.DoubleFloatPixelData];
}
