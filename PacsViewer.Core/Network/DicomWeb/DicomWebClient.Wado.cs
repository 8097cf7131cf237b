using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Network.DicomWeb;

public sealed partial class DicomWebClient
{
    /// <summary>
    /// WADO-RS metadata of every instance in a series (PS3.18 10.4.1.1.2), one dataset at a time. Bulk data values
    /// are kept as BulkDataURI references (see <see cref="RetrieveBulkDataAsync"/>).
    /// </summary>
    public IAsyncEnumerable<DicomDataset> RetrieveSeriesMetadataAsync(string studyInstanceUid, string seriesInstanceUid,
        CancellationToken cancellationToken = default) =>
        ReadDatasetsAsync(HttpMethod.Get, Resolve($"{SeriesPath(studyInstanceUid, seriesInstanceUid)}/metadata"), DicomWebMediaTypes.DicomJson, cancellationToken);

    /// <summary>WADO-RS metadata of every instance in a study (PS3.18 10.4.1.1.2).</summary>
    public IAsyncEnumerable<DicomDataset> RetrieveStudyMetadataAsync(string studyInstanceUid, CancellationToken cancellationToken = default) =>
        ReadDatasetsAsync(HttpMethod.Get, Resolve($"studies/{Segment(studyInstanceUid, nameof(studyInstanceUid))}/metadata"), DicomWebMediaTypes.DicomJson, cancellationToken);

    /// <summary>WADO-RS metadata of one instance (PS3.18 10.4.1.1.2).</summary>
    public async Task<DicomDataset> RetrieveInstanceMetadataAsync(string studyInstanceUid, string seriesInstanceUid, string sopInstanceUid,
        CancellationToken cancellationToken = default)
    {
        var uri = Resolve($"{InstancePath(studyInstanceUid, seriesInstanceUid, sopInstanceUid)}/metadata");
        await foreach (var dataset in ReadDatasetsAsync(HttpMethod.Get, uri, DicomWebMediaTypes.DicomJson, cancellationToken).ConfigureAwait(false))
        {
            return dataset;
        }
        throw Fail(HttpMethod.Get, uri, null, "the server returned no metadata for the instance");
    }

    /// <summary>
    /// WADO-RS retrieve of a series' instances (PS3.18 10.4.1.1.1), each yielded as soon as its part has arrived, so
    /// the first can be shown before the last is sent. <paramref name="transferSyntax"/> goes into the Accept header:
    /// <c>*</c> (default) keeps the stored encoding, null lets the server send Explicit VR Little Endian, a UID asks
    /// for that syntax (PS3.18 8.7.3.5.2).
    /// </summary>
    public IAsyncEnumerable<DicomFile> RetrieveSeriesAsync(string studyInstanceUid, string seriesInstanceUid,
        string? transferSyntax = DicomWebMediaTypes.AnyTransferSyntax, CancellationToken cancellationToken = default) =>
        RetrieveInstancesAsync(Resolve(SeriesPath(studyInstanceUid, seriesInstanceUid)), transferSyntax, cancellationToken);

    /// <summary>WADO-RS retrieve of a whole study's instances (PS3.18 10.4.1.1.1), streamed like <see cref="RetrieveSeriesAsync"/>.</summary>
    public IAsyncEnumerable<DicomFile> RetrieveStudyAsync(string studyInstanceUid, string? transferSyntax = DicomWebMediaTypes.AnyTransferSyntax,
        CancellationToken cancellationToken = default) =>
        RetrieveInstancesAsync(Resolve($"studies/{Segment(studyInstanceUid, nameof(studyInstanceUid))}"), transferSyntax, cancellationToken);

    /// <summary>
    /// WADO-RS retrieve of a series (PS3.18 10.4.1.1.1) without parsing: each <c>application/dicom</c> part's body is
    /// handed to <paramref name="readPart"/> as a stream while it arrives (with a description for messages and the
    /// size limit <see cref="DicomWebClientOptions.MaxInstanceBytes"/>), e.g. to copy it to a file, and what it returns
    /// is yielded. The caller owns the yielded values.
    /// </summary>
    public IAsyncEnumerable<T> RetrieveSeriesPartsAsync<T>(string studyInstanceUid, string seriesInstanceUid,
        Func<Stream, string, long, CancellationToken, Task<T>> readPart, string? transferSyntax = DicomWebMediaTypes.AnyTransferSyntax,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(readPart);
        return RetrieveInstancePartsAsync(Resolve(SeriesPath(studyInstanceUid, seriesInstanceUid)), transferSyntax, readPart, cancellationToken);
    }

    /// <summary>WADO-RS retrieve of one instance, its part's body handed to <paramref name="readPart"/> as in <see cref="RetrieveSeriesPartsAsync"/>.</summary>
    public async Task<T> RetrieveInstancePartAsync<T>(string studyInstanceUid, string seriesInstanceUid, string sopInstanceUid,
        Func<Stream, string, long, CancellationToken, Task<T>> readPart, string? transferSyntax = DicomWebMediaTypes.AnyTransferSyntax,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(readPart);
        var uri = Resolve(InstancePath(studyInstanceUid, seriesInstanceUid, sopInstanceUid));
        await foreach (var value in RetrieveInstancePartsAsync(uri, transferSyntax, readPart, cancellationToken).ConfigureAwait(false))
        {
            return value; // Leaving the enumeration skips (never buffers) any further part.
        }
        throw Fail(HttpMethod.Get, uri, null, "the multipart response holds no instance");
    }

    /// <summary>WADO-RS retrieve of one instance (PS3.18 10.4.1.1.1).</summary>
    public async Task<DicomFile> RetrieveInstanceAsync(string studyInstanceUid, string seriesInstanceUid, string sopInstanceUid,
        string? transferSyntax = DicomWebMediaTypes.AnyTransferSyntax, CancellationToken cancellationToken = default)
    {
        var uri = Resolve(InstancePath(studyInstanceUid, seriesInstanceUid, sopInstanceUid));
        await foreach (var file in RetrieveInstancesAsync(uri, transferSyntax, cancellationToken).ConfigureAwait(false))
        {
            return file;
        }
        throw Fail(HttpMethod.Get, uri, null, "the multipart response holds no instance");
    }

    /// <summary>
    /// WADO-RS retrieve of frames (PS3.18 10.4.1.1.3), 1-based frame numbers. <paramref name="transferSyntax"/> null asks
    /// for uncompressed Explicit VR Little Endian pixels, <c>*</c> for the stored encoding, a UID for that syntax;
    /// <paramref name="partType"/> is the part media type asked for (PS3.18 Table 8.7.3-2: application/octet-stream,
    /// image/jls, image/jp2, ...).
    /// </summary>
    public async Task<IReadOnlyList<DicomWebFrame>> RetrieveFramesAsync(string studyInstanceUid, string seriesInstanceUid, string sopInstanceUid,
        IReadOnlyList<int> frameNumbers, string? transferSyntax = null, string partType = DicomWebMediaTypes.OctetStream,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frameNumbers);
        if (frameNumbers.Count == 0 || frameNumbers.Any(n => n < 1))
        {
            throw new ArgumentException("frame numbers start at 1 and at least one is needed", nameof(frameNumbers));
        }
        var list = string.Join("%2C", frameNumbers.Select(n => n.ToString(CultureInfo.InvariantCulture)));
        var uri = Resolve($"{InstancePath(studyInstanceUid, seriesInstanceUid, sopInstanceUid)}/frames/{list}");
        var accept = DicomWebMediaTypes.MultipartAccept(partType, transferSyntax);
        using var response = await SendAsync(HttpMethod.Get, uri, accept, null, cancellationToken).ConfigureAwait(false);
        var reader = await OpenMultipartAsync(response, HttpMethod.Get, uri, cancellationToken).ConfigureAwait(false);
        var frames = new List<DicomWebFrame>(frameNumbers.Count);
        while (await NextPartAsync(reader, HttpMethod.Get, uri, response.StatusCode, cancellationToken).ConfigureAwait(false) is { } part)
        {
            if (frames.Count == frameNumbers.Count)
            {
                throw Fail(HttpMethod.Get, uri, response.StatusCode, $"more parts than the {frameNumbers.Count} frames asked for");
            }
            var data = await ReadBoundedAsync(part.Body, _options.MaxFrameBytes, HttpMethod.Get, uri, response.StatusCode, cancellationToken).ConfigureAwait(false);
            var mediaType = part.MediaType ?? DicomWebMediaTypes.OctetStream;
            // PS3.18 8.7.3.3.2: uncompressed bulk data without a transfer-syntax parameter is Explicit VR Little Endian.
            var syntax = part.TransferSyntaxUid
                ?? (mediaType == DicomWebMediaTypes.OctetStream ? DicomTransferSyntax.ExplicitVRLittleEndian.Uid : "");
            frames.Add(new DicomWebFrame(frameNumbers[frames.Count], mediaType, syntax, data));
        }
        if (frames.Count != frameNumbers.Count)
        {
            throw Fail(HttpMethod.Get, uri, response.StatusCode, $"{frames.Count} parts for the {frameNumbers.Count} frames asked for");
        }
        return frames;
    }

    /// <summary>
    /// Retrieves a bulk data value by its BulkDataURI (PS3.18 10.4.1.1.5). The URI must be on this server: credentials
    /// are never sent elsewhere.
    /// </summary>
    public async Task<ReadOnlyMemory<byte>> RetrieveBulkDataAsync(string bulkDataUri, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(bulkDataUri);
        var uri = new Uri(_http.BaseAddress!, bulkDataUri);
        if (Uri.Compare(uri, _http.BaseAddress, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            throw Fail(HttpMethod.Get, uri, null, "the BulkDataURI points to another server than this source; it is not followed");
        }
        using var response = await SendAsync(HttpMethod.Get, uri, DicomWebMediaTypes.MultipartAccept(DicomWebMediaTypes.OctetStream), null, cancellationToken)
            .ConfigureAwait(false);
        if (ContentType(response)?.MediaType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) != true)
        {
            var whole = await OpenBodyAsync(response, long.MaxValue, cancellationToken).ConfigureAwait(false);
            return await ReadBoundedAsync(whole, _options.MaxFrameBytes, HttpMethod.Get, uri, response.StatusCode, cancellationToken).ConfigureAwait(false);
        }
        var reader = await OpenMultipartAsync(response, HttpMethod.Get, uri, cancellationToken).ConfigureAwait(false);
        var part = await NextPartAsync(reader, HttpMethod.Get, uri, response.StatusCode, cancellationToken).ConfigureAwait(false)
            ?? throw Fail(HttpMethod.Get, uri, response.StatusCode, "the multipart response holds no part");
        return await ReadBoundedAsync(part.Body, _options.MaxFrameBytes, HttpMethod.Get, uri, response.StatusCode, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// WADO-RS rendered retrieve of an instance or one of its frames (PS3.18 10.4.1.1.4) with the rendering query
    /// parameters of PS3.18 8.3.5: <c>window=center,width,function</c> and <c>viewport=width,height</c>.
    /// </summary>
    public async Task<DicomWebRendered> RetrieveRenderedAsync(string studyInstanceUid, string seriesInstanceUid, string sopInstanceUid,
        int? frameNumber = null, string accept = "image/png", (double Center, double Width, string Function)? window = null,
        (int Width, int Height)? viewport = null, CancellationToken cancellationToken = default)
    {
        var path = InstancePath(studyInstanceUid, seriesInstanceUid, sopInstanceUid)
            + (frameNumber is { } f ? $"/frames/{f.ToString(CultureInfo.InvariantCulture)}" : "") + "/rendered";
        var query = new List<string>();
        if (window is { } w)
        {
            query.Add(string.Create(CultureInfo.InvariantCulture, $"window={w.Center},{w.Width},{Uri.EscapeDataString(w.Function)}"));
        }
        if (viewport is { } v)
        {
            query.Add(string.Create(CultureInfo.InvariantCulture, $"viewport={v.Width},{v.Height}"));
        }
        var uri = Resolve(path, string.Join('&', query));
        using var response = await SendAsync(HttpMethod.Get, uri, accept, null, cancellationToken).ConfigureAwait(false);
        var body = await OpenBodyAsync(response, long.MaxValue, cancellationToken).ConfigureAwait(false);
        var data = await ReadBoundedAsync(body, _options.MaxFrameBytes, HttpMethod.Get, uri, response.StatusCode, cancellationToken).ConfigureAwait(false);
        return new DicomWebRendered(ContentType(response)?.MediaType ?? accept, data);
    }

    // PS3.18 10.4.3: the instances come as a multipart/related payload of application/dicom parts.
    private IAsyncEnumerable<DicomFile> RetrieveInstancesAsync(Uri uri, string? transferSyntax, CancellationToken cancellationToken) =>
        RetrieveInstancePartsAsync(uri, transferSyntax,
            (body, name, maxBytes, ct) => DicomFile.ReadAsync(body, null, name, maxBytes, ct), cancellationToken);

    private async IAsyncEnumerable<T> RetrieveInstancePartsAsync<T>(Uri uri, string? transferSyntax,
        Func<Stream, string, long, CancellationToken, Task<T>> readPart, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var accept = DicomWebMediaTypes.MultipartAccept(DicomWebMediaTypes.Dicom, transferSyntax);
        using var response = await SendAsync(HttpMethod.Get, uri, accept, null, cancellationToken).ConfigureAwait(false);
        var reader = await OpenMultipartAsync(response, HttpMethod.Get, uri, cancellationToken).ConfigureAwait(false);
        var index = 0;
        while (await NextPartAsync(reader, HttpMethod.Get, uri, response.StatusCode, cancellationToken).ConfigureAwait(false) is { } part)
        {
            if (part.MediaType is { } mediaType && !string.Equals(mediaType, DicomWebMediaTypes.Dicom, StringComparison.OrdinalIgnoreCase))
            {
                throw Fail(HttpMethod.Get, uri, response.StatusCode, $"part {index + 1} is {mediaType}, not {DicomWebMediaTypes.Dicom}");
            }
            T value;
            try
            {
                value = await readPart(part.Body, $"part {index + 1}", _options.MaxInstanceBytes, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is DicomFormatException || IsReadFailure(e))
            {
                throw Fail(HttpMethod.Get, uri, response.StatusCode, $"part {index + 1}: {e.Message}", e);
            }
            index++;
            yield return value;
        }
    }

    private static string SeriesPath(string studyInstanceUid, string seriesInstanceUid) =>
        $"studies/{Segment(studyInstanceUid, nameof(studyInstanceUid))}/series/{Segment(seriesInstanceUid, nameof(seriesInstanceUid))}";

    private static string InstancePath(string studyInstanceUid, string seriesInstanceUid, string sopInstanceUid) =>
        $"{SeriesPath(studyInstanceUid, seriesInstanceUid)}/instances/{Segment(sopInstanceUid, nameof(sopInstanceUid))}";
}
