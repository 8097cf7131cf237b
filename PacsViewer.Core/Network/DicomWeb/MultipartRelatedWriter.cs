using System.Security.Cryptography;
using System.Text;

namespace PacsViewer.Core.Network.DicomWeb;

/// <summary>
/// Writes a <c>multipart/related</c> body (RFC 2387, RFC 2046 5.1.1) part by part to a stream: each part's headers,
/// then its body copied from whatever the caller hands over, so nothing beyond the part being copied is held.
/// Call <see cref="CompleteAsync"/> once for the closing delimiter.
/// </summary>
public sealed class MultipartRelatedWriter
{
    private readonly Stream _destination;
    private bool _started;
    private bool _completed;

    public MultipartRelatedWriter(Stream destination, string boundary)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentException.ThrowIfNullOrEmpty(boundary);
        _destination = destination;
        Boundary = boundary;
    }

    public string Boundary { get; }

    /// <summary>A fresh boundary of 40 random hex digits (well within RFC 2046's 70 characters).</summary>
    public static string NewBoundary() => "pacsviewer-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Writes one part: the delimiter line, the header fields, a blank line, then <paramref name="writeBody"/>.</summary>
    public async Task WritePartAsync(IEnumerable<KeyValuePair<string, string>> headers, Func<Stream, CancellationToken, Task> writeBody,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(writeBody);
        ObjectDisposedException.ThrowIf(_completed, this);
        var head = new StringBuilder();
        head.Append(_started ? "\r\n--" : "--").Append(Boundary).Append("\r\n");
        foreach (var (name, value) in headers)
        {
            if (name.AsSpan().ContainsAny("\r\n:") || value.AsSpan().ContainsAny("\r\n"))
            {
                throw new ArgumentException($"header field '{name}' has a line break or colon in it", nameof(headers));
            }
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        head.Append("\r\n");
        _started = true;
        await _destination.WriteAsync(Encoding.Latin1.GetBytes(head.ToString()), cancellationToken).ConfigureAwait(false);
        await writeBody(_destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes one part whose body is copied from <paramref name="body"/>.</summary>
    public Task WritePartAsync(string contentType, Stream body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        return WritePartAsync([new("Content-Type", contentType)], (d, ct) => body.CopyToAsync(d, ct), cancellationToken);
    }

    /// <summary>Writes the close delimiter (RFC 2046 5.1.1); a body without parts still gets one.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        _completed = true;
        var close = (_started ? "\r\n--" : "--") + Boundary + "--\r\n";
        await _destination.WriteAsync(Encoding.ASCII.GetBytes(close), cancellationToken).ConfigureAwait(false);
    }
}
