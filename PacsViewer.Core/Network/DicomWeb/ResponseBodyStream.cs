namespace PacsViewer.Core.Network.DicomWeb;

/// <summary>
/// A read-only view of a response body with two bounds: more than <paramref name="limit"/> bytes fail with
/// <see cref="InvalidDataException"/> (a runaway answer cannot grow memory without bound), and a read that gets no
/// data for <paramref name="idleTimeout"/> fails with <see cref="TimeoutException"/> (a server stalling in the middle
/// of a streamed body cannot hang the caller).
/// </summary>
internal sealed class ResponseBodyStream(Stream inner, long limit, TimeSpan idleTimeout) : Stream
{
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(idleTimeout);
        try
        {
            return Count(await inner.ReadAsync(buffer, idle.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the server sent nothing for {idleTimeout.TotalSeconds:0.#} s in the middle of the response", e);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Count(int n)
    {
        _read += n;
        return _read > limit ? throw new InvalidDataException($"the response is larger than the limit of {limit} bytes") : n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
