using System.Net.Http.Headers;
using System.Text;

namespace PacsViewer.Core.Network.DicomWeb;

/// <summary>
/// Reads the body parts of a <c>multipart/related</c> payload (RFC 2387; syntax of RFC 2046 5.1.1; PS3.18 8.6.1.2)
/// from a stream as they arrive. Only a bounded window of the stream is held: each part's body is handed out as a
/// stream that ends at the next delimiter, so a whole study is never buffered. Anything malformed (no opening
/// delimiter, headers over the limit, a stream that stops before the closing delimiter) throws
/// <see cref="MultipartFormatException"/>.
/// </summary>
/// <remarks>The part bodies are read with <c>ReadAsync</c>; one part is readable at a time.</remarks>
public sealed class MultipartRelatedReader
{
    /// <summary>Default limit on the header block of one part.</summary>
    public const int DefaultMaxHeaderBytes = 16 * 1024;

    // RFC 2046 5.1.1: a boundary has 1 to 70 characters; be lenient with servers that write a little more.
    private const int MaxBoundaryLength = 200;
    private const int MaxTransportPadding = 256;

    private readonly Stream _stream;
    private readonly byte[] _delimiter; // CRLF "--" boundary
    private readonly int _maxHeaderBytes;
    private readonly byte[] _buffer;
    private int _start;
    private int _end;
    private int _clearUntil; // bytes in [_start, _clearUntil) are body bytes (no delimiter starts there)
    private long _bufferOffset = -2; // body offset of _buffer[0]; the two seeded CRLF bytes come before the body
    private bool _endOfStream;
    private State _state = State.Preamble;
    private int _partCount;
    private PartStream? _current;

    public MultipartRelatedReader(Stream stream, string boundary, int maxHeaderBytes = DefaultMaxHeaderBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxHeaderBytes, 64);
        if (string.IsNullOrEmpty(boundary) || boundary.Length > MaxBoundaryLength || boundary.Any(c => c > 126 || c < 32))
        {
            throw new MultipartFormatException(
                $"malformed multipart/related body: the boundary must be 1 to {MaxBoundaryLength} printable ASCII characters (RFC 2046 5.1.1)");
        }
        _stream = stream;
        Boundary = boundary;
        _delimiter = Encoding.ASCII.GetBytes("\r\n--" + boundary);
        _maxHeaderBytes = maxHeaderBytes;
        _buffer = new byte[Math.Max(64 * 1024, maxHeaderBytes + _delimiter.Length + 8)];
        // The first delimiter may open the body without a preceding CRLF (RFC 2046 5.1.1): seed one, so that every
        // delimiter is searched for the same way.
        _buffer[0] = (byte)'\r';
        _buffer[1] = (byte)'\n';
        _end = 2;
    }

    private enum State { Preamble, InBody, AfterDelimiter, Done }

    /// <summary>The boundary parameter this reader splits on.</summary>
    public string Boundary { get; }

    /// <summary>
    /// A reader for an HTTP body whose Content-Type is <paramref name="contentType"/>; throws
    /// <see cref="MultipartFormatException"/> when it is not <c>multipart/related</c> or has no boundary.
    /// </summary>
    public static MultipartRelatedReader Create(Stream stream, string? contentType, int maxHeaderBytes = DefaultMaxHeaderBytes) =>
        new(stream, GetBoundary(contentType), maxHeaderBytes);

    /// <summary>The boundary parameter of a multipart Content-Type (RFC 2046 5.1.1).</summary>
    public static string GetBoundary(string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var parsed))
        {
            throw new MultipartFormatException($"malformed multipart/related body: the Content-Type '{contentType}' cannot be parsed");
        }
        if (parsed.MediaType is null || !parsed.MediaType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            throw new MultipartFormatException($"expected a multipart/related body, got Content-Type {parsed.MediaType}");
        }
        return DicomWebMediaTypes.GetParameter(parsed, "boundary") is { Length: > 0 } boundary
            ? boundary
            : throw new MultipartFormatException($"malformed multipart/related body: the Content-Type {parsed.MediaType} has no boundary parameter");
    }

    /// <summary>
    /// The next part, or null after the closing delimiter. Whatever was left unread of the previous part is skipped
    /// (read and discarded, never buffered).
    /// </summary>
    public async Task<MultipartPart?> ReadNextPartAsync(CancellationToken cancellationToken = default)
    {
        if (_state == State.Done)
        {
            return null;
        }
        if (_state is State.Preamble or State.InBody)
        {
            await SkipBodyAsync(cancellationToken).ConfigureAwait(false);
        }
        _current?.Detach();
        _current = null;

        // RFC 2046 5.1.1: after the boundary either "--" (close delimiter) or transport padding and CRLF.
        await EnsureAsync(2, cancellationToken).ConfigureAwait(false);
        if (Available >= 2 && _buffer[_start] == '-' && _buffer[_start + 1] == '-')
        {
            _start += 2;
            _state = State.Done;
            return null; // the epilogue, if any, is ignored
        }
        await SkipDelimiterLineEndAsync(cancellationToken).ConfigureAwait(false);
        var headers = await ReadHeadersAsync(cancellationToken).ConfigureAwait(false);
        _state = State.InBody;
        _clearUntil = _start;
        _partCount++;
        _current = new PartStream(this);
        return new MultipartPart(headers, _current);
    }

    private int Available => _end - _start;

    private long Offset => _bufferOffset + _start;

    private async Task SkipBodyAsync(CancellationToken cancellationToken)
    {
        var scratch = new byte[8192];
        while (await ReadBodyAsync(scratch, cancellationToken).ConfigureAwait(false) > 0)
        {
        }
    }

    /// <summary>Reads body bytes of the current part (or the preamble); 0 at the delimiter that ends it.</summary>
    private async ValueTask<int> ReadBodyAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (_state is not (State.Preamble or State.InBody))
        {
            return 0;
        }
        if (destination.IsEmpty)
        {
            return 0;
        }
        while (true)
        {
            if (_start < _clearUntil)
            {
                var n = Math.Min(_clearUntil - _start, destination.Length);
                _buffer.AsSpan(_start, n).CopyTo(destination.Span);
                _start += n;
                return n;
            }
            var window = _buffer.AsSpan(_start, Available);
            var index = window.IndexOf(_delimiter);
            if (index == 0)
            {
                _start += _delimiter.Length;
                _state = State.AfterDelimiter;
                return 0;
            }
            if (index > 0)
            {
                _clearUntil = _start + index;
                continue;
            }
            // A delimiter may begin in the last (length - 1) bytes: keep them until more arrive.
            var safe = Available - (_delimiter.Length - 1);
            if (safe > 0)
            {
                _clearUntil = _start + safe;
                continue;
            }
            if (_endOfStream)
            {
                throw _state == State.Preamble
                    ? new MultipartFormatException($"no delimiter line '--{Boundary}' found (wrong boundary, or not multipart)", Offset)
                    : new MultipartFormatException($"the body ended inside part {_partCount} before its closing delimiter '--{Boundary}--' (truncated)", Offset);
            }
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SkipDelimiterLineEndAsync(CancellationToken cancellationToken)
    {
        var padding = 0;
        while (true)
        {
            await EnsureAsync(2, cancellationToken).ConfigureAwait(false);
            if (Available < 2)
            {
                throw new MultipartFormatException(
                    $"the body ended after a delimiter without the closing '--{Boundary}--' (truncated)", Offset);
            }
            var b = _buffer[_start];
            if (b == '\r' && _buffer[_start + 1] == '\n')
            {
                _start += 2;
                return;
            }
            if ((b != ' ' && b != '\t') || ++padding > MaxTransportPadding)
            {
                throw new MultipartFormatException(
                    $"the delimiter '--{Boundary}' is followed by byte 0x{b:X2} instead of CRLF or '--'", Offset);
            }
            _start++;
        }
    }

    private async Task<IReadOnlyDictionary<string, string>> ReadHeadersAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var window = _buffer.AsSpan(_start, Available);
            if (window.Length >= 2 && window[0] == '\r' && window[1] == '\n')
            {
                _start += 2; // no header fields: the part is text/plain (RFC 2046 5.1)
                return new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            }
            var end = window.IndexOf("\r\n\r\n"u8);
            if (end > _maxHeaderBytes || (end < 0 && window.Length > _maxHeaderBytes))
            {
                throw new MultipartFormatException($"the headers of part {_partCount + 1} are longer than {_maxHeaderBytes} bytes", Offset);
            }
            if (end >= 0)
            {
                var headers = ParseHeaders(window[..end], Offset);
                _start += end + 4;
                return headers;
            }
            if (_endOfStream)
            {
                throw new MultipartFormatException($"the body ended inside the headers of part {_partCount + 1} (truncated)", Offset);
            }
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private Dictionary<string, string> ParseHeaders(ReadOnlySpan<byte> block, long offset)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? lastName = null;
        foreach (var line in Encoding.Latin1.GetString(block).Split("\r\n"))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && lastName is not null)
            {
                headers[lastName] += " " + line.Trim(); // obsolete line folding (RFC 5322 2.2.3)
                continue;
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new MultipartFormatException($"a header line of part {_partCount + 1} has no field name and colon", offset);
            }
            lastName = line[..colon].Trim();
            headers[lastName] = line[(colon + 1)..].Trim();
        }
        return headers;
    }

    /// <summary>Reads until at least <paramref name="count"/> bytes are buffered or the stream ends.</summary>
    private async Task EnsureAsync(int count, CancellationToken cancellationToken)
    {
        while (Available < count && !_endOfStream)
        {
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        if (_end == _buffer.Length)
        {
            if (_start == 0)
            {
                // Cannot happen with the invariants above (the buffer exceeds the header limit and the delimiter).
                throw new InvalidOperationException("multipart read buffer is full");
            }
            _buffer.AsSpan(_start, Available).CopyTo(_buffer);
            _bufferOffset += _start;
            _clearUntil = Math.Max(0, _clearUntil - _start);
            _end -= _start;
            _start = 0;
        }
        var n = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        if (n == 0)
        {
            _endOfStream = true;
        }
        _end += n;
    }

    /// <summary>The body of one part: reads stop at the delimiter that ends it.</summary>
    private sealed class PartStream(MultipartRelatedReader reader) : Stream
    {
        private MultipartRelatedReader? _reader = reader;
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public void Detach() => _reader = null;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_reader is null)
            {
                return 0; // the reader has moved on to the next part
            }
            var n = await _reader.ReadBodyAsync(buffer, cancellationToken).ConfigureAwait(false);
            _position += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) =>
            throw new NotSupportedException("a multipart part body is read asynchronously (ReadAsync)");

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
