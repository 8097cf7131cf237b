using System.Buffers.Binary;

namespace PacsViewer.Core.Codecs.Jpeg;

/// <summary>
/// What the decoder needs to know before it commits memory: the frame header (SOFn), the first scan header
/// (SOS), an Adobe APP14 colour transform and whether the stream ends with EOI. Read from the marker segments
/// between SOI and the first SOS (ITU-T T.81 B.2), every length checked against the bytes that exist.
/// </summary>
internal sealed class JpegHeader
{
    private const byte MarkerSoi = 0xD8;
    private const byte MarkerEoi = 0xD9;
    private const byte MarkerSos = 0xDA;
    private const byte MarkerApp14 = 0xEE;

    private JpegHeader(byte startOfFrame, int precision, int lines, int samplesPerLine, JpegComponentHeader[] components,
        int predictor, int pointTransform, int? adobeTransform)
    {
        StartOfFrame = startOfFrame;
        Precision = precision;
        Lines = lines;
        SamplesPerLine = samplesPerLine;
        Components = components;
        Predictor = predictor;
        PointTransform = pointTransform;
        AdobeTransform = adobeTransform;
    }

    /// <summary>The second byte of the SOFn marker (0xC0 baseline, 0xC1 extended, 0xC3 lossless; T.81 Table B.1).</summary>
    public byte StartOfFrame { get; }

    /// <summary>Sample precision P (T.81 B.2.2): 8 or 12 for DCT processes, 2 to 16 for lossless.</summary>
    public int Precision { get; }

    /// <summary>Number of lines Y; 0 means a DNL segment defines it later (T.81 B.2.5), which is not supported.</summary>
    public int Lines { get; }

    /// <summary>Samples per line X.</summary>
    public int SamplesPerLine { get; }

    public IReadOnlyList<JpegComponentHeader> Components { get; }

    /// <summary>Lossless processes: the predictor selection value, Ss of the first scan (T.81 H.1.2.1, Table H.1).</summary>
    public int Predictor { get; }

    /// <summary>Lossless processes: the point transform Pt, Al of the first scan (T.81 H.1.2.1).</summary>
    public int PointTransform { get; }

    /// <summary>Adobe APP14 transform flag: 0 = no transform (RGB or CMYK as stored), 1 = YCbCr, 2 = YCCK; null when absent.</summary>
    public int? AdobeTransform { get; }

    public bool IsLossless => StartOfFrame is 0xC3 or 0xC7 or 0xCB or 0xCF;

    /// <summary>Huffman or arithmetic sequential/progressive DCT, or Huffman lossless: what JpegLibrary decodes.</summary>
    public bool IsSupportedProcess => StartOfFrame is 0xC0 or 0xC1 or 0xC2 or 0xC3 or 0xC9 or 0xCA;

    public string ProcessName => StartOfFrame switch
    {
        0xC0 => "baseline DCT (SOF0)",
        0xC1 => "extended sequential DCT (SOF1)",
        0xC2 => "progressive DCT (SOF2)",
        0xC3 => "lossless, Huffman (SOF3)",
        0xC5 or 0xC6 or 0xC7 => $"hierarchical, Huffman (SOF{StartOfFrame - 0xC0})",
        0xC9 => "extended sequential DCT, arithmetic (SOF9)",
        0xCA => "progressive DCT, arithmetic (SOF10)",
        0xCB => "lossless, arithmetic (SOF11)",
        _ => $"hierarchical, arithmetic (SOF{StartOfFrame - 0xC0})",
    };

    /// <summary>
    /// Reads the headers of <paramref name="jpeg"/>. Throws <see cref="PixelDataException"/> when the stream does
    /// not start with SOI, a segment runs past the end, no frame or scan header comes before the entropy-coded data,
    /// or the stream does not end with EOI (after any trailing zero padding: a truncated frame).
    /// </summary>
    public static JpegHeader Parse(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != MarkerSoi)
        {
            throw new PixelDataException("the frame is not a JPEG stream: it does not start with the SOI marker FFD8 (ITU-T T.81 B.2.1)");
        }
        if (!EndsWithEndOfImage(jpeg))
        {
            throw new PixelDataException("the JPEG stream is truncated: it does not end with the EOI marker FFD9 (ITU-T T.81 B.2.1)");
        }

        byte sof = 0;
        int precision = 0, lines = 0, samplesPerLine = 0;
        JpegComponentHeader[]? components = null;
        int? adobeTransform = null;
        var position = 2;
        while (true)
        {
            // Markers may be preceded by any number of fill bytes 0xFF (T.81 B.1.1.2).
            if (position >= jpeg.Length || jpeg[position] != 0xFF)
            {
                throw new PixelDataException($"the JPEG stream has no marker where one is expected at offset {position}");
            }
            while (position < jpeg.Length && jpeg[position] == 0xFF)
            {
                position++;
            }
            if (position >= jpeg.Length)
            {
                throw new PixelDataException("the JPEG stream ends inside a marker");
            }
            var marker = jpeg[position++];
            if (marker is (>= 0xD0 and <= 0xD7) or 0x01)
            {
                continue; // RSTm and TEM stand alone (T.81 B.1.1.3)
            }
            if (marker is MarkerEoi or MarkerSoi)
            {
                throw new PixelDataException($"the JPEG stream has marker FF{marker:X2} before its first scan");
            }
            if (position + 2 > jpeg.Length)
            {
                throw new PixelDataException($"the JPEG marker segment FF{marker:X2} at offset {position - 2} has no length");
            }
            int length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[position..]);
            if (length < 2 || position + length > jpeg.Length)
            {
                throw new PixelDataException($"the JPEG marker segment FF{marker:X2} at offset {position - 2} declares {length} bytes, more than remain");
            }
            var segment = jpeg.Slice(position + 2, length - 2);
            position += length;

            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (components is not null)
                {
                    throw new PixelDataException("the JPEG stream has more than one frame header (SOFn)");
                }
                // T.81 B.2.2: P, Y, X, Nf, then Nf x (Ci, Hi|Vi, Tqi).
                if (segment.Length < 6 || segment[5] == 0 || segment.Length != 6 + 3 * segment[5])
                {
                    throw new PixelDataException($"the JPEG frame header (SOF{marker - 0xC0}) is malformed ({segment.Length} bytes)");
                }
                sof = marker;
                precision = segment[0];
                lines = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]);
                samplesPerLine = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);
                components = new JpegComponentHeader[segment[5]];
                for (var i = 0; i < components.Length; i++)
                {
                    var c = segment.Slice(6 + 3 * i, 3);
                    components[i] = new JpegComponentHeader(c[0], c[1] >> 4, c[1] & 0x0F);
                }
            }
            else if (marker == MarkerApp14 && segment.Length >= 12 && segment[..5].SequenceEqual("Adobe"u8))
            {
                adobeTransform = segment[11];
            }
            else if (marker == MarkerSos)
            {
                if (components is null)
                {
                    throw new PixelDataException("the JPEG stream has a scan (SOS) before its frame header (SOFn)");
                }
                // T.81 B.2.3: Ns, Ns x (Csj, Tdj|Taj), Ss, Se, Ah|Al.
                if (segment.Length < 4 || segment.Length != 4 + 2 * segment[0])
                {
                    throw new PixelDataException("the JPEG scan header (SOS) is malformed");
                }
                var tail = segment[^3..];
                return new JpegHeader(sof, precision, lines, samplesPerLine, components, tail[0], tail[2] & 0x0F, adobeTransform);
            }
        }
    }

    private static bool EndsWithEndOfImage(ReadOnlySpan<byte> jpeg)
    {
        // Fragments are padded to even length (PS3.5 A.4), and some writers add a few more bytes (zeros, a space):
        // look for EOI among the last 16 bytes. Inside entropy-coded data 0xFF is always followed by 0x00 or RSTm
        // (T.81 B.1.1.5), so FFD9 there can only be the real end of image.
        var tail = jpeg[Math.Max(2, jpeg.Length - 16)..];
        return tail.IndexOf([(byte)0xFF, MarkerEoi]) >= 0;
    }
}
