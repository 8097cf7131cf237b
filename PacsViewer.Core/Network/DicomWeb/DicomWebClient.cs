using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO.Json;

namespace PacsViewer.Core.Network.DicomWeb;

/// <summary>
/// A typed client of one DICOMweb origin server (PS3.18 10): QIDO-RS search, WADO-RS retrieve and STOW-RS store.
/// The <see cref="HttpClient"/>'s BaseAddress is the service root (e.g. <c>http://pacs/dicom-web/</c>); timeouts,
/// retries and authentication are handlers of that client. Responses are read as they arrive: search results and
/// metadata one dataset at a time, instances one part at a time. Every failure is a <see cref="DicomWebException"/>.
/// The operations are in the partial files DicomWebClient.Qido.cs, .Wado.cs and .Stow.cs.
/// </summary>
public sealed partial class DicomWebClient
{
    private static readonly JsonSerializerOptions JsonOptions = new() { MaxDepth = 3 * 64 + 4 };

    private readonly HttpClient _http;
    private readonly DicomWebClientOptions _options;

    public DicomWebClient(HttpClient httpClient, DicomWebClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        if (httpClient.BaseAddress is not { IsAbsoluteUri: true } baseAddress || !baseAddress.AbsolutePath.EndsWith('/'))
        {
            throw new ArgumentException("the HttpClient needs an absolute BaseAddress ending in '/' (the DICOMweb service root)", nameof(httpClient));
        }
        _http = httpClient;
        _options = options ?? DicomWebClientOptions.Default;
    }

    /// <summary>The DICOMweb service root.</summary>
    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>Sends a request and returns the response once its headers are in; the body is read by the caller.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, string accept, HttpContent? content,
        CancellationToken cancellationToken, params HttpStatusCode[] alsoAccepted)
    {
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        request.Headers.TryAddWithoutValidation("Accept", accept);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw Fail(method, uri, null, $"the request failed ({e.HttpRequestError}): {e.Message}", e);
        }
        catch (Exception e) when (e is OperationCanceledException or Polly.Timeout.TimeoutRejectedException && !cancellationToken.IsCancellationRequested)
        {
            throw Fail(method, uri, null, "no answer before the timeout", e);
        }
        catch (Exception e) when (e is Polly.CircuitBreaker.BrokenCircuitException)
        {
            throw Fail(method, uri, null, "too many recent failures; requests are paused for a while (circuit open)", e);
        }
        if (response.IsSuccessStatusCode || alsoAccepted.Contains(response.StatusCode))
        {
            return response;
        }
        using (response)
        {
            var problem = response.StatusCode switch
            {
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => "the server refused the credentials of this source",
                HttpStatusCode.NotFound => "no such resource on this server",
                HttpStatusCode.NotAcceptable => $"the server cannot send {accept}",
                HttpStatusCode.UnsupportedMediaType => "the server does not accept this media type",
                _ => "the server answered an error",
            };
            throw Fail(method, uri, response.StatusCode, problem);
        }
    }

    private Uri Resolve(string relative, string? query = null)
    {
        var uri = new Uri(_http.BaseAddress!, relative);
        // The query is already escaped (QidoQuery.EscapeValue); keep it as written so '^' reaches the server unescaped.
        return string.IsNullOrEmpty(query)
            ? uri
            : new Uri(uri.GetLeftPart(UriPartial.Path) + "?" + query, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
    }

    private static string Segment(string uid, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(uid, name);
        return Uri.EscapeDataString(uid);
    }

    private static DicomWebException Fail(HttpMethod method, Uri uri, HttpStatusCode? status, string problem, Exception? inner = null) =>
        new(method.Method, uri.AbsolutePath, status, problem, inner);

    /// <summary>Reads a JSON array of DICOM JSON Model objects one object at a time (PS3.18 F.2).</summary>
    private async IAsyncEnumerable<DicomDataset> ReadDatasetsAsync(HttpMethod method, Uri uri, string accept,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, uri, accept, null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            yield break; // PS3.18 10.6.3.2: no matches
        }
        RequireJson(response, method, uri);
        var stream = await OpenBodyAsync(response, _options.MaxJsonBytes, cancellationToken).ConfigureAwait(false);
        await using var items = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, JsonOptions, cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        var index = 0;
        while (true)
        {
            DicomDataset dataset;
            try
            {
                if (!await items.MoveNextAsync().ConfigureAwait(false))
                {
                    break;
                }
                dataset = DicomJsonReader.Read(items.Current);
            }
            catch (JsonException e)
            {
                throw Fail(method, uri, response.StatusCode, $"the response is not a JSON array of DICOM JSON objects: {e.Message}", e);
            }
            catch (DicomFormatException e)
            {
                throw Fail(method, uri, response.StatusCode, $"result {index} is malformed DICOM JSON: {e.Message}", e);
            }
            catch (HttpRequestException e)
            {
                throw Fail(method, uri, response.StatusCode, $"the connection failed while reading the response: {e.Message}", e);
            }
            catch (IOException e)
            {
                throw Fail(method, uri, response.StatusCode, $"the connection failed while reading the response: {e.Message}", e);
            }
            catch (Exception e) when (e is InvalidDataException or TimeoutException)
            {
                throw Fail(method, uri, response.StatusCode, e.Message, e);
            }
            index++;
            yield return dataset;
        }
    }

    private static void RequireJson(HttpResponseMessage response, HttpMethod method, Uri uri)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not null && !mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase))
        {
            throw Fail(method, uri, response.StatusCode, $"expected {DicomWebMediaTypes.DicomJson}, got {mediaType}");
        }
    }

    /// <summary>A multipart reader over the response body; throws when the response is not multipart.</summary>
    private async Task<MultipartRelatedReader> OpenMultipartAsync(HttpResponseMessage response, HttpMethod method, Uri uri, CancellationToken cancellationToken)
    {
        var contentType = response.Content.Headers.ContentType?.ToString();
        var stream = await OpenBodyAsync(response, long.MaxValue, cancellationToken).ConfigureAwait(false);
        try
        {
            return MultipartRelatedReader.Create(stream, contentType, _options.MaxPartHeaderBytes);
        }
        catch (MultipartFormatException e)
        {
            throw Fail(method, uri, response.StatusCode, e.Message, e);
        }
    }

    /// <summary>The next part, with malformed multipart and connection failures reported as <see cref="DicomWebException"/>.</summary>
    private static async Task<MultipartPart?> NextPartAsync(MultipartRelatedReader reader, HttpMethod method, Uri uri, HttpStatusCode status,
        CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadNextPartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsReadFailure(e))
        {
            throw Fail(method, uri, status, e.Message, e);
        }
    }

    /// <summary>Reads a body into memory, growing only with bytes that arrive, refusing more than <paramref name="maxBytes"/>.</summary>
    private static async Task<byte[]> ReadBoundedAsync(Stream body, long maxBytes, HttpMethod method, Uri uri, HttpStatusCode status,
        CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        try
        {
            int n;
            while ((n = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + n > maxBytes)
                {
                    throw Fail(method, uri, status, $"the body is larger than the limit of {maxBytes} bytes");
                }
                await buffer.WriteAsync(chunk.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (IsReadFailure(e))
        {
            throw Fail(method, uri, status, e.Message, e);
        }
        return buffer.ToArray();
    }

    /// <summary>The response body, bounded in size and in idle time (see <see cref="ResponseBodyStream"/>).</summary>
    private async Task<Stream> OpenBodyAsync(HttpResponseMessage response, long limit, CancellationToken cancellationToken) =>
        new ResponseBodyStream(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), limit, _options.BodyIdleTimeout);

    /// <summary>Failures while reading a body: malformed multipart, a broken or stalled connection, too many bytes.</summary>
    private static bool IsReadFailure(Exception e) =>
        e is MultipartFormatException or IOException or HttpRequestException or TimeoutException or InvalidDataException;

    private static MediaTypeHeaderValue? ContentType(HttpResponseMessage response) => response.Content.Headers.ContentType;
}
