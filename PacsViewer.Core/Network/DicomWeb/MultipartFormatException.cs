namespace PacsViewer.Core.Network.DicomWeb;

/// <summary>
/// A <c>multipart/related</c> body (RFC 2387, RFC 2046 5.1) is not well formed: no boundary, a part that never ends,
/// headers longer than the limit, a stream that stops in the middle. The message names the problem and the byte
/// offset in the body.
/// </summary>
public sealed class MultipartFormatException : FormatException
{
    public MultipartFormatException(string message) : base(message) { }

    public MultipartFormatException(string problem, long offset) : base($"malformed multipart/related body: {problem} (at byte {offset})")
    {
        Offset = offset;
    }

    /// <summary>Byte offset in the body where the problem was seen, or -1 when it concerns the header.</summary>
    public long Offset { get; } = -1;
}
