using System.Net.Sockets;

namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>
/// The association's transport with room for a few bytes read ahead: <see cref="PduReader"/> reads a P-DATA-TF body
/// together with up to the 6 header bytes of the next PDU (PS3.8 9.3.1) when they have already arrived, and gives
/// them back here, so the next header needs no read from the socket. Writes go straight through (never buffered), so
/// one reader and one writer may use it at once, as the association does.
/// </summary>
internal sealed class PduReadAheadStream(Stream inner, Socket? socket = null) : Stream
{
    /// <summary>The stream whose reads may block on the current thread (a <see cref="ReceiveThread"/>), if any.</summary>
    [ThreadStatic]
    private static PduReadAheadStream? t_blocking;

    private readonly byte[] _ahead = new byte[PduReader.HeaderLength];
    private volatile bool _unblocked;

    private int _offset;
    private int _count;

    /// <summary>Bytes read ahead and not yet consumed.</summary>
    public int Buffered => _count;

    /// <summary>Keeps bytes read past the end of a PDU; only when nothing read ahead is left, at most one header.</summary>
    public void Unread(ReadOnlySpan<byte> bytes)
    {
        if (_count != 0 || bytes.Length > _ahead.Length)
        {
            throw new InvalidOperationException($"cannot keep {bytes.Length} bytes read ahead ({_count} still unread)");
        }
        bytes.CopyTo(_ahead);
        _offset = 0;
        _count = bytes.Length;
    }

    /// <summary>Consumes a whole PDU header read ahead (<see cref="Buffered"/> is 6) and checks it (PS3.8 9.3.1).</summary>
    public PduType TakeHeader(PduLimits limits, out uint length)
    {
        if (_count != PduReader.HeaderLength)
        {
            throw new InvalidOperationException($"{_count} bytes read ahead, not a whole PDU header");
        }
        var header = _ahead.AsSpan(_offset, PduReader.HeaderLength);
        _offset += PduReader.HeaderLength;
        _count = 0;
        return PduReader.CheckHeader(header, limits, out length);
    }

    /// <summary>
    /// From now until the result is disposed, reads made on the current thread block it until bytes arrive (a socket
    /// read, not an asynchronous one); null when the stream has no socket to unblock (then reads stay asynchronous).
    /// </summary>
    public IDisposable? AllowBlockingReads()
    {
        if (socket is null)
        {
            return null;
        }
        t_blocking = this;
        return new BlockingScope();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_count == 0 || buffer.Length == 0)
        {
            return t_blocking == this && buffer.Length != 0 ? new ValueTask<int>(BlockingRead(buffer.Span, cancellationToken)) : inner.ReadAsync(buffer, cancellationToken);
        }
        var n = Math.Min(_count, buffer.Length);
        _ahead.AsSpan(_offset, n).CopyTo(buffer.Span);
        _offset += n;
        _count -= n;
        return ValueTask.FromResult(n);
    }

    /// <summary>
    /// One read that blocks this thread. The token (the receive timer, or the caller's) cannot interrupt a blocked
    /// read, so when it fires it shuts the socket down for reading, which wakes the read with nothing; the read then
    /// ends as cancelled, as an asynchronous read would (the association is aborted either way: the reading side of
    /// the socket stays shut).
    /// </summary>
    private int BlockingRead(Span<byte> buffer, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        int read;
        using (cancellationToken.UnsafeRegister(static state => ((PduReadAheadStream)state!).Unblock(), this))
        {
            try
            {
#pragma warning disable CA1849 // Blocking is the point: this thread is the association's own (ReceiveThread).
                if (!_unblocked && inner is NetworkStream)
                {
                    // Wait in poll(2), which the kernel wakes directly: a socket that has been used asynchronously stays
                    // non-blocking, and its synchronous Receive would wait for the socket engine's event thread to
                    // signal it instead. Not through TLS: SslStream may hold decrypted bytes the socket no longer has.
                    socket!.Poll(-1, SelectMode.SelectRead);
                }
                read = _unblocked ? 0 : inner.Read(buffer);
#pragma warning restore CA1849
            }
            catch (IOException) when (_unblocked)
            {
                read = 0;
            }
            catch (SocketException e)
            {
                // From poll: the association's read paths treat a broken transport as an IOException.
                throw new IOException(e.Message, e);
            }
        }
        if (_unblocked)
        {
            throw new OperationCanceledException("the read was cancelled (its timer expired)", cancellationToken);
        }
        return read;
    }

    private void Unblock()
    {
        _unblocked = true;
        try
        {
            socket!.Shutdown(SocketShutdown.Receive);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Closed meanwhile: the read has ended already.
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("the association reads asynchronously");

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("the association writes asynchronously");

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private sealed class BlockingScope : IDisposable
    {
        public void Dispose() => t_blocking = null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
