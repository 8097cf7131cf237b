namespace PacsViewer.Core.Codecs;

/// <summary>
/// Decodes one compressed frame into memory the caller owns (conventions: never a whole object to show one frame).
/// Output layout: samples interleaved (Planar Configuration 0), little endian, in containers of
/// <see cref="FrameInfo.BytesPerSample"/> bytes; colour left in the colour space the codec produces (see
/// <see cref="GetDecodedInfo"/>). Implementations are thread-safe and hold no per-call state.
/// </summary>
public interface IFrameDecoder
{
    /// <summary>Short name for diagnostics, e.g. "RLE (managed)" or "CharLS 2.4 (libcharls.so.2)".</summary>
    string Name { get; }

    /// <summary>Transfer syntaxes this decoder handles.</summary>
    IReadOnlyList<string> TransferSyntaxUids { get; }

    /// <summary>False when a native library is missing; <see cref="UnavailableReason"/> says what to install.</summary>
    bool IsAvailable { get; }

    string? UnavailableReason { get; }

    /// <summary>The layout of the decoded frame: planar configuration 0, photometric as the codec leaves it.</summary>
    FrameInfo GetDecodedInfo(FrameInfo source);

    /// <summary>
    /// Decodes <paramref name="compressed"/> (one frame's bytes, fragments already joined) into
    /// <paramref name="destination"/>, whose length must be the decoded frame length. Throws
    /// <see cref="PixelDataException"/> for corrupt data or data that would expand beyond the destination.
    /// </summary>
    void Decode(ReadOnlySpan<byte> compressed, FrameInfo source, Span<byte> destination);
}
