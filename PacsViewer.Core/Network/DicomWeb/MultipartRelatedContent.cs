using System.Net;
using System.Net.Http.Headers;

namespace PacsViewer.Core.Network.DicomWeb;

/// <summary>
/// A streamed <c>multipart/related</c> request body (PS3.18 8.6.1.2), e.g. the instances of a STOW-RS request
/// (PS3.18 10.5.1.2). Parts are produced one at a time while the request is sent (chunked transfer coding), so a
/// study is never held in memory; each part's writer may be called again when the request is retried.
/// </summary>
public sealed class MultipartRelatedContent : HttpContent
{
    private readonly IReadOnlyList<Func<Stream, CancellationToken, Task>> _parts;
    private readonly string _partType;
    private readonly string _boundary;

    /// <param name="partType">The media type of every part, also the <c>type</c> parameter (RFC 2387 3.1).</param>
    /// <param name="parts">One writer per part, copying that part's body to the stream it is given.</param>
    public MultipartRelatedContent(string partType, IReadOnlyList<Func<Stream, CancellationToken, Task>> parts, string? boundary = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(partType);
        ArgumentNullException.ThrowIfNull(parts);
        _partType = partType;
        _parts = parts;
        _boundary = boundary ?? MultipartRelatedWriter.NewBoundary();
        Headers.ContentType = MediaTypeHeaderValue.Parse(DicomWebMediaTypes.MultipartContentType(partType, _boundary));
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var writer = new MultipartRelatedWriter(stream, _boundary);
        foreach (var part in _parts)
        {
            await writer.WritePartAsync([new("Content-Type", _partType)], part, cancellationToken).ConfigureAwait(false);
        }
        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
