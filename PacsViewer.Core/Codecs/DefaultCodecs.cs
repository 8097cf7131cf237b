using PacsViewer.Core.Codecs.Deflate;
using PacsViewer.Core.Codecs.Jpeg;
using PacsViewer.Core.Codecs.Jpeg2000;
using PacsViewer.Core.Codecs.JpegLs;
using PacsViewer.Core.Codecs.Rle;

namespace PacsViewer.Core.Codecs;

/// <summary>
/// The one list of the decoders PacsViewer ships. Each codec family adds its decoder here; the registry picks
/// the first available decoder per transfer syntax.
/// </summary>
public static class DefaultCodecs
{
    /// <summary>New instances of every decoder, in order of preference.</summary>
    public static IReadOnlyList<IFrameDecoder> Decoders() =>
    [
        new RleDecoder(),
        new JpegFrameDecoder(),
        new CharLsDecoder(),
        new OpenJpegDecoder(),
        new DeflateDecoder(),
    ];

    /// <summary>A registry of <see cref="Decoders"/> (register it as a singleton).</summary>
    public static CodecRegistry CreateDefault() => new(Decoders());
}
