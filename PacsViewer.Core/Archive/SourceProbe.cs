using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using PacsViewer.Core.Network.DicomWeb;
using PacsViewer.Core.Network.Dimse;
using PacsViewer.Core.Network.UpperLayer;

namespace PacsViewer.Core.Archive;

/// <summary>
/// Tests a PACS connection as the admin screen's Test button and the readiness check do. DIMSE: a C-ECHO
/// (PS3.4 A.4) then a study-level C-FIND (PS3.4 C.6.2.1) asking for one study; DICOMweb: a QIDO-RS
/// <c>studies?limit=1</c> (PS3.18 10.6) with the connection's credentials. One attempt, no retries, bounded by a
/// timeout; the answer is a <see cref="SourceProbeResult"/> with the round trip or the reason of the failure
/// (connection refused, timeout, association rejected, an HTTP status such as 401). It never throws for a peer's failure.
/// </summary>
public sealed class SourceProbe(TimeProvider time)
{
    /// <summary>The longest a probe waits when the caller gives no shorter timeout.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public async Task<SourceProbeResult> ProbeAsync(PacsSourceOptions source, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var limit = timeout ?? DefaultTimeout;
        if (limit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), "the probe timeout must be positive");
        }
        var started = Stopwatch.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        try
        {
            var message = source.Kind switch
            {
                PacsSourceKind.Dimse => await ProbeDimseAsync(source, limit, deadline.Token).ConfigureAwait(false),
                PacsSourceKind.DicomWeb => await ProbeDicomWebAsync(source, limit, deadline.Token).ConfigureAwait(false),
                _ => "the built-in archive needs no test",
            };
            return Result(source, true, started, message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Result(source, false, started, $"timeout: no answer within {limit.TotalSeconds:0.#} s");
        }
        catch (ProbeFailedException e)
        {
            return Result(source, false, started, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Result(source, false, started, Describe(e, limit));
        }
    }

    private SourceProbeResult Result(PacsSourceOptions source, bool success, long started, string message) =>
        new(source.Name, success, Stopwatch.GetElapsedTime(started), message, time.GetUtcNow());

    private static async Task<string> ProbeDimseAsync(PacsSourceOptions source, TimeSpan limit, CancellationToken cancellationToken)
    {
        var settings = PacsSourceRegistration.DimseClientOptions(source);
        var options = settings with { Association = settings.Association with { ArtimTimeout = Min(limit, settings.Association.ArtimTimeout), DimseTimeout = Min(limit, settings.Association.DimseTimeout) } };
        var peer = new DicomPeer(source.Host!, source.Port, source.AeTitle!);
        var client = new DicomClient(options);
        var echo = Stopwatch.GetTimestamp();
        var status = await client.EchoAsync(peer, cancellationToken).ConfigureAwait(false);
        if (!status.IsSuccess)
        {
            throw new ProbeFailedException($"C-ECHO answered status 0x{status.Code:X4}");
        }
        var echoTime = Stopwatch.GetElapsedTime(echo);
        var find = Stopwatch.GetTimestamp();
        // A study-level C-FIND through the source's own query code, stopped (C-CANCEL) after the first study.
        var query = new DimseStudySource(source.Name, peer, client, Path.Combine(Path.GetTempPath(), "pacsviewer-probe"));
        var studies = 0;
        await foreach (var _ in query.SearchStudiesAsync(new StudyQuery { Limit = 1 }, cancellationToken).ConfigureAwait(false))
        {
            studies++;
        }
        return $"C-ECHO {Milliseconds(echoTime)} ms, C-FIND {Milliseconds(Stopwatch.GetElapsedTime(find))} ms ({studies} {(studies == 1 ? "study" : "studies")} with limit 1)";
    }

    private static async Task<string> ProbeDicomWebAsync(PacsSourceOptions source, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var handler = new DicomWebAuthenticationHandler(source.UserName, source.Password, source.BearerToken)
        {
            InnerHandler = new SocketsHttpHandler { ConnectTimeout = limit, AllowAutoRedirect = false },
        };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        PacsSourceRegistration.ConfigureDicomWebClient(client, source);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("studies?limit=1", UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/dicom+json"));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var what = response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => "credentials refused",
                HttpStatusCode.Forbidden => "access forbidden",
                HttpStatusCode.NotFound => "no QIDO-RS service at this URL",
                _ => response.ReasonPhrase ?? "failed",
            };
            throw new ProbeFailedException($"QIDO-RS answered HTTP {(int)response.StatusCode} ({what})");
        }
        return $"QIDO-RS answered HTTP {(int)response.StatusCode}";
    }

    /// <summary>The reason of a failure in an admin's words, from the innermost exception that says it best.</summary>
    private static string Describe(Exception error, TimeSpan limit)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return "connection refused";
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain }:
                    return "host not found";
                case SocketException { SocketErrorCode: SocketError.TimedOut }:
                case DicomTimeoutException:
                case TimeoutException:
                    return $"timeout: no answer within {limit.TotalSeconds:0.#} s";
                case AssociationRejectedException rejected:
                    return $"association rejected ({rejected.Rejection.Describe()})";
                case DimseFailureException failure:
                    return $"C-FIND failed: {failure.Message}";
            }
        }
        return error is StudySourceException { InnerException: { } inner } ? inner.Message : error.Message;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static long Milliseconds(TimeSpan span) => (long)Math.Round(span.TotalMilliseconds);

    /// <summary>A peer answered, but not with success.</summary>
    private sealed class ProbeFailedException(string message) : Exception(message);
}
