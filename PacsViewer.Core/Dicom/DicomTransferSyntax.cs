using System.Collections.Frozen;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Core.Dicom;

/// <summary>
/// How a dataset is encoded (PS3.5 10): VR explicit or implicit, byte order, deflate, and whether pixel data
/// is encapsulated (PS3.5 A.4). Names come from the UID registry.
/// </summary>
public sealed record DicomTransferSyntax(string Uid, bool IsExplicitVR, bool IsBigEndian, bool IsDeflated, bool IsEncapsulated, bool IsLossy = false)
{
    /// <summary>The registered name (PS3.6 Table A-1), or a description for an unregistered UID.</summary>
    public string Name => DicomUidRegistry.TryGet(Uid, out var entry) ? entry.Name : $"Unknown transfer syntax {Uid}";

    // PS3.5 A.1-A.5 and PS3.6 Table A-1.
    public static readonly DicomTransferSyntax ImplicitVRLittleEndian = new("1.2.840.10008.1.2", false, false, false, false);
    public static readonly DicomTransferSyntax ExplicitVRLittleEndian = new("1.2.840.10008.1.2.1", true, false, false, false);
    public static readonly DicomTransferSyntax EncapsulatedUncompressedExplicitVRLittleEndian = new("1.2.840.10008.1.2.1.98", true, false, false, true);
    public static readonly DicomTransferSyntax DeflatedExplicitVRLittleEndian = new("1.2.840.10008.1.2.1.99", true, false, true, false);
    public static readonly DicomTransferSyntax ExplicitVRBigEndian = new("1.2.840.10008.1.2.2", true, true, false, false);
    public static readonly DicomTransferSyntax JpegBaseline8Bit = Encapsulated("1.2.840.10008.1.2.4.50", lossy: true);
    public static readonly DicomTransferSyntax JpegExtended12Bit = Encapsulated("1.2.840.10008.1.2.4.51", lossy: true);
    public static readonly DicomTransferSyntax JpegLossless = Encapsulated("1.2.840.10008.1.2.4.57");
    public static readonly DicomTransferSyntax JpegLosslessSV1 = Encapsulated("1.2.840.10008.1.2.4.70");
    public static readonly DicomTransferSyntax JpegLSLossless = Encapsulated("1.2.840.10008.1.2.4.80");
    public static readonly DicomTransferSyntax JpegLSNearLossless = Encapsulated("1.2.840.10008.1.2.4.81", lossy: true);
    public static readonly DicomTransferSyntax Jpeg2000Lossless = Encapsulated("1.2.840.10008.1.2.4.90");
    public static readonly DicomTransferSyntax Jpeg2000 = Encapsulated("1.2.840.10008.1.2.4.91", lossy: true);
    public static readonly DicomTransferSyntax Jpeg2000Part2MulticomponentLossless = Encapsulated("1.2.840.10008.1.2.4.92");
    public static readonly DicomTransferSyntax Jpeg2000Part2Multicomponent = Encapsulated("1.2.840.10008.1.2.4.93", lossy: true);
    public static readonly DicomTransferSyntax Mpeg2MainProfile = Encapsulated("1.2.840.10008.1.2.4.100", lossy: true);
    public static readonly DicomTransferSyntax Mpeg4AvcH264HighProfile = Encapsulated("1.2.840.10008.1.2.4.102", lossy: true);
    public static readonly DicomTransferSyntax HevcH265MainProfile = Encapsulated("1.2.840.10008.1.2.4.107", lossy: true);
    public static readonly DicomTransferSyntax HighThroughputJpeg2000Lossless = Encapsulated("1.2.840.10008.1.2.4.201");
    public static readonly DicomTransferSyntax HighThroughputJpeg2000RpclLossless = Encapsulated("1.2.840.10008.1.2.4.202");
    public static readonly DicomTransferSyntax HighThroughputJpeg2000 = Encapsulated("1.2.840.10008.1.2.4.203", lossy: true);
    public static readonly DicomTransferSyntax RleLossless = Encapsulated("1.2.840.10008.1.2.5");

    // PS3.5 A.4.13: each frame deflated (RFC 1951) into its own fragment.
    public static readonly DicomTransferSyntax DeflatedImageFrameCompression = Encapsulated("1.2.840.10008.1.2.8.1");

    private static readonly FrozenDictionary<string, DicomTransferSyntax> Known = new[]
    {
        ImplicitVRLittleEndian, ExplicitVRLittleEndian, EncapsulatedUncompressedExplicitVRLittleEndian,
        DeflatedExplicitVRLittleEndian, ExplicitVRBigEndian, JpegBaseline8Bit, JpegExtended12Bit, JpegLossless,
        JpegLosslessSV1, JpegLSLossless, JpegLSNearLossless, Jpeg2000Lossless, Jpeg2000,
        Jpeg2000Part2MulticomponentLossless, Jpeg2000Part2Multicomponent, Mpeg2MainProfile,
        Mpeg4AvcH264HighProfile, HevcH265MainProfile, HighThroughputJpeg2000Lossless,
        HighThroughputJpeg2000RpclLossless, HighThroughputJpeg2000, RleLossless, DeflatedImageFrameCompression,
    }.ToFrozenDictionary(t => t.Uid);

    public static IReadOnlyCollection<DicomTransferSyntax> All => Known.Values;

    /// <summary>True when this syntax is one of the table above.</summary>
    public bool IsKnown => Known.ContainsKey(Uid);

    /// <summary>
    /// The transfer syntax for a UID. An unknown UID is taken as explicit VR little endian with encapsulated
    /// pixel data, which PS3.5 A.4 requires of every transfer syntax other than the native ones.
    /// </summary>
    public static DicomTransferSyntax FromUid(string uid)
    {
        var key = uid.Trim(' ', '\0');
        return Known.TryGetValue(key, out var ts) ? ts : new DicomTransferSyntax(key, true, false, false, true);
    }

    public override string ToString() => $"{Name} ({Uid})";

    private static DicomTransferSyntax Encapsulated(string uid, bool lossy = false) =>
        new(uid, true, false, false, true, lossy);
}
