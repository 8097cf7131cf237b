using System.Net;

namespace PacsViewer.Core.Network.DicomWeb;

/// <summary>
/// A DICOMweb request failed: the server was unreachable or timed out, answered an error status, or sent a body we
/// cannot read (malformed multipart or DICOM JSON). The message names the method and the URL path, never the query
/// string (which may hold patient matching keys) nor credentials.
/// </summary>
public sealed class DicomWebException : Exception
{
    public DicomWebException(string method, string path, HttpStatusCode? statusCode, string problem, Exception? innerException = null)
        : base(statusCode is { } s ? $"DICOMweb {method} {path}: HTTP {(int)s} {s}: {problem}" : $"DICOMweb {method} {path}: {problem}", innerException)
    {
        Method = method;
        Path = path;
        StatusCode = statusCode;
    }

    public string Method { get; }

    /// <summary>The request's URL path (no query string).</summary>
    public string Path { get; }

    /// <summary>The HTTP status, when the server answered one.</summary>
    public HttpStatusCode? StatusCode { get; }
}
