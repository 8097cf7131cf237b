using System.Buffers.Binary;
using PacsViewer.Core.Codecs;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Tests.Core.Codecs.Jpeg;

/// <summary>
/// Test-local frame access for the JPEG tests until the shared frame reader lands: the joined fragments of one
/// frame (PS3.5 A.4), plus statistics of stored values as the references define them.
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

    public static (DicomFile File, FrameInfo Info, DicomFragmentSequence Fragments) Open(string relativePath)
    {
        var file = DicomFile.Open(TestFiles.Sample(relativePath));
        var pixels = Assert.IsType<DicomFragmentSequence>(file.Dataset[DicomTags.PixelData]);
        return (file, FrameInfo.FromDataset(file.Dataset), pixels);
    }

    /// <summary>
    /// The bytes of frame <paramref name="frame"/>: by Basic Offset Table offsets when it has them; otherwise all
    /// fragments for a single frame, one fragment per frame when the counts agree, else the run of fragments from
    /// the one starting with SOI (FFD8) up to the next such fragment.
    /// </summary>
    public static byte[] FrameBytes(DicomFragmentSequence pixels, int frame, int numberOfFrames)
    {
        var fragments = pixels.Fragments.Select(f => f.GetBytes().ToArray()).ToArray();
        IEnumerable<byte[]> parts;
        var offsets = pixels.BasicOffsetTable;
        if (offsets.Count > 0)
        {
            var start = offsets[frame];
            var end = frame + 1 < offsets.Count ? offsets[frame + 1] : uint.MaxValue;
            var list = new List<byte[]>();
            long position = 0;
            foreach (var fragment in fragments)
            {
                if (position >= start && position < end)
                {
                    list.Add(fragment);
                }
                position += 8 + fragment.Length;
            }
            parts = list;
        }
        else if (numberOfFrames == 1)
        {
            parts = fragments;
        }
        else if (numberOfFrames == fragments.Length)
        {
            parts = [fragments[frame]];
        }
        else
        {
            var starts = Enumerable.Range(0, fragments.Length)
                .Where(i => fragments[i].Length >= 2 && fragments[i][0] == 0xFF && fragments[i][1] == 0xD8).ToArray();
            var first = starts[frame];
            var next = frame + 1 < starts.Length ? starts[frame + 1] : fragments.Length;
            parts = fragments[first..next];
        }
        return parts.SelectMany(p => p).ToArray();
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

    /// <summary>Stored values (masked to Bits Stored, sign-extended from High Bit when signed) of a decoded frame.</summary>
    public static int[] StoredValues(ReadOnlySpan<byte> decoded, FrameInfo info)
    {
        var count = decoded.Length / info.BytesPerSample;
        var values = new int[count];
        var shift = info.HighBit + 1 - info.BitsStored;
        var mask = (1 << info.BitsStored) - 1;
        for (var i = 0; i < count; i++)
        {
            var raw = info.BytesPerSample == 1 ? decoded[i] : BinaryPrimitives.ReadUInt16LittleEndian(decoded[(2 * i)..]);
            var value = (raw >> shift) & mask;
            if (info.IsSigned && (value & (1 << (info.BitsStored - 1))) != 0)
            {
                value -= 1 << info.BitsStored;
            }
            values[i] = value;
        }
        return values;
    }

    public static (double Min, double Max, double Mean) Stats(int[] values) =>
        (values.Min(), values.Max(), values.Average(v => (double)v));
}
