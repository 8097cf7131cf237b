using System.Net.Http.Headers;

namespace PacsViewer.Core.Network.DicomWeb;

/// <summary>
/// One body part of a <c>multipart/related</c> payload (PS3.18 8.6.1.2): its headers and its body as a stream that
/// ends where the part ends. The body is read from the network as it is consumed; it is valid only until the next
/// call to <see cref="MultipartRelatedReader.ReadNextPartAsync"/>.
/// </summary>
public sealed class MultipartPart
{
    internal MultipartPart(IReadOnlyDictionary<string, string> headers, Stream body)
    {
        Headers = headers;
        Body = body;
        if (headers.TryGetValue("Content-Type", out var contentType))
        {
            ContentType = contentType;
            if (MediaTypeHeaderValue.TryParse(contentType, out var parsed))
            {
                MediaType = parsed.MediaType;
                TransferSyntaxUid = DicomWebMediaTypes.GetParameter(parsed, "transfer-syntax");
            }
        }
        Location = headers.GetValueOrDefault("Content-Location");
    }

    /// <summary>The part's header fields, names compared case-insensitively (RFC 2045 5.1).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The whole Content-Type field, or null when the part has none (then it is text/plain, RFC 2046 5.1).</summary>
    public string? ContentType { get; }

    /// <summary>The media type without parameters, e.g. <c>application/dicom</c>.</summary>
    public string? MediaType { get; }

    /// <summary>The <c>transfer-syntax</c> parameter of the part's Content-Type (PS3.18 8.7.3.5.2), when present.</summary>
    public string? TransferSyntaxUid { get; }

    /// <summary>The Content-Location field (PS3.18 8.6.1.2: the resource the part represents), when present.</summary>
    public string? Location { get; }

    /// <summary>The part's body; reads stop at the closing delimiter.</summary>
    public Stream Body { get; }
}
