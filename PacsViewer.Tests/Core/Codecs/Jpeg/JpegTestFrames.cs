using System.Buffers.Binary;
using PacsViewer.Core.Codecs;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Tests.Core.Codecs.Jpeg;

/// <summary>
/// What only the JPEG tests need: the JPEG corpus files, which syntaxes are lossless, and the SOFn image size.
/// Frame bytes and stored values come from <see cref="CodecTestFrames"/>.
/// </summary>
internal static class JpegTestFrames
{
    public static readonly string[] JpegSyntaxes =
    [
        DicomTransferSyntax.JpegBaseline8Bit.Uid, DicomTransferSyntax.JpegExtended12Bit.Uid,
        DicomTransferSyntax.JpegLossless.Uid, DicomTransferSyntax.JpegLosslessSV1.Uid,
    ];

    /// <summary>Corpus files in a JPEG transfer syntax, per MANIFEST.tsv.</summary>
    public static IEnumerable<string> CorpusFiles() =>
        TestFiles.Manifest().Where(m => JpegSyntaxes.Contains(m.Value["transfer_syntax_uid"])).Select(m => m.Key).Order(StringComparer.Ordinal);

    public static bool IsLossless(string transferSyntaxUid) =>
        transferSyntaxUid == DicomTransferSyntax.JpegLossless.Uid || transferSyntaxUid == DicomTransferSyntax.JpegLosslessSV1.Uid;

    /// <summary>The file, its frame layout, and the file again as the source of <see cref="FrameBytes"/> (asserted encapsulated).</summary>
    public static (DicomFile File, FrameInfo Info, DicomFile Encapsulated) Open(string relativePath)
    {
        var file = DicomFile.Open(TestFiles.Sample(relativePath));
        Assert.IsType<DicomFragmentSequence>(file.Dataset[DicomTags.PixelData]);
        return (file, FrameInfo.FromDataset(file.Dataset), file);
    }

    /// <summary>Samples per line and lines of the first SOFn header (T.81 B.2.2), read without the decoder.</summary>
    public static (int Columns, int Rows) JpegSize(byte[] jpeg)
    {
        for (var i = 2; i + 8 < jpeg.Length;)
        {
            var marker = jpeg[i + 1];
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return (BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(i + 7)), BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(i + 5)));
            }
            i += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(i + 2));
        }
        throw new InvalidOperationException("no SOFn header");
    }
}
